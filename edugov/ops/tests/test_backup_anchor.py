"""Finding M3: every backup anchors the audit chain head outside the database, and does
not anchor a chain that its anchors already show to be cut."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from edugov.audit.anchors import read_anchors
from edugov.audit.models import AuditEvent, ChainHead
from edugov.audit.services import audit_record
from edugov.audit.tests.test_audit_chain import _raw_update
from edugov.core.context import acting

pytestmark = pytest.mark.django_db(transaction=True)


def _events(n):
    with acting(None):
        for i in range(n):
            audit_record("ops.anchor", object_id=i)


def test_a_backup_appends_the_head_it_saw_to_the_anchor_file(tmp_path):
    _events(3)
    call_command("backup", out=tmp_path / "b1")
    head = ChainHead.objects.get(pk=1)
    assert [(a.seq, a.hash) for a in read_anchors()] == [(head.seq, head.last_hash)]


def test_a_backup_of_a_chain_cut_behind_its_anchor_fails_and_anchors_nothing(tmp_path):
    _events(5)
    call_command("backup", out=tmp_path / "b1")
    keep = AuditEvent.objects.get(seq=ChainHead.objects.get(pk=1).seq - 2)
    _raw_update("DELETE FROM audit_auditevent WHERE seq > %s", [keep.seq])
    ChainHead.objects.filter(pk=1).update(seq=keep.seq, last_hash=keep.hash)
    with pytest.raises(CommandError, match=f"#{keep.seq + 1}"):
        call_command("backup", out=tmp_path / "b2")
    assert len(read_anchors()) == 1
