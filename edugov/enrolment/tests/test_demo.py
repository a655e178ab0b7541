"""The demo on the test org tree: catchments for the primary schools, applications, one
drawn school whose bundle verifies; a second call adds nothing."""

import json

import pytest

from edugov.engines.lottery import verify_bundle
from edugov.enrolment import demo
from edugov.enrolment.models import Application, Catchment, SchoolPlan

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_its_draw_verifies(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(demo, "PER_SCHOOL", 3)
    monkeypatch.setattr(demo, "SEATS", 2)
    monkeypatch.setattr(demo, "EXTRA", 1)
    line = demo.load_demo()
    assert Catchment.objects.filter(year=2026).count() >= 2
    assert Application.objects.count() >= 3
    plan = SchoolPlan.objects.exclude(draw=None).get()
    assert verify_bundle(json.loads(plan.draw.bundle)).ok
    assert "1 draw" in line
    assert demo.load_demo() == "enrolment: already loaded"
