"""The whole loop in services and pages: submission (idempotent, duplicates refused),
catchment lookup, privacy, the school's review on casework, and the lottery of an
oversubscribed category verified by scripts/verify_lottery.py from the bundle."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from edugov.admissions.services.lottery import draw_close, draw_run, party_commit, party_reveal
from edugov.core.context import acting
from edugov.engines.lottery import commit
from edugov.enrolment.models import Application, SchoolPlan, Status
from edugov.enrolment.services import (
    application_review,
    catchment_for,
    placement_apply_draw,
    placement_prepare,
)

from . import world

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def built(cast):
    world.build(cast)
    return cast


def test_catchment_lookup_by_community_name_and_by_point(built):
    assert [c.name for c in catchment_for(year=2026, community="育新花园")] == ["育新学区"]
    assert [c.name for c in catchment_for(year=2026, community="育新")] == ["育新学区"]
    assert [c.name for c in catchment_for(year=2026, lon=5, lat=5)] == ["育新学区"]
    assert catchment_for(year=2026, lon=50, lat=5) == []
    assert catchment_for(year=2026, community="不存在小区") == []


def test_a_repeated_submission_is_one_application_and_a_second_child_claim_is_refused(built):
    p = world.parent("13900000009")
    a = world.apply(p, built.donghu_school, "育新花园", 7, key="same")
    b = world.apply(p, built.donghu_school, "育新花园", 7, key="same")
    assert a.pk == b.pk and a.category == "home_and_household"
    with pytest.raises(ValidationError):  # same child (blind index), another parent
        world.apply(world.parent("13900000010"), built.donghu_school, "育新花园", 7)


def test_a_bad_id_number_and_a_child_born_on_1_september_are_refused(built):
    p = world.parent("13900000011")
    with pytest.raises(ValidationError) as err, acting(p):
        from edugov.enrolment.services import application_submit

        application_submit(
            user=p,
            idempotency_key="x",
            school=built.donghu_school,
            stage="primary",
            child_name="甲",
            child_id=world.child_id(dt.date(2020, 9, 1), 5),
            birth_date=dt.date(2020, 9, 1),
            community="育新花园",
            facts=world.HOME,
            now=world.NOW,
        )
    assert "2026-08-31" in str(err.value)


def test_a_parent_sees_only_their_own_application(built, client_for):
    mine, other = Application.objects.order_by("pk")[:2]
    client = client_for(mine.parent)
    assert client.get(reverse("enrolment:application_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("enrolment:application_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("enrolment:review_detail", args=[mine.pk])).status_code == 404
    assert (
        mine.number
        not in client_for(other.parent).get(reverse("enrolment:my_applications")).content.decode()
    )


def test_school_reviewers_see_their_school_only(built, client_for):
    donghu = Application.objects.exclude(status=Status.UNPLACED).get(school=built.donghu_school)
    jinxian = Application.objects.exclude(status=Status.UNPLACED).get(school=built.jinxian_school)
    client = client_for(built.donghu_principal)
    body = client.get(reverse("enrolment:application_list")).content.decode()
    assert donghu.number in body and jinxian.number not in body
    assert client.get(reverse("enrolment:review_detail", args=[jinxian.pk])).status_code == 404


def test_the_review_loop_asks_for_more_and_the_parent_answers(built):
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = Application.objects.exclude(status=Status.UNPLACED).get(school=built.donghu_school)
    with pytest.raises(PermissionDenied):  # the other district's school cannot move it
        application_review(user=built.jinxian_principal, application=app, move="approve")
    app = application_review(
        user=built.donghu_principal, application=app, move="ask_more", reason="请补充房产证"
    )
    assert app.status == Status.MORE and app.case.state == "more_requested"
    with pytest.raises(PermissionDenied):  # another parent cannot answer
        application_review(
            user=Application.objects.exclude(status=Status.UNPLACED)
            .get(school=built.jinxian_school)
            .parent,
            application=app,
            move="supplement",
            files=[("property", SimpleUploadedFile("f.pdf", world.PDF))],
        )
    app = application_review(
        user=app.parent,
        application=app,
        move="supplement",
        files=[("property", SimpleUploadedFile("f.pdf", world.PDF))],
    )
    assert app.documents.count() == 2
    app = application_review(user=built.donghu_principal, application=app, move="approve")
    assert app.status == Status.APPROVED


def test_a_public_opener_names_only_the_owning_unit(built):
    from edugov.casework.services import case_open

    p = world.parent("13900000012")
    with pytest.raises(PermissionDenied):
        case_open(
            user=p,
            case_type="enrolment_review",
            title="x",
            unit=built.donghu_school,
            co_units=[built.jinxian_school],
        )
    with pytest.raises(PermissionDenied):  # a staff type has no public opener
        case_open(user=p, case_type="hotline_order", title="x", unit=built.donghu_school)


def test_the_lottery_of_an_oversubscribed_category_verifies_from_the_bundle(built, tmp_path):
    school = built.donghu_school
    for i in range(10, 14):
        world.apply(world.parent(f"1390000{i:04d}"), school, "育新花园", i)
    left_before = Application.objects.filter(school=school, status=Status.UNPLACED).count()
    for app in Application.objects.filter(school=school, status=Status.SUBMITTED):
        application_review(user=built.donghu_principal, application=app, move="approve")
    plan = SchoolPlan.objects.get(school=school)
    officer = built.donghu_officer
    with acting(officer):
        draw = placement_prepare(user=officer, plan=plan, public_number_rule="2026年7月5日福彩3D")
        assert draw.seats == 2 and draw.applicants.count() == 5
        party_commit(draw=draw, party="公证处", commitment=commit("s3cret-公证"))
        draw_close(draw=draw)
        party_reveal(party=draw.parties.get(), secret="s3cret-公证")
        draw = draw_run(draw=draw, public_number="123")
        plan.refresh_from_db()
        assert placement_apply_draw(user=officer, plan=plan) == 2
    bundle = tmp_path / "bundle.json"
    bundle.write_text(draw.bundle, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "verify_lottery.py"), str(bundle)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    admitted = {e["id"] for e in json.loads(draw.bundle)["result"]["admitted"]}
    placed = set(Application.objects.filter(status=Status.PLACED).values_list("number", flat=True))
    assert admitted == placed & admitted and len(admitted) == 2
    unplaced = Application.objects.filter(school=school, status=Status.UNPLACED).count()
    assert unplaced == left_before + 3
    # a tampered bundle fails the check
    data = json.loads(draw.bundle)
    data["seats"] = 3
    bundle.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "verify_lottery.py"), str(bundle)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1


def test_a_twin_submission_validated_after_the_first_committed_is_the_same_application(
    built, monkeypatch
):
    """Two POSTs of one submission at the same instant: the second passed the idempotency
    check before the first committed, and its validation then finds the child taken. It
    is answered with the stored application, not a form error (seen once in the peak-day
    bench's burst of 200 parents)."""
    from django.db.models import QuerySet

    p = world.parent("13900000012")
    a = world.apply(p, built.donghu_school, "育新花园", 8, key="twin")
    real_first = QuerySet.first
    calls = []

    def first(self):
        calls.append(self.model.__name__)
        if calls == ["Application"]:
            return None  # the idempotency check ran before the twin committed
        return real_first(self)

    monkeypatch.setattr(QuerySet, "first", first)
    b = world.apply(p, built.donghu_school, "育新花园", 8, key="twin")
    assert b.pk == a.pk and Application.objects.filter(parent=p).count() == 1
