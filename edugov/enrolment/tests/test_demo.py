"""The demo on the test org tree: catchments for the primary schools, applications, one
drawn school whose bundle verifies; a second call adds nothing."""

import hashlib
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


def test_the_demo_at_a_small_scale_holds_its_scale_categories_and_results(
    cast, monkeypatch, settings, tmp_path
):
    """The full demo's shape at 40 applications a school: the count the parameters give,
    every category, each derived from the stored facts, three valid documents each, a
    review case each in the application's state, the draw verified by the stand-alone
    script, 统筹 children with audited assignments, and 2025 to compare with."""
    import datetime as dt
    import subprocess
    import sys
    from pathlib import Path

    from edugov.audit.models import AuditEvent
    from edugov.conftest import make_school
    from edugov.core.files import check_evidence
    from edugov.enrolment import rules
    from edugov.enrolment.models import ApplicationDocument, Status

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(demo, "PER_SCHOOL", 40)
    monkeypatch.setattr(demo, "EXTRA", 30)
    monkeypatch.setattr(demo, "HOT", 1)
    monkeypatch.setattr(demo, "ASSIGNED", 2)
    # A second 东湖区 primary school: 统筹 sends children there.
    binjiang = make_school(cast.donghu, "2136000009", "东湖区滨江小学")
    demo.load_demo()
    # 育新 is oversubscribed in 2026 (HOT = 1), 滨江 (the school after) was in 2025.
    schools = [cast.donghu_school, binjiang, cast.jinxian_school]
    now = Application.objects.filter(year=2026)
    # Scale: the count the parameters give.
    mean = [40 * demo.WEIGHT.get(s.urban_rural, 1.0) for s in schools]
    assert now.count() == sum(round(m) for m in mean) + 30
    before = Application.objects.filter(year=2025)
    assert before.count() == sum(round(m * demo.LAST_YEAR_SHARE) for m in mean) + 30
    # Every category, each the one the rules give for the stored facts.
    assert set(now.values_list("category", flat=True)) == {
        rules.HOME_AND_HOUSEHOLD,
        rules.HOUSEHOLD_ONLY,
        rules.HOME_ONLY,
        rules.MIGRANT,
        rules.NONE,
    }
    for app in now.select_related("catchment"):
        facts = rules.Facts(
            app.household_in_catchment,
            app.household_since,
            app.property_in_catchment,
            app.property_since,
            app.residence_permit,
            app.permit_since,
        )
        in_catchment = (
            app.catchment is not None and app.catchment.schools.filter(pk=app.school_id).exists()
        )
        expected = rules.category(facts, 2026) if in_catchment or app.private else rules.NONE
        assert app.category == expected, app.number
    assert now.filter(birth_date=dt.date(2020, 8, 31)).exists()  # the cut-off day
    # Documents: three each, on disk, valid, their hash the stored one.
    assert ApplicationDocument.objects.count() == 3 * now.count()
    for doc in ApplicationDocument.objects.all()[:12]:
        data = Path(doc.path).read_bytes()
        assert Path(doc.path).is_relative_to(tmp_path) and len(data) == doc.size
        check_evidence(doc.name, doc.size, data[:64])
        assert hashlib.sha256(data).hexdigest() == doc.sha256
    # The review on casework: a case each, its subject the application, states agreeing.
    state = {
        Status.SUBMITTED: "submitted",
        Status.MORE: "more_requested",
        Status.REFUSED: "refused",
    }
    for app in now.select_related("case"):
        assert app.case.subject == app
        assert app.case.state == state.get(app.status, "approved"), app.status
    assert {Status.MORE, Status.REFUSED, Status.PLACED, Status.UNPLACED} <= set(
        now.values_list("status", flat=True)
    )
    # The draw: its bundle verifies with the stand-alone script.
    plan = SchoolPlan.objects.exclude(draw=None).get()
    assert plan.school == cast.donghu_school and plan.year == 2026
    assert plan.seats < now.filter(school=plan.school).exclude(status=Status.REFUSED).count()
    bundle = tmp_path / "bundle.json"
    bundle.write_text(plan.draw.bundle, encoding="utf-8")
    script = Path(__file__).resolve().parents[3] / "scripts" / "verify_lottery.py"
    run = subprocess.run([sys.executable, str(script), str(bundle)], capture_output=True)
    assert run.returncode == 0, run.stdout
    # 统筹: children left, two placed by hand with a reason, audited.
    assert now.filter(status=Status.UNPLACED).exists()
    assigned = now.exclude(assigned_at=None)
    assert assigned.count() == 2 and all(a.reason for a in assigned)
    assert AuditEvent.objects.filter(event_type="enrolment.assign").count() == 2
    assert {a.placed_school for a in assigned} == {binjiang}
    # 2025: every child placed in the end, 滨江 oversubscribed (the rest sent by 统筹).
    assert set(before.values_list("status", flat=True)) == {Status.PLACED}
    seats = SchoolPlan.objects.get(school=binjiang, year=2025).seats
    assert before.filter(school=binjiang).count() > seats
    assert before.exclude(assigned_at=None).filter(school=binjiang).count() == (
        before.filter(school=binjiang).count() - seats
    )
