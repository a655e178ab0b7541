"""年检 from self-report to result: bad input names its item and writes nothing; a 不合格
result opens a rectification case, turns the tier 红 and opens a disposal case; the
form's import refuses a bad row by number and writes nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from edugov.casework.models import Case
from edugov.core.context import acting
from edugov.core.io.registry import IMPORTERS

from ..models import InspectionItem, ItemAnswer, RiskAssessment
from ..services import (
    inspection_review,
    inspection_self_report,
    inspection_submit,
    round_publish,
)
from .factories import NOW, inspection_round, private_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(cast):
    private_school(cast.donghu_officer, cast.donghu, "1136000101", "东湖区民办启明幼儿园")
    r = inspection_round(cast.donghu_officer, cast.donghu, "NJ2023-DH")
    return r.inspections.get()


def scores(inspection, **by_code):
    return {
        a.pk: {"score": by_code.get(a.item.code, a.item.max_score), "note": ""}
        for a in inspection.answers.select_related("item")
    }


def test_the_self_report_rejects_a_bad_score_naming_the_item_and_writes_nothing(cast, inspection):
    good = scores(inspection, A1="8")
    bad = {**good}
    b1 = inspection.answers.get(item__code="B1").pk
    c1 = inspection.answers.get(item__code="C1").pk
    bad[b1] = {"score": "abc"}
    bad[c1] = {"score": "25"}  # over the full marks of 20
    with acting(cast.donghu_officer), pytest.raises(ValidationError) as err:
        inspection_self_report(inspection=inspection, user=cast.donghu_officer, answers=bad)
    messages = " ".join(err.value.messages)
    assert "B1" in messages and "C1" in messages
    assert not ItemAnswer.objects.filter(inspection=inspection, self_score__isnull=False).exists()


def test_the_self_report_page_shows_the_error_and_stores_nothing(cast, inspection, client_for):
    from django.urls import reverse

    a1 = inspection.answers.get(item__code="A1")
    response = client_for(cast.donghu_officer).post(
        reverse("private:inspection_self", args=[inspection.pk]), {f"score_{a1.pk}": "-3"}
    )
    assert response.status_code == 400
    assert "A1" in response.content.decode()
    assert ItemAnswer.objects.filter(self_score__isnull=False).count() == 0


def test_another_districts_school_cannot_self_report_nor_review(cast, inspection):
    with acting(cast.jinxian_principal), pytest.raises(PermissionDenied):
        inspection_self_report(
            inspection=inspection, user=cast.jinxian_principal, answers=scores(inspection)
        )


def test_the_school_account_reports_but_cannot_review_its_own(cast, inspection):
    from edugov.conftest import make_user

    school_user = make_user("qiming", "school_admin", inspection.school)
    with acting(school_user):
        inspection_self_report(inspection=inspection, user=school_user, answers=scores(inspection))
        inspection_submit(inspection=inspection, user=school_user)
        with pytest.raises(PermissionDenied):
            inspection_review(
                inspection=inspection,
                user=school_user,
                answers=scores(inspection),
                conclusion="自评良好",
                now=NOW,
            )


def test_a_failed_inspection_opens_rectification_turns_red_and_opens_disposal(cast, inspection):
    officer = cast.donghu_officer
    with acting(officer):
        inspection_self_report(inspection=inspection, user=officer, answers=scores(inspection))
        inspection_submit(inspection=inspection, user=officer)
        with pytest.raises(ValidationError, match="B1"):  # a deduction needs its reason
            inspection_review(
                inspection=inspection,
                user=officer,
                answers=scores(inspection, B1="0", C1="5"),
                conclusion="证照不全",
                now=NOW,
            )
        answers = scores(inspection, B1="0", C1="5")
        for a in inspection.answers.select_related("item"):
            answers[a.pk]["note"] = "缺少消防验收" if a.item.code != "A1" else ""
        done = inspection_review(
            inspection=inspection, user=officer, answers=answers, conclusion="证照不全", now=NOW
        )
    assert (done.review_total, done.result) == (15, "不合格")  # 15 of 50
    rectify = Case.objects.get(pk=done.case_id)
    assert rectify.case_type == "private_rectify" and rectify.lead_unit == inspection.school
    risk = RiskAssessment.objects.get(file__school=inspection.school, year=2023)
    assert risk.tier == "红"
    assert [t["code"] for t in risk.explanation["triggers"]] == ["inspection"]
    disposal = Case.objects.get(pk=risk.case_id)
    assert disposal.case_type == "private_disposal" and disposal.is_open


def test_a_mandatory_item_not_met_caps_the_result_at_basic_pass(cast, inspection):
    officer = cast.donghu_officer
    with acting(officer):
        inspection_self_report(inspection=inspection, user=officer, answers=scores(inspection))
        inspection_submit(inspection=inspection, user=officer)
        answers = scores(inspection, B1="18")
        for a in answers.values():
            a["note"] = "扣分"
        done = inspection_review(
            inspection=inspection, user=officer, answers=answers, conclusion="基本达标", now=NOW
        )
    assert done.result == "基本合格"  # 48 of 50 is 96 %, but B1 is 必达
    assert done.case_id is not None


def test_the_round_publishes_only_when_every_result_is_in(cast, inspection):
    with acting(cast.donghu_officer), pytest.raises(ValidationError, match="1"):
        round_publish(round=inspection.round, user=cast.donghu_officer)


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["round code", "item code", "area", "item", "full marks", "must be met (必达)"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_the_form_import_refuses_a_bad_row_by_number_and_writes_nothing(cast):
    inspection_round(
        cast.donghu_officer, cast.donghu, "NJ2024-DH", year=2024, items=(), start=False
    )
    importer = IMPORTERS["private.item"](cast.donghu_officer)
    rows = [["NJ2024-DH", f"A{i}", "党的建设", f"党建第{i}项", "5", "否"] for i in range(1, 6)]
    rows.append(["NJ2024-DH", "B1", "办学条件", "证照", "五分", "是"])
    with acting(cast.donghu_officer):
        report = importer.run(*_file(rows))
    assert not report.ok
    assert any(
        "7" in e and ("full marks" in e or "分值" in e or "满分" in e) for e in report.errors
    ), report.errors
    assert InspectionItem.objects.filter(round__code="NJ2024-DH").count() == 0
    rows[-1][4] = "5"
    with acting(cast.donghu_officer):
        report = IMPORTERS["private.item"](cast.donghu_officer).run(*_file(rows))
    assert report.ok and report.created == 6
    with acting(cast.donghu_officer):
        again = IMPORTERS["private.item"](cast.donghu_officer).run(*_file(rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_the_form_import_refuses_a_round_whose_inspections_are_open(cast, inspection):
    rows = [["NJ2023-DH", "D1", "办学行为", "招生", "5", "否"]]
    with acting(cast.donghu_officer):
        report = IMPORTERS["private.item"](cast.donghu_officer).run(*_file(rows))
    assert not report.ok and "2" in report.errors[0]


def _file(rows):
    buf = _xlsx(rows)
    return buf, "form.xlsx", len(buf.getvalue())
