"""Approvals (审批) are casework cases: documents the kind requires, the bureau's moves,
and a closure refused while students have no recorded placement."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.casework.services import case_move
from edugov.conftest import make_user
from edugov.core.context import acting

from .. import config
from ..models import Placement
from ..selectors import published_register
from ..services import approval_open, row_save
from .factories import NOW, private_school

pytestmark = pytest.mark.django_db


def docs(kind):
    return {
        name: SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4 " + name.encode())
        for i, name in enumerate(config.approval_kinds()[kind]["documents"])
    }


@pytest.fixture
def school(cast):
    return private_school(
        cast.donghu_officer,
        cast.donghu,
        "2136000201",
        "东湖区民办明德小学",
        "primary",
        enrolment=120,
    )


def test_an_application_without_every_document_is_refused_naming_the_missing(cast, school):
    documents = docs("closure")
    documents.pop("财务清算报告")
    with acting(cast.donghu_officer), pytest.raises(ValidationError, match="财务清算报告"):
        approval_open(
            file=school, user=cast.donghu_officer, kind="closure", documents=documents, now=NOW
        )


def test_the_school_itself_cannot_register_an_application(cast, school):
    principal = make_user("mingde", "school_admin", school.school)
    with acting(principal), pytest.raises(PermissionDenied):
        approval_open(
            file=school, user=principal, kind="closure", documents=docs("closure"), now=NOW
        )


def test_a_closure_without_every_student_placed_is_refused_with_the_count(cast, school):
    officer = cast.donghu_officer
    with acting(officer):
        case = approval_open(
            file=school, user=officer, kind="closure", documents=docs("closure"), now=NOW
        )
        assert case.due_at.date() == dt.date(2023, 12, 25)  # 3 months, statutory
        case = case_move(user=officer, case=case, transition="review", now=NOW)
        row_save(
            obj=Placement(
                file=school,
                grade="三年级",
                students=100,
                receiving_school=cast.donghu_school,
                placed_on=dt.date(2023, 9, 1),
            ),
            user=officer,
        )
        with pytest.raises(ValidationError) as err:
            case_move(user=officer, case=case, transition="approve", outcome="同意终止", now=NOW)
        assert "20" in err.value.messages[0] and "120" in err.value.messages[0]
        case.refresh_from_db()
        assert case.state == "reviewing"
        row_save(
            obj=Placement(
                file=school,
                grade="五年级",
                students=20,
                receiving_name="新建区某小学",
                placed_on=dt.date(2023, 9, 1),
            ),
            user=officer,
        )
        case = case_move(user=officer, case=case, transition="approve", outcome="同意终止", now=NOW)
    assert case.state == "approved" and not case.is_open
    # An approved closure leaves the public register.
    assert "东湖区民办明德小学" not in {r["name"] for r in published_register()}


def test_a_school_reads_its_application_but_cannot_decide_it(cast, school):
    principal = make_user("mingde", "school_admin", school.school)
    with acting(cast.donghu_officer):
        case = approval_open(
            file=school,
            user=cast.donghu_officer,
            kind="change_name",
            documents=docs("change_name"),
            now=NOW,
        )
    from edugov.casework.models import Case

    assert Case.objects.visible_to(principal, "view").filter(pk=case.pk).exists()
    with acting(principal), pytest.raises(PermissionDenied):
        case_move(user=principal, case=case, transition="review", now=NOW)


def test_a_compulsory_school_may_not_disclose_related_party_trade(cast, school):
    from ..models import RelatedPartyTransaction

    with acting(cast.donghu_officer), pytest.raises(ValidationError, match="Art.45|第四十五|45"):
        row_save(
            obj=RelatedPartyTransaction(
                file=school,
                year=2023,
                party="某公司",
                description="租赁",
                amount=1,
                disclosed_on=dt.date(2023, 1, 1),
            ),
            user=cast.donghu_officer,
        )
