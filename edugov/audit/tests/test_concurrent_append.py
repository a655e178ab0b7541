"""The chain under concurrent writers (issue 25): appends from many connections at once
still form one unbroken chain, the head's lock is held for three statements only, and
``verify_audit`` still names the first event an attacker changed."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edugov.accounts.models import User
from edugov.audit.models import GENESIS, AuditEvent, ChainHead
from edugov.audit.services import audit_record
from edugov.audit.verify import CONTENT_CHANGED, LINK_BROKEN, verify_chain
from edugov.core.context import acting

from .test_audit_chain import _raw_update

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # In-memory SQLite is one connection per thread, each its own empty database.
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]

WRITERS, EACH = 8, 15


def _append_concurrently(user_pk: int) -> None:
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            user = User.objects.get(pk=user_pk)
            start.wait(timeout=30)
            for i in range(EACH):
                with acting(user, request_id=f"w{n}-{i}"):
                    audit_record("personal_data.view", object_type="students.student", object_id=i)
        except BaseException as exc:  # reported in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)


def test_concurrent_appends_form_one_unbroken_chain(cast):
    audit_record("test.start")
    _append_concurrently(cast.donghu_principal.pk)
    total = 1 + WRITERS * EACH
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs[-total:] == list(range(seqs[-1] - total + 1, seqs[-1] + 1))
    events = list(AuditEvent.objects.order_by("seq"))
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert all(a.occurred_at <= b.occurred_at for a, b in zip(events, events[1:], strict=False))
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.last_hash) == (events[-1].seq, events[-1].hash)
    assert {e.request_id for e in events if e.request_id} >= {
        f"w{n}-{i}" for n in range(WRITERS) for i in range(EACH)
    }
    report = verify_chain()
    assert report.ok and report.checked == len(events)


def test_verify_audit_names_the_first_changed_event_among_concurrent_ones(cast):
    _append_concurrently(cast.donghu_principal.pk)
    events = list(AuditEvent.objects.order_by("seq"))
    edited, relinked = events[len(events) // 3], events[2 * len(events) // 3]
    _raw_update(
        "UPDATE audit_auditevent SET actor_username = %s WHERE seq = %s", ["forged", edited.seq]
    )
    _raw_update(
        "UPDATE audit_auditevent SET prev_hash = %s WHERE seq = %s", [GENESIS, relinked.seq]
    )
    report = verify_chain()
    assert (report.first_bad_seq, report.reason) == (edited.seq, CONTENT_CHANGED)
    with pytest.raises(CommandError, match=f"#{edited.seq}"):
        call_command("verify_audit")
    # The first one repaired, the next is named.
    _raw_update(
        "UPDATE audit_auditevent SET actor_username = %s WHERE seq = %s",
        [edited.actor_username, edited.seq],
    )
    assert (verify_chain().first_bad_seq, verify_chain().reason) == (relinked.seq, LINK_BROKEN)


def test_the_head_is_locked_for_three_statements_and_the_roles_are_read_before(cast):
    audit_record("test.start")  # the head exists
    user = User.objects.get(pk=cast.donghu_principal.pk)  # no roles read yet
    with CaptureQueriesContext(connection) as queries, acting(user):
        audit_record("personal_data.view", object_type="students.student", object_id=1)
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    locked = next(i for i, s in enumerate(sql) if s.startswith('UPDATE "audit_chainhead"'))
    assert any("accounts_role" in s for s in sql[:locked])  # the roles: before the lock
    # Under the lock: the lock and read, the append, the head's update, the commit.
    assert [s.split()[0] for s in sql[locked:]] == ["UPDATE", "INSERT", "UPDATE", "COMMIT"], sql[
        locked:
    ]
    assert '"audit_auditevent"' in sql[locked + 1] and '"audit_chainhead"' in sql[locked + 2]
    assert verify_chain().ok
