import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from edugov.audit.models import AuditEvent
from edugov.audit.retention import audit_purge
from edugov.audit.services import audit_record
from edugov.audit.verify import verify_chain

pytestmark = pytest.mark.django_db(transaction=True)


def _at(when, n, kind="test.event"):
    with time_machine.travel(when, tick=False):
        for i in range(n):
            audit_record(kind, object_id=i)


def test_purge_keeps_the_last_180_days_and_the_chain_verifies():
    t0 = timezone.now() - dt.timedelta(days=400)
    _at(t0, 5, "old")
    _at(t0 + dt.timedelta(days=250), 3, "recent")
    with time_machine.travel(t0 + dt.timedelta(days=400), tick=False):
        assert audit_purge() == 5
    assert not AuditEvent.objects.filter(event_type="old").exists()
    assert AuditEvent.objects.filter(event_type="recent").count() == 3
    report = verify_chain()
    assert report.ok, report
    _at(t0 + dt.timedelta(days=401), 2, "after")
    assert verify_chain().ok


def test_nothing_younger_than_180_days_is_purged_whatever_the_clock_says():
    t0 = timezone.now()
    _at(t0, 4)
    with time_machine.travel(t0 + dt.timedelta(days=179), tick=False):
        assert audit_purge() == 0
    assert AuditEvent.objects.filter(event_type="test.event").count() == 4


def test_a_retention_below_the_floor_is_refused(settings):
    settings.EDUGOV_AUDIT_RETENTION_DAYS = 30
    with pytest.raises(ValueError):
        audit_purge()


def test_moving_the_chain_start_by_hand_is_detected():
    from edugov.audit.models import ChainHead

    t0 = timezone.now() - dt.timedelta(days=400)
    _at(t0, 5)
    _at(t0 + dt.timedelta(days=300), 3)
    with time_machine.travel(t0 + dt.timedelta(days=400), tick=False):
        audit_purge()
    ChainHead.objects.filter(pk=1).update(base_seq=7)
    assert not verify_chain().ok


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_to_delete_a_recent_event_even_in_a_purge_transaction():
    _at(timezone.now(), 2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL edugov.audit_purge = 'on'")
        cur.execute("DELETE FROM audit_auditevent")
