"""Who reads a case and who moves it: the owning unit's scope, the 主办, 协办 and 督办 units;
everyone else gets 404. Only the unit whose move it is makes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edugov.casework.models import Case, CaseEvidence
from edugov.conftest import make_user
from edugov.core.scoping import allowed_actions, can
from edugov.core.testing import ScopedViewTests

from .conftest import move, pdf

pytestmark = pytest.mark.django_db


class TestCasePages(ScopedViewTests):
    list_url = "casework:case_list"
    detail_url = "casework:case_detail"
    export_url = "casework:case_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "a case changes only "
        "through its moves (case_move), never through an edit form",
    }

    def objects(self, cast):
        from edugov.casework.services import case_open
        from edugov.core.context import acting

        from .conftest import T0

        with acting(cast.donghu_officer):
            inside = case_open(
                user=cast.donghu_officer, case_type="t_complaint", title="东湖区办件", now=T0
            )
        with acting(cast.jinxian_principal):
            outside = case_open(
                user=cast.jinxian_principal, case_type="t_complaint", title="进贤县办件", now=T0
            )
        # Same number in two series: label them by title.
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.title


@pytest.fixture
def jinxian_officer(cast):
    return make_user("jinxian_officer", "district_staff", cast.jinxian)


def readers(case: Case, users) -> set[str]:
    return {u.username for u in users if Case.objects.visible_to(u).filter(pk=case.pk).exists()}


def test_the_owning_scope_and_the_lead_co_and_supervising_units_read_a_case(
    cast, open_case, duban, jinxian_officer
):
    case = open_case(user=cast.donghu_officer, lead_unit=cast.donghu_school)
    users = [*cast.users().values(), duban, jinxian_officer]
    # Owned by 东湖区: its officer, its principal (lead unit), and the city above it.
    assert readers(case, users) == {
        "city_admin",
        "donghu_admin",
        "donghu_principal",
        "xueqian_staff",  # a department's scope is the city
        duban.username,
    }
    city_case = open_case()
    assert "jinxian_officer" not in readers(city_case, users)
    move(
        city_case, cast.city_admin, "assign", lead_unit=cast.donghu_school, co_units=[cast.jinxian]
    )
    assert "jinxian_officer" in readers(city_case, users)  # a co-operating unit reads it
    assert "jinxian_principal" not in readers(city_case, users)  # a school under it does not


def test_a_case_about_a_school_is_not_shown_to_that_school(cast, open_case):
    case = open_case(user=cast.donghu_officer, school=cast.donghu_school)
    assert not Case.objects.visible_to(cast.donghu_principal).filter(pk=case.pk).exists()


def test_the_case_page_is_404_outside_and_offers_only_the_readers_moves(cast, handling, client_for):
    url = reverse("casework:case_detail", args=[handling.pk])
    assert client_for(cast.jinxian_principal).get(url).status_code == 404
    assert client_for(cast.counselor).get(url).status_code == 404
    page = client_for(cast.donghu_officer).get(url).content.decode()
    assert 'data-testid="move-answer"' in page and 'data-testid="move-extend"' in page
    assert 'data-testid="move-transfer"' not in page  # the owner's move
    page = client_for(cast.city_admin).get(url).content.decode()
    assert 'data-testid="move-transfer"' in page and 'data-testid="move-answer"' not in page


def test_allowed_actions_agrees_with_can_for_every_move(cast, handling, duban, jinxian_officer):
    ct = handling.type
    for user in [*cast.users().values(), duban, jinxian_officer]:
        actions = [*ct.actions(), "comment"]
        one_query = allowed_actions(user, handling, actions)
        assert one_query == {a for a in actions if can(user, handling, a)}, user.username


def test_posting_a_move_that_is_not_yours_changes_nothing(cast, handling, client_for):
    url = reverse("casework:case_move", args=[handling.pk])
    response = client_for(cast.city_admin).post(url, {"move": "answer-x", "answer-outcome": "x"})
    assert response.status_code == 302
    client = client_for(cast.city_admin)
    response = client.post(url, {"move": "sign"}, follow=True)
    assert "不能进行「签收」" in response.content.decode()
    response = client.post(
        url, {"move": "extend", "extend-until": "2023-10-20", "extend-reason": "x"}, follow=True
    )
    assert "不是您" in response.content.decode()
    assert Case.objects.get(pk=handling.pk).state == "handling"
    assert not Case.objects.get(pk=handling.pk).extension_pending
    assert client_for(cast.jinxian_principal).post(url, {"move": "sign"}).status_code == 404


def test_the_lead_unit_answers_through_the_page_with_a_file(cast, handling, client_for):
    url = reverse("casework:case_move", args=[handling.pk])
    client = client_for(cast.donghu_officer)
    response = client.post(
        url,
        {
            "move": "answer",
            "answer-outcome": "已退费",
            "answer-reply_class": "A",
            "answer-files": pdf(),
        },
        follow=True,
    )
    assert response.status_code == 200
    handling.refresh_from_db()
    assert handling.state == "answered" and handling.outcome == "已退费"
    page = client.get(reverse("casework:case_detail", args=[handling.pk])).content.decode()
    assert "reply.pdf" in page and page.count('data-testid="timeline-step"') == 4


def test_evidence_downloads_to_readers_only(cast, handling, client_for):
    move(handling, cast.donghu_officer, "answer", outcome="已退费", files=[pdf()])
    evidence = CaseEvidence.objects.get(case=handling)
    url = reverse("casework:evidence_download", args=[evidence.pk])
    response = client_for(cast.donghu_officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test evidence"
    assert "no-store" in response["Cache-Control"]
    assert client_for(cast.jinxian_principal).get(url).status_code == 404
    assert client_for(cast.counselor).get(url).status_code == 404
    # No URL serves the stored file itself.
    assert client_for(cast.donghu_officer).get("/" + evidence.file.name).status_code == 404


def test_a_comment_needs_a_reader_with_change(cast, handling, client_for):
    url = reverse("casework:case_comment", args=[handling.pk])
    client_for(cast.donghu_officer).post(url, {"text": "已联系家长"})
    assert handling.comments.get().text == "已联系家长"
    assert client_for(cast.jinxian_principal).post(url, {"text": "x"}).status_code == 404
