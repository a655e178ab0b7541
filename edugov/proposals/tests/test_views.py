"""Pages: scope of the list, detail and export; the detail shows the proposal, its 面商
records, the answer and the case's moves; filters; the empty states; the imports; the
summary page and its downloads (.xlsx with numbers, a frozen header and a filter; .docx)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from edugov.core.testing import ScopedViewTests
from edugov.proposals.models import Proposal

from .conftest import CONSULT, REPLY, at, move

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(cast, make_proposal):
    p = make_proposal(title="关于提升课后服务质量的建议")
    move(p, cast.dept_staff, "consult", **CONSULT)
    move(p, cast.dept_staff, "reply", now=at(2023, 5, 18, 15, 0), **REPLY)
    return p


class TestProposalPages(ScopedViewTests):
    list_url = "proposals:list"
    detail_url = "proposals:detail"
    export_url = "proposals:export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "a proposal is "
        "imported and moved through its case, never edited in a form",
    }

    def objects(self, cast):
        from edugov.core.context import acting
        from edugov.proposals.services import proposal_save

        made = []
        for unit, number in ((cast.donghu, "D1"), (cast.jinxian, "J1")):
            with acting(cast.city_admin):
                made.append(
                    proposal_save(
                        user=cast.city_admin,
                        proposal=Proposal(
                            unit=unit,
                            kind="npc",
                            year=2023,
                            number=number,
                            title=f"{unit.name}的建议{number}",
                            proposer="李青",
                        ),
                        now=at(2023, 3, 1, 10, 0),
                    )
                )
        return cast.donghu_officer, made[0], made[1]

    def label(self, obj) -> str:
        return obj.title


def test_the_detail_shows_consultations_answer_and_the_moves(cast, answered, client_for):
    body = client_for(cast.city_admin).get(reverse("proposals:detail", args=[answered.pk]))
    text = body.content.decode()
    assert "就新建幼儿园选址交换意见" in text  # the 面商 record
    assert reverse("proposals:reply_docx", args=[answered.pk]) in text
    assert 'data-testid="move-review"' in text  # the owner's next move, from casework
    assert f'name="next" value="{reverse("proposals:detail", args=[answered.pk])}"' in text


def test_a_move_from_the_detail_page_comes_back_to_it(cast, make_proposal, client_for):
    p = make_proposal()
    detail = reverse("proposals:detail", args=[p.pk])
    response = client_for(cast.dept_staff).post(
        reverse("casework:case_move", args=[p.case_id]),
        {
            "move": "consult",
            **{f"consult-{k}": v for k, v in CONSULT.items()},
            "next": detail,
        },
    )
    assert response.status_code == 302 and response["Location"] == detail
    p.case.refresh_from_db()
    assert p.case.state == "consulted"


def test_the_list_filters(cast, answered, make_proposal, client_for, xueqian):
    other = make_proposal(title="关于加强校园安全的建议", listed_lead=None, listed_co="")
    client = client_for(cast.city_admin)

    def titles(**params):
        text = client.get(reverse("proposals:list"), params).content.decode()
        return {t for t in (answered.title, other.title) if t in text}

    assert titles() == {answered.title, other.title}
    assert titles(classification="A") == {answered.title}
    assert titles(state="received") == {other.title}
    assert titles(department=xueqian.pk) == {answered.title}
    assert titles(kind="cppcc") == set()
    assert titles(year=2022) == set()
    assert titles(q="校园安全") == {other.title}


def test_the_overdue_filter(cast, make_proposal, client_for, settings):
    late = make_proposal(title="超期未答复的建议")
    settings.EDUGOV_TODAY = "2023-07-01"
    text = client_for(cast.city_admin).get(reverse("proposals:list"), {"overdue": "true"})
    assert late.title in text.content.decode()
    settings.EDUGOV_TODAY = "2023-04-01"
    text = client_for(cast.city_admin).get(reverse("proposals:list"), {"overdue": "true"})
    assert late.title not in text.content.decode()


def test_the_empty_states_say_who_fills_them(cast, client_for):
    client = client_for(cast.city_admin)
    assert "局办公室在此导入" in client.get(reverse("proposals:list")).content.decode()
    assert 'data-testid="empty-state"' in client.get(reverse("proposals:summary")).content.decode()


def test_the_import_pages_and_who_sees_them(cast, client_for):
    for name in ("proposals:import_npc", "proposals:import_cppcc"):
        assert client_for(cast.city_admin).get(reverse(name)).status_code == 200
        assert client_for(cast.donghu_principal).get(reverse(name)).status_code == 404
    template = client_for(cast.city_admin).get(reverse("proposals:import_npc"), {"template": 1})
    header = [
        c.value
        for c in openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content))).active[1]
    ]
    assert header[:3] == ["编号", "标题", "领衔人"]


def test_the_summary_page_and_downloads(cast, answered, client_for):
    client = client_for(cast.city_admin)
    page = client.get(reverse("proposals:summary"), {"year": 2023})
    assert page.status_code == 200 and 'data-testid="unit-row"' in page.content.decode()
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("proposals:summary_xlsx"), {"year": 2023}).content)
    )
    sheet = book.active
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "主办单位" and rows[1][0] == "学前教育科"
    assert rows[1][1:5] == (1, 1, 1, 100)  # numbers, not text
    assert rows[-1][0] == "合计"
    doc = Document(
        io.BytesIO(client.get(reverse("proposals:summary_docx"), {"year": 2023}).content)
    )
    assert "2023年人大代表建议和政协委员提案办理情况" in "\n".join(p.text for p in doc.paragraphs)
    assert doc.tables[0].rows[1].cells[0].text == "学前教育科"


def test_the_summary_is_404_without_the_permission(cast, client_for):
    for name in ("proposals:summary", "proposals:summary_xlsx", "proposals:summary_docx"):
        assert client_for(cast.donghu_principal).get(reverse(name)).status_code == 404


def test_the_list_costs_the_same_for_3_or_12_proposals(
    cast, make_proposal, client_for, django_assert_max_num_queries
):
    client = client_for(cast.city_admin)
    for i in range(3):
        make_proposal(title=f"建议{i}")
    client.get(reverse("proposals:list"))  # warm the session and the permission cache
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("proposals:list"))
    for i in range(3, 12):
        make_proposal(title=f"建议{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("proposals:list"))
    assert "建议11" in response.content.decode()
