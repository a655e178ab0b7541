"""An evaluation campaign: checklist import, self-assessment, expert scoring, result and
rectification cases; each step by its actor only, in its state only."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from edugov.casework.models import Case
from edugov.core.context import acting

from ..importers import IndicatorImporter
from ..models import Campaign, Indicator
from ..services import (
    campaign_finish,
    campaign_save,
    campaign_score,
    campaign_self_assess,
    campaign_start,
    campaign_submit_self,
    grade_for,
)
from .conftest import NOW

pytestmark = pytest.mark.django_db


def run(user, rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([c.field for c in IndicatorImporter.columns])
    w.writerows(rows)
    content = buf.getvalue().encode()
    with acting(user):
        return IndicatorImporter(user).run(io.BytesIO(content), "f.csv", len(content))


@pytest.fixture
def campaign(cast):
    with acting(cast.donghu_officer):
        return campaign_save(
            campaign=Campaign(
                code="XZ-2023-01",
                title="育新学校校长任期结束综合督导评估",
                kind="principal_term",
                year=2023,
                unit=cast.donghu,
                evaluated_unit=cast.donghu_school,
            ),
            user=cast.donghu_officer,
        )


def test_the_checklist_import_names_bad_rows_and_writes_nothing(cast, campaign):
    report = run(
        cast.donghu_officer,
        [
            ["XZ-2023-01", "A1", "党的建设", "60", ""],
            ["XZ-2023-01", "A2", "立德树人", "abc", ""],
            ["NOPE", "A3", "学校治理", "10", ""],
        ],
    )
    errors = "\n".join(report.errors)
    assert "第 3 行" in errors and "第 4 行" in errors and "第 2 行" not in errors
    assert not Indicator.objects.exists()
    # Another district cannot fill this campaign's checklist.
    assert not run(cast.jinxian_principal, [["XZ-2023-01", "A1", "党的建设", "60", ""]]).ok


def test_the_flow_scores_grades_and_opens_cases(cast, campaign):
    assert run(
        cast.donghu_officer,
        [
            ["XZ-2023-01", "A1", "党的建设", "60", "会议纪要"],
            ["XZ-2023-01", "A2", "安全卫生", "40", ""],
        ],
    ).ok
    a1, a2 = campaign.indicators.order_by("code")
    school, district = cast.donghu_principal, cast.donghu_officer
    with acting(school), pytest.raises(PermissionDenied):
        campaign_self_assess(campaign=campaign, user=school, answers={a1.pk: {"score": "50"}})
    with acting(district):
        campaign_start(campaign=campaign, user=district)
    campaign.refresh_from_db()
    with acting(school), pytest.raises(ValidationError) as exc:
        campaign_self_assess(campaign=campaign, user=school, answers={a1.pk: {"score": "70"}})
    assert "A1" in exc.value.messages[0]
    with acting(school), pytest.raises(ValidationError):
        campaign_submit_self(campaign=campaign, user=school)
    with acting(school):
        campaign_self_assess(
            campaign=campaign,
            user=school,
            answers={a1.pk: {"score": "55", "note": "定期研究"}, a2.pk: {"score": "38"}},
        )
        campaign_submit_self(campaign=campaign, user=school)
    campaign.refresh_from_db()
    # The school never scores itself; another district cannot.
    for outsider in (school, cast.jinxian_principal):
        with acting(outsider), pytest.raises(PermissionDenied):
            campaign_score(campaign=campaign, user=outsider, answers={a1.pk: {"score": "60"}})
    with acting(district), pytest.raises(ValidationError):
        campaign_finish(campaign=campaign, user=district, conclusion="x")
    with acting(district):
        campaign_score(
            campaign=campaign,
            user=district,
            answers={a1.pk: {"score": "52"}, a2.pk: {"score": "28", "note": "校舍隐患未闭环"}},
        )
        campaign_finish(
            campaign=campaign, user=district, conclusion="合格", rectify=[a2.pk], now=NOW
        )
    campaign.refresh_from_db()
    assert campaign.total_score == Decimal("80") and campaign.grade == "良好"
    case = Case.objects.get()
    assert case.lead_unit == cast.donghu_school and case.case_type == "inspection_rectify"
    assert Indicator.objects.get(pk=a2.pk).case == case
    with acting(district), pytest.raises(PermissionDenied):
        campaign_finish(campaign=campaign, user=district, conclusion="again")


def test_grades_follow_the_configured_bands(settings):
    assert grade_for(Decimal(90), Decimal(100)) == "优秀"
    assert grade_for(Decimal(64.9), Decimal(100)) == "不合格"
    settings.EDUGOV_INSPECTION_GRADES = ((60, "达标"), (0, "不达标"))
    assert grade_for(Decimal(64.9), Decimal(100)) == "达标"
