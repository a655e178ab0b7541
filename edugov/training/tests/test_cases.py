"""The loops on casework: a finding opens a ``training_case`` and, ordered, moves the
institution to 整改; the complaint's moves in scope, out of scope and without the
permission; a 12345 order linked to an institution, never copied."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from edugov.casework.models import Case
from edugov.casework.services import case_move
from edugov.core.context import acting
from edugov.hotline.models import HotlineOrder
from edugov.hotline.services import order_receive

from ..models import Complaint, FieldRecord, Finding
from ..services import complaint_link_hotline, finding_record, record_save
from .world import NOW

pytestmark = pytest.mark.django_db


def record(user, inst=None, **kw):
    with acting(user):
        return record_save(
            user=user,
            record=FieldRecord(
                institution=inst, visited_on=dt.date(2023, 9, 26), inspectors="执法员", **kw
            ),
        )


def test_a_disguised_finding_ordered_to_rectify_moves_the_institution(cast, world):
    from edugov.org.models import Unit

    inst = world["donghu"]
    rec = record(cast.city_admin, inst)
    supervision = Unit.objects.get(name="校外教育培训监管科")
    with acting(cast.city_admin):
        finding = finding_record(
            user=cast.city_admin,
            record=rec,
            kind="labelled",
            description="以研学营名义开设数学课",
            order_rectify=True,
            co_units=[supervision],
            joint_departments="市场监管局",
            now=NOW,
        )
    inst.refresh_from_db()
    assert inst.status == "rectify" and finding.disguised
    case = Case.objects.get(pk=finding.case_id)
    assert case.state == "rectifying" and case.lead_unit == cast.donghu
    assert case.attrs["joint_departments"] == "市场监管局"
    assert list(case.co_units.all()) == [supervision] and case.unit == cast.city


def test_an_unlicensed_operator_is_recorded_and_another_district_cannot_add_findings(cast, world):
    rec = record(
        cast.donghu_officer, operator="无证托管班", place="某小区 3 栋", district=cast.donghu
    )
    with acting(cast.donghu_officer):
        finding = finding_record(
            user=cast.donghu_officer, record=rec, kind="unlicensed", description="无证办学", now=NOW
        )
    assert finding.case.subject_label == "无证托管班" and rec.district == cast.donghu
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        finding_record(
            user=cast.donghu_officer,
            record=rec,
            kind="times",
            description="x",
            order_rectify=True,
            now=NOW,
        )
    rec = FieldRecord.objects.filter(district=cast.jinxian).first()
    with acting(cast.donghu_officer), pytest.raises(PermissionDenied):
        finding_record(
            user=cast.donghu_officer, record=rec, kind="places", description="x", now=NOW
        )
    assert Finding.objects.filter(record=rec).count() == 1


def test_the_complaint_moves_in_scope_out_of_scope_and_without_permission(cast, world):
    donghu = Complaint.objects.get(institution=world["donghu"]).case
    jinxian = Complaint.objects.get(institution=world["jinxian"]).case
    with acting(cast.jinxian_principal), pytest.raises(PermissionDenied):
        case_move(user=cast.jinxian_principal, case=jinxian, transition="accept", now=NOW)
    with acting(cast.donghu_officer), pytest.raises(PermissionDenied):
        case_move(user=cast.donghu_officer, case=jinxian, transition="accept", now=NOW)
    with acting(cast.donghu_officer):
        case_move(user=cast.donghu_officer, case=donghu, transition="accept", now=NOW)
        case_move(
            user=cast.donghu_officer,
            case=donghu,
            transition="answer",
            outcome="已核查，责令整改",
            now=NOW,
        )
        done = case_move(user=cast.donghu_officer, case=donghu, transition="close", now=NOW)
    assert done.state == "closed" and not done.is_open


def test_a_12345_order_is_linked_not_copied(cast, world):
    with acting(cast.donghu_officer):
        order = order_receive(
            user=cast.donghu_officer,
            order=HotlineOrder(
                platform_no="NC-T-1",
                received_at=NOW,
                order_type="complaint",
                topic="tutoring",
                content="启航培训退费难",
                caller_phone="13800000000",
            ),
            now=NOW,
        )
        cases = Case.objects.count()
        complaint = complaint_link_hotline(
            user=cast.donghu_officer, institution=world["donghu"], order=order
        )
    assert complaint.case_id == order.case_id and Case.objects.count() == cases
    assert complaint.channel == "hotline" and complaint.contact_phone == ""
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        complaint_link_hotline(user=cast.donghu_officer, institution=world["donghu"], order=order)
    with acting(cast.jinxian_principal), pytest.raises(PermissionDenied):
        complaint_link_hotline(
            user=cast.jinxian_principal, institution=world["jinxian"], order=order
        )
