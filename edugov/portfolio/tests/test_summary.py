"""The term summary (.docx, 档案 layout): it names the student in full, so only a reader
who holds the roll's full-data permission in the student's school gets it (404 to anyone
else, the button hidden); it holds the five dimensions, the term's hours and books and
the objections' outcomes, and its download is audited."""

import io

import pytest
from django.urls import reverse
from docx import Document

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.portfolio.services import portfolio_publish
from edugov.students.tests.conftest import grant

from .test_objection import MONDAY, objection
from .world import activity, record

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_summary_needs_full_data_and_holds_the_term(cast, client_for):
    practice = record(cast.donghu_principal, cast.donghu_school, school_year=2025, term=2)
    student = practice.student
    record(
        cast.donghu_principal,
        cast.donghu_school,
        student=student,
        dimension="arts",
        grade="A",
        school_year=2025,
        term=2,
    )
    activity(cast.donghu_principal, cast.donghu_school, student=student, hours="4")
    activity(
        cast.donghu_principal,
        cast.donghu_school,
        student=student,
        kind="reading",
        hours="2.5",
        author="罗广斌",
    )
    with acting(cast.donghu_principal):
        portfolio_publish(user=cast.donghu_principal, record=practice, today=MONDAY)
    objection(cast, practice)
    url = reverse("portfolio:summary_docx", args=[practice.pk])

    client = client_for(cast.donghu_principal)
    assert client.get(url).status_code == 404
    assert (
        'data-testid="summary-docx"' not in client.get(practice.get_absolute_url()).content.decode()
    )

    full = grant(cast.donghu_principal, "students.view_full_personal_data")
    client = client_for(full)
    assert 'data-testid="summary-docx"' in client.get(practice.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(response.content)
    assert student.name in text and cast.donghu_school.name in text
    assert "2025—2026学年第二学期" in text
    assert "社会实践\nB\n参加社区志愿服务 24 小时\n公示中" in text
    assert "艺术素养\nA" in text and "思想品德\n—\n未录入" in text
    assert "社会实践 1 次，共 4.0 小时" in text and "阅读图书 1 本，共 2.5 小时" in text
    assert "公示期间收到异议 1 件" in text
    assert AuditEvent.objects.filter(event_type="export", object_id=str(practice.pk)).exists()

    # Another school's student: 404 even with the permission (it is held in one's school).
    other = record(cast.jinxian_principal, cast.jinxian_school)
    assert client.get(reverse("portfolio:summary_docx", args=[other.pk])).status_code == 404
    assert client.post(url).status_code == 405
