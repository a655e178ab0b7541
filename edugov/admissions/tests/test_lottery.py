"""The lottery in the app: the protocol's order is enforced, the draw comes from the
engine, and the stdlib verifier confirms the demo draws and rejects a bundle with one
changed applicant (run as a subprocess, with no site-packages)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from edugov.core.context import acting
from edugov.engines.lottery import commit

from ..demo import build_lottery
from ..models import DrawStatus, LotteryApplicant
from ..services import draw_close, draw_run, party_commit, party_reveal
from .conftest import SECRET

pytestmark = pytest.mark.django_db
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "verify_lottery.py"


def verify(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_secrets_cannot_be_revealed_before_applications_close(world):
    party = world.donghu_draw.parties.get()
    with pytest.raises(ValidationError):
        party_reveal(party=party, secret=SECRET)


def test_commitments_are_refused_after_applications_close(world):
    draw_close(draw=world.donghu_draw)
    with pytest.raises(ValidationError):
        party_commit(draw=world.donghu_draw, party="家长代表1", commitment=commit("late"))


def test_the_draw_is_refused_while_a_party_has_not_revealed(world):
    draw = draw_close(draw=world.donghu_draw)
    with pytest.raises(ValidationError):
        draw_run(draw=draw, public_number="3187.42")


def test_a_wrong_secret_is_refused(world):
    draw = draw_close(draw=world.donghu_draw)
    with pytest.raises(ValidationError):
        party_reveal(party=draw.parties.get(), secret="guess")


def test_a_full_draw_ranks_every_applicant_and_stores_a_verifying_bundle(world, tmp_path):
    draw = draw_close(draw=world.donghu_draw)
    assert len(draw.applicant_list_sha256) == 64
    party_reveal(party=draw.parties.get(), secret=SECRET)
    draw = draw_run(draw=draw, public_number="3187.42")
    assert draw.status == DrawStatus.DRAWN
    ranks = list(LotteryApplicant.objects.filter(draw=draw).order_by("rank"))
    assert [a.rank for a in ranks] == [1, 2, 3, 4]
    assert [a.admitted for a in ranks] == [True, True, False, False]
    # priority class 1 applicants come first
    assert {a.priority_class for a in ranks[:2]} == {1}
    bundle = json.loads(draw.bundle)
    assert bundle["applicant_list_sha256"] == draw.applicant_list_sha256
    path = tmp_path / "b.json"
    path.write_text(draw.bundle, encoding="utf-8")
    assert verify(path).returncode == 0


def test_the_script_confirms_the_demo_lottery_and_rejects_one_changed_applicant(cast, tmp_path):
    from edugov.conftest import make_school

    with acting(None):
        for i in range(3):
            make_school(
                cast.donghu, f"313600095{i}", f"东湖区民办{i}中学", "junior", ownership="private"
            )
        draws = build_lottery(year=2026)
    drawn = [d for d in draws if d.status == DrawStatus.DRAWN]
    assert len(drawn) == 2 and draws[-1].status == DrawStatus.OPEN
    for d in drawn:
        path = tmp_path / f"{d.pk}.json"
        path.write_text(d.bundle, encoding="utf-8")
        ok = verify(path)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "一致" in ok.stdout
    bundle = json.loads(drawn[0].bundle)
    # one applicant moved to a better priority class after the list was frozen
    victim = next(a for a in bundle["applicants"] if a["priority_class"] > 1)
    victim["priority_class"] = 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    rejected = verify(bad)
    assert rejected.returncode == 1
    assert "applicant_list_hash" in rejected.stdout or "不一致" in rejected.stdout


def test_the_bundle_downloads_in_scope_and_is_404_outside(world, cast, client_for):
    draw = draw_close(draw=world.jinxian_draw)
    party_reveal(party=draw.parties.get(), secret=SECRET)
    draw_run(draw=draw, public_number="3187.42")
    url = reverse("admissions:draw_bundle", args=[draw.pk])
    assert client_for(cast.donghu_officer).get(url).status_code == 404
    response = client_for(cast.city_admin).get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["format"] == "edugov-lottery-bundle/1"


def test_the_protocol_steps_through_the_pages(world, cast, client_for):
    client = client_for(cast.donghu_officer)
    draw = world.donghu_draw
    client.post(
        reverse("admissions:draw_commit", args=[draw.pk]),
        {"party": "家长代表1", "commitment": commit("parent-secret-1")},
    )
    client.post(reverse("admissions:draw_close", args=[draw.pk]))
    for party, secret in (("公证处", SECRET), ("家长代表1", "parent-secret-1")):
        p = draw.parties.get(party=party)
        client.post(
            reverse("admissions:draw_reveal", args=[draw.pk]), {"party": p.pk, "secret": secret}
        )
    client.post(reverse("admissions:draw_run", args=[draw.pk]), {"public_number": "3187.42"})
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN
    page = client.get(reverse("admissions:draw_detail", args=[draw.pk]))
    assert 'data-testid="draw-verification"' in page.content.decode()
    assert "alert-success" in page.content.decode()
