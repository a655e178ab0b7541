"""The demo: real moves at dated moments, every state, some overdue on the demo's day;
idempotent."""

from __future__ import annotations

import pytest

from edugov.casework.models import Case
from edugov.core import clock
from edugov.proposals import demo
from edugov.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_puts_proposals_in_every_state(cast, settings, monkeypatch):
    settings.EDUGOV_TODAY = "2023-09-06"
    monkeypatch.setattr(demo, "COUNT", {"npc": 40, "cppcc": 30})
    line = demo.load_demo()
    assert line.startswith("proposals: 70 proposals")
    states = set(Case.objects.filter(proposal__isnull=False).values_list("state", flat=True))
    assert states == {"received", "handling", "consulted", "replied", "rated", "closed"}
    overdue = Case.objects.filter(is_open=True, deadline_at__lt=clock.now()).count()
    assert overdue > 0
    assert Case.objects.filter(on_time=False).exists()  # some answered late
    assert Case.objects.filter(reopened=1).exists()
    assert demo.load_demo().endswith("already loaded")
    assert Proposal.objects.count() == 70
