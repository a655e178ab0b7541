"""Finding M3: a chain rewritten by someone with write access to the database (but not
the key) is caught, and so is a tail cut with the head moved back (by the anchors)."""

import base64
import datetime as dt
import hashlib
import importlib
import os
import sqlite3
import stat

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from edugov.audit import verify
from edugov.audit.anchors import read_anchors
from edugov.audit.models import GENESIS, AuditEvent, ChainHead
from edugov.audit.services import audit_record
from edugov.audit.verify import verify_chain
from edugov.core.context import acting
from edugov.ops.snapshot import as_default, extra_alias, verify_chain_on

from .test_audit_chain import _raw_update

pytestmark = pytest.mark.django_db(transaction=True)
TEST_KEY = f"test1:{base64.b64encode(hashlib.sha256(b'edugov-test-audit-1').digest()).decode()}"


def _key(label: str) -> str:
    return base64.b64encode(hashlib.sha256(label.encode()).digest()).decode()


def _events(n: int, kind: str = "test.event") -> None:
    with acting(None, ip="10.9.8.7"):
        for i in range(n):
            audit_record(kind, object_type="org.unit", object_id=i, changes={"n": [i, i + 1]})


def _sha256(event: AuditEvent) -> str:
    # What an attacker without the key can compute: the old, unkeyed chain hash.
    return hashlib.sha256(event.canonical()).hexdigest()


def _passes_the_unkeyed_check(from_seq: int) -> bool:
    """Would the old SHA-256 verifier accept the chain from ``from_seq`` on? Proves the
    forgery is a good one: only the key can tell."""
    prev = None
    for event in AuditEvent.objects.filter(seq__gte=from_seq).order_by("seq"):
        if (prev is not None and event.prev_hash != prev) or event.hash != _sha256(event):
            return False
        prev = event.hash
    return ChainHead.objects.get(pk=1).last_hash == prev


def _forge_from(seq: int, *, downgrade: bool = False) -> None:
    """Rewrite event ``seq`` and recompute every later link, hash and the head, through
    raw SQL, as someone with write access to the database but not the key would."""
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.object_id = "forged"
        if downgrade:
            event.key_id = ""
        event.prev_hash = prev
        event.hash = prev = _sha256(event)
        _raw_update(
            "UPDATE audit_auditevent SET object_id = %s, key_id = %s, prev_hash = %s, hash = %s "
            "WHERE seq = %s",
            [event.object_id, event.key_id, event.prev_hash, event.hash, event.seq],
        )
    ChainHead.objects.filter(pk=1).update(last_hash=prev)


@pytest.mark.parametrize("downgrade", [False, True], ids=["rehashed", "downgraded"])
def test_a_rewritten_event_with_every_later_hash_and_the_head_recomputed_is_named(downgrade):
    _events(8)
    target = AuditEvent.objects.order_by("seq")[4].seq
    _forge_from(target, downgrade=downgrade)
    assert _passes_the_unkeyed_check(target)
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == target
    with pytest.raises(CommandError, match=f"#{report.first_bad_seq}"):
        call_command("verify_audit")


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_rewrite_in_a_copy_of_the_sqlite_file_is_named(tmp_path):
    """The finding as reported: the database file copied, rewritten with the sqlite3
    tool (no Django, no key), every later hash and the head recomputed."""
    _events(6)
    copy = tmp_path / "copy.sqlite3"
    target = sqlite3.connect(copy)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    db = sqlite3.connect(copy)
    cols = [r[1] for r in db.execute("PRAGMA table_info(audit_auditevent)")]
    rows = db.execute("SELECT * FROM audit_auditevent ORDER BY seq").fetchall()
    prev = rows[2][cols.index("hash")]
    for row in rows[3:]:
        event = AuditEvent(**{c: v for c, v in zip(cols, row, strict=True) if c != "actor_id"})
        event.actor_id, event.changes = row[cols.index("actor_id")], {"n": [0, 0]}
        stored = dt.datetime.fromisoformat(str(row[cols.index("occurred_at")]))
        event.occurred_at = stored.replace(tzinfo=dt.UTC)
        event.prev_hash = prev
        event.hash = prev = _sha256(event)
        db.execute(
            "UPDATE audit_auditevent SET changes = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            ['{"n": [0, 0]}', event.prev_hash, event.hash, event.seq],
        )
    db.execute("UPDATE audit_chainhead SET last_hash = ? WHERE id = 1", [prev])
    db.commit()
    db.close()
    with extra_alias("tampered_copy", NAME=str(copy), OPTIONS={}) as alias:
        with as_default(alias):
            assert _passes_the_unkeyed_check(rows[3][cols.index("seq")])
        result = verify_chain_on(alias)
    assert result["ok"] is False and result["first_bad_seq"] == rows[3][cols.index("seq")]


def test_cutting_the_tail_and_moving_the_head_back_is_caught_by_the_anchor():
    _events(8)
    call_command("anchor_audit")
    (anchor,) = read_anchors()
    assert anchor.seq == ChainHead.objects.get(pk=1).seq
    keep = AuditEvent.objects.get(seq=anchor.seq - 3)
    _raw_update("DELETE FROM audit_auditevent WHERE seq > %s", [keep.seq])
    ChainHead.objects.filter(pk=1).update(seq=keep.seq, last_hash=keep.hash)
    assert verify_chain().ok  # the key alone cannot see a clean cut...
    report = verify_chain(anchors=read_anchors())  # ...the anchor does
    assert report.first_bad_seq == keep.seq + 1 and report.reason == verify.BEHIND_ANCHOR
    with pytest.raises(CommandError, match=f"#{keep.seq + 1}"):
        call_command("verify_audit")
    with pytest.raises(CommandError):  # and no new anchor vouches for the shorter chain
        call_command("anchor_audit")
    assert len(read_anchors()) == 1


def test_an_anchor_names_the_first_event_after_it_when_the_chain_differs(settings):
    _events(4)
    call_command("anchor_audit")
    _events(4)
    call_command("anchor_audit")
    first, second = read_anchors()
    # Someone holding the key rewrites everything after the first anchor: the MACs are
    # right, only the second anchor still remembers the old hash.
    from edugov.audit.keys import audit_mac

    prev = first.hash
    for event in AuditEvent.objects.filter(seq__gt=first.seq).order_by("seq"):
        event.detail, event.prev_hash = "rewritten", prev
        event.hash = prev = audit_mac(event.key_id, event.canonical())
        _raw_update(
            "UPDATE audit_auditevent SET detail = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [event.detail, event.prev_hash, event.hash, event.seq],
        )
    ChainHead.objects.filter(pk=1).update(last_hash=prev)
    report = verify_chain(anchors=read_anchors())
    assert (report.first_bad_seq, report.anchor) == (first.seq + 1, second)


def test_the_anchor_file_is_append_only_and_owner_only(settings, tmp_path):
    _events(2)
    call_command("anchor_audit")
    _events(1)
    call_command("anchor_audit")
    path = tmp_path / "audit-anchors.log"
    assert str(path) == settings.EDUGOV_AUDIT_ANCHOR_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [a.seq for a in read_anchors()] == [2, 3]
    os.chmod(path, 0o644)
    with pytest.raises(CommandError, match="0600"):
        call_command("verify_audit")


def test_a_wrong_key_fails(settings):
    _events(3)
    assert verify_chain().ok
    settings.EDUGOV_AUDIT_KEY = f"test1:{_key('somebody else')}"
    assert not verify_chain().ok
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_events_are_signed_with_the_current_key_and_rotation_keeps_old_ones_verifiable(
    settings,
):
    _events(3)
    settings.EDUGOV_AUDIT_KEY = f"k2:{_key('rotated')},{TEST_KEY}"
    _events(2)
    ids = list(AuditEvent.objects.order_by("seq").values_list("key_id", flat=True))
    assert ids == ["test1"] * 3 + ["k2"] * 2
    assert verify_chain().ok
    call_command("verify_audit")
    call_command("anchor_audit")  # re-signs the keyed-from mark with the current key
    assert ChainHead.objects.get(pk=1).keyed_from_kid == "k2"
    assert verify_chain().ok
    settings.EDUGOV_AUDIT_KEY = f"k2:{_key('rotated')}"  # the old key removed too early
    report = verify_chain()
    assert (report.first_bad_seq, report.reason) == (1, verify.UNKNOWN_KEY)


def test_a_chain_written_before_the_key_still_verifies_and_is_pinned_by_it():
    """An installed database: unkeyed SHA-256 events, then migration 0004, then keyed
    events. The old events still verify; rewriting them breaks the first keyed link."""
    prev = GENESIS
    for seq in (1, 2, 3):
        event = AuditEvent(
            seq=seq, occurred_at=timezone.now(), event_type="legacy", outcome="success"
        )
        event.prev_hash, event.key_id = prev, ""
        event.hash = prev = _sha256(event)
        event.save()
    ChainHead.objects.create(pk=1, seq=3, last_hash=prev)
    migration = importlib.import_module("edugov.audit.migrations.0004_keyed_chain")
    migration.forwards(django_apps, None)
    assert ChainHead.objects.get(pk=1).keyed_from == 4
    _events(2)
    assert verify_chain().ok, verify_chain()
    _forge_from(2)  # rewritten and recomputed, the legacy part and the keyed part alike
    assert verify_chain().first_bad_seq == 4
    ChainHead.objects.filter(pk=1).update(keyed_from=99)  # moving the mark needs the key
    assert verify_chain().reason == verify.BAD_BOUNDARY


def test_events_appended_beyond_the_head_are_named():
    _events(3)
    last = AuditEvent.objects.order_by("-seq").first()
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO audit_auditevent (seq, occurred_at, actor_username, actor_roles, "
            "actor_unit, ip, request_id, event_type, object_type, object_id, object_repr, "
            "outcome, changes, detail, prev_hash, hash, key_id) VALUES "
            "(%s, %s, '', '', '', '', '', 'forged', '', '', '', 'success', '{}', '', %s, %s, '')",
            [last.seq + 1, timezone.now(), last.hash, "f" * 64],
        )
    assert verify_chain().first_bad_seq == last.seq + 1


def test_production_refuses_to_start_without_its_own_audit_key():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("EDUGOV_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {
        "EDUGOV_SECRET_KEY": "x" * 60,
        "EDUGOV_DATA_KEYS": f"p1:{_key('p1')}",
        "EDUGOV_INDEX_KEY": _key("pi"),
    }

    def start(**extra):
        code = "import edugov.settings.production"
        run = subprocess.run(
            [sys.executable, "-c", code], env=env | extra, capture_output=True, text=True
        )
        return run.returncode, run.stderr

    code, err = start()
    assert code != 0 and "audit key" in err
    code, err = start(EDUGOV_AUDIT_KEY=f"a1:{_key('p1')}")  # a data key reused
    assert code != 0 and "must differ" in err
    assert start(EDUGOV_AUDIT_KEY=f"a1:{_key('audit')}") == (0, "")
