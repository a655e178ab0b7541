import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from edugov.audit.models import AuditEvent
from edugov.audit.services import audit_record
from edugov.audit.verify import verify_chain
from edugov.core.context import acting
from edugov.org.models import Unit
from edugov.org.services import unit_save

pytestmark = pytest.mark.django_db(transaction=True)


def _events(cast, n=5):
    with acting(cast.city_admin, ip="10.1.2.3", request_id="req-test-0001"):
        for i in range(n):
            audit_record(
                "test.event", object_type="org.unit", object_id=i, changes={"n": [i, i + 1]}
            )


def test_an_untouched_chain_verifies(cast):
    _events(cast)
    report = verify_chain()
    assert report.ok and report.checked == AuditEvent.objects.count()
    call_command("verify_audit")


def test_an_event_records_who_where_and_what(cast):
    _events(cast, 1)
    e = AuditEvent.objects.order_by("-seq").first()
    assert (e.actor_username, e.actor_roles, e.actor_unit, e.ip, e.request_id) == (
        "city_admin",
        "city_admin",
        "南昌市教育局",
        "10.1.2.3",
        "req-test-0001",
    )


def _raw_update(sql, params):
    # Tampering as an attacker with SQL access would; on PostgreSQL the trigger must
    # be bypassed first, which only a superuser can do.
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def test_verify_audit_names_the_first_edited_event(cast):
    _events(cast, 6)
    target = AuditEvent.objects.order_by("seq")[3]
    _raw_update("UPDATE audit_auditevent SET object_id = %s WHERE seq = %s", ["forged", target.seq])
    report = verify_chain()
    assert report.first_bad_seq == target.seq
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("verify_audit")


def test_verify_audit_names_a_deleted_event(cast):
    _events(cast, 6)
    target = AuditEvent.objects.order_by("seq")[2]
    _raw_update("DELETE FROM audit_auditevent WHERE seq = %s", [target.seq])
    assert verify_chain().first_bad_seq == target.seq


def test_verify_audit_notices_events_cut_from_the_end(cast):
    _events(cast, 4)
    last = AuditEvent.objects.order_by("-seq").first()
    _raw_update("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
    assert verify_chain().first_bad_seq == last.seq


def test_the_orm_refuses_to_update_or_delete_events(cast):
    _events(cast, 1)
    e = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        e.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="x")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_update_and_delete_in_the_database(cast):
    from django.db import DatabaseError

    _events(cast, 1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET detail = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent")


def test_a_failed_audit_write_rolls_the_business_change_back(cast, monkeypatch):
    from edugov.audit import services

    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("edugov.org.services.audit_record", broken)
    school = cast.donghu_school
    school.name = "改名未遂"
    with pytest.raises(RuntimeError):
        unit_save(unit=school)
    assert Unit.objects.get(pk=school.pk).name == "东湖区育新学校"
    assert services.audit_record is not broken


def test_a_change_records_old_and_new_values(cast):
    from edugov.audit.services import snapshot

    school = Unit.objects.get(pk=cast.donghu_school.pk)
    before = snapshot(school)
    school.enrolment = 1234
    with acting(cast.donghu_officer):
        unit_save(unit=school, before=before)
    e = AuditEvent.objects.order_by("-seq").first()
    assert e.event_type == "update" and e.changes == {"enrolment": ["800", "1234"]}


def test_audit_admins_search_the_log_and_the_search_is_audited(cast, client_for):
    from django.urls import reverse

    _events(cast, 3)
    client = client_for(cast.auditadmin)
    response = client.get(reverse("audit:list"), {"event_type": "test."})
    assert response.status_code == 200 and response.content.count(b"test.event") == 3
    assert AuditEvent.objects.order_by("-seq").first().event_type == "audit.query"


def test_nobody_else_can_open_the_audit_log(cast, client_for):
    from django.urls import reverse

    for user in (cast.city_admin, cast.sysadmin, cast.secadmin, cast.donghu_officer):
        assert client_for(user).get(reverse("audit:list")).status_code == 404
