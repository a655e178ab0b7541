"""Property test (hypothesis): no teachers page, export, API answer, audit event or log
line carries a full ID number — the lists, the card, the edit page, the lookup, the
progress page, the import's errors for a duplicate."""

import datetime as dt
import logging

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.audit.models import AuditEvent
from edugov.conftest import token_client
from edugov.engines.codes import mask_id_number
from edugov.students.tests.test_no_leak_property import id_numbers
from edugov.teachers.importers import TeacherImporter
from edugov.teachers.models import Teacher

from .test_import import HEADER, run
from .world import make_teacher


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ids=st.lists(
        id_numbers(latest=dt.date(2000, 12, 31)), min_size=1, max_size=2, unique_by=lambda i: i[:17]
    )
)
def test_no_page_export_api_audit_or_log_carries_a_full_id(cast, client_for, caplog, ids):
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    try:
        teachers = [make_teacher(cast.donghu_school, id_number=i) for i in ids]
        client = client_for(cast.donghu_officer)
        api = token_client(cast.donghu_officer)

        def body(response) -> str:
            if getattr(response, "streaming", False):
                return b"".join(response.streaming_content).decode("utf-8-sig", "replace")
            return response.content.decode("utf-8", "replace")

        seen = [body(client.get(reverse("teachers:teacher_list")))]
        assert all(mask_id_number(t.id_number) in seen[0] for t in teachers)
        seen.append(body(client.get(reverse("teachers:teacher_export"), {"format": "csv"})))
        seen.append(body(client.get(reverse("teachers:training_progress"))))
        seen.append(body(api.get("/api/teachers/teachers/")))
        for t in teachers:
            seen.append(body(client.get(t.get_absolute_url())))
            seen.append(body(client.get(reverse("teachers:teacher_edit", args=[t.pk]))))
            seen.append(
                body(client.post(reverse("teachers:teacher_list"), {"id_number": t.id_number}))
            )
        report = run(
            TeacherImporter,
            cast.donghu_officer,
            HEADER,
            [
                ["王丽", t.id_number, "2136000003", "是", "数学", "中级", "", "2015-09"]
                for t in teachers
            ],
        )
        assert not report.ok
        seen.extend(report.errors)
        events = AuditEvent.objects.all().values_list("changes", "object_repr", "detail")
        seen.extend(str(e) for e in events)
        seen.extend(r.getMessage() for r in caplog.records)
        text = "\n".join(seen)
        for t in teachers:
            assert t.id_number not in text and t.id_number.lower() not in text
    finally:
        Teacher.objects.all().delete()
