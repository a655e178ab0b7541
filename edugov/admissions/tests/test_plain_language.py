"""Admissions pages speak to a bureau reader: hashes folded into a verification panel,
priority classes by name, the session called 中考届次 (not 会话), help on σ and e."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_run_page_folds_its_hashes_into_a_verification_panel(world, cast, client_for):
    body = client_for(cast.city_admin).get(world.run.get_absolute_url()).content.decode()
    audit = body.split('data-testid="run-audit"', 1)[1].split("</table>", 1)[0]
    assert world.run.result_sha256 not in audit and world.run.inputs_sha256 not in audit
    panel = body.split('data-testid="verification"', 1)[1].split("</details>", 1)[0]
    assert "校验信息" in body
    for sha in (world.run.inputs_sha256, world.run.config_sha256, world.run.result_sha256):
        assert sha in panel


def test_the_session_is_called_by_its_admissions_name_not_会话(world, cast, client_for):
    body = client_for(cast.city_admin).get(world.run.get_absolute_url()).content.decode()
    assert "中考届次" in body and "会话" not in body


def test_the_draw_page_names_the_priority_classes(world, cast, client_for):
    body = client_for(cast.city_admin).get(world.donghu_draw.get_absolute_url()).content.decode()
    assert "第一类：户籍和房产均在本片区" in body and "第二类" in body
    assert 'data-testid="priority-class">1<' not in body


def test_the_run_form_explains_sigma_and_the_band_in_plain_words(world, cast, client_for):
    body = client_for(cast.city_admin).get(reverse("admissions:run_create")).content.decode()
    assert "每几个志愿为一段" in body and "填 1 即顺序志愿" in body
    assert "σ 是公开摇号的随机种子" in body
