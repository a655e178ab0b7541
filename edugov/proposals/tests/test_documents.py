"""The 答复 .docx: A4 with the GB/T 9704 margins, addressed to the proposer, with the
文号, the result class (and the reason for C), the department's contact and the date."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from edugov.audit.models import AuditEvent

from .conftest import CONSULT, REPLY, at, move

pytestmark = pytest.mark.django_db


def _answered(cast, make_proposal, **reply):
    p = make_proposal()
    move(p, cast.dept_staff, "consult", **CONSULT)
    move(p, cast.dept_staff, "reply", now=at(2023, 5, 18, 15, 0), **{**REPLY, **reply})
    return p


def _text(doc) -> str:
    return "\n".join(par.text for par in doc.paragraphs)


def test_the_answer_is_a4_with_the_class_text(cast, make_proposal, client_for):
    p = _answered(cast, make_proposal)
    response = client_for(cast.city_admin).get(reverse("proposals:reply_docx", args=[p.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    # Word stores twips: 210 mm comes back as 209.99… mm.
    size = [round(x.mm) for x in (section.page_width, section.page_height)]
    margins = [round(x.mm) for x in (section.top_margin, section.left_margin)]
    assert size == [210, 297] and margins == [37, 28]
    text = _text(doc)
    assert "洪教建〔2023〕12号" in text
    assert "张建华代表：" in text
    assert "A 类（已解决或采纳）" in text
    assert "学前教育科" in text and "李明" in text and "0791-83981234" in text
    assert "2023年5月18日" in text
    assert AuditEvent.objects.filter(event_type="export", object_id=str(p.pk)).exists()


def test_a_class_c_answer_states_why(cast, make_proposal, client_for):
    p = _answered(cast, make_proposal, classification="C", limitation="用地指标尚未落实")
    response = client_for(cast.dept_staff).get(reverse("proposals:reply_docx", args=[p.pk]))
    text = _text(Document(io.BytesIO(response.content)))
    assert "C 类（因条件限制暂不能解决）" in text and "用地指标尚未落实" in text


def test_no_answer_no_document_and_out_of_scope_404(cast, make_proposal, client_for):
    p = make_proposal()
    url = reverse("proposals:reply_docx", args=[p.pk])
    assert client_for(cast.city_admin).get(url).status_code == 404
    p = _answered(cast, make_proposal)
    url = reverse("proposals:reply_docx", args=[p.pk])
    assert client_for(cast.donghu_principal).get(url).status_code == 404
    assert client_for(cast.donghu_officer).get(url).status_code == 404
