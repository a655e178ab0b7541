"""Case notes encrypted at rest; the referral letter as .docx; counts under 5 shown as
"<5" on the page, in the export and in the API."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from edugov.conftest import session_login
from edugov.core.context import acting
from edugov.wellbeing import services
from edugov.wellbeing.models import CaseNote, Hospital, TierCount

from .factory import NOW

pytestmark = pytest.mark.django_db

SECRET = "学生自述近两周失眠，有轻生念头"


def test_a_case_note_is_ciphertext_in_the_database(cast, team, crisis):
    file = crisis.case_file
    client = session_login(Client(), cast.counselor)
    response = client.post(
        reverse("wellbeing:note_add", args=[file.pk]), {"kind": "interview", "text": SECRET}
    )
    assert response.status_code == 302
    note = CaseNote.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM wellbeing_casenote WHERE id = %s", [note.pk])
        (raw,) = cursor.fetchone()
    assert SECRET not in raw and "失眠" not in raw and len(raw) > len(SECRET)
    assert note.text == SECRET
    file.case.refresh_from_db()
    assert file.case.state == "following"  # the first interview answered the alert
    page = client.get(reverse("wellbeing:case_detail", args=[file.pk])).content.decode()
    assert SECRET in page


def test_the_referral_letter_downloads_as_docx(cast, team, crisis):
    from docx import Document

    with acting(cast.counselor):
        referral = services.referral_create(
            user=cast.counselor,
            file=crisis.case_file,
            hospital=Hospital.objects.get(),
            reason="持续情绪低落两周",
            now=NOW,
        )
    response = session_login(Client(), cast.counselor).get(
        reverse("wellbeing:referral_letter", args=[referral.pk])
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert response["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "转介函" in text and "南昌市第九医院" in text and "持续情绪低落两周" in text


def test_a_cell_of_3_shows_as_under_5_in_the_page_the_export_and_the_api(cast, team, drive):
    TierCount.objects.filter(school=cast.donghu_junior, tier="red").update(count=3)
    TierCount.objects.filter(school=cast.donghu_junior, tier="none").update(count=57)
    officer = cast.donghu_officer
    page = session_login(Client(), officer).get(reverse("wellbeing:aggregates"), {"per_page": 100})
    body = page.content.decode()
    assert "&lt;5" in body and ">3<" not in body and "57" in body
    export = session_login(Client(), officer).get(
        reverse("wellbeing:aggregate_export"), {"format": "csv"}
    )
    rows = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "<5" in rows and ",3\r" not in rows and ",3\n" not in rows
    api = APIClient()
    api.force_authenticate(officer)
    counts = {
        r["count"] for r in api.get("/api/wellbeing/counts/", {"page_size": 100}).json()["results"]
    }
    assert "<5" in counts and "3" not in counts and "57" in counts


def test_an_open_hour_books_once_and_only_its_counselor_reads_who_booked(cast, team, settings):
    import datetime as dt

    settings.EDUGOV_TODAY = NOW.date()
    from django.core.exceptions import ValidationError

    from edugov.wellbeing.models import Appointment, Slot

    slot = Slot.objects.create(
        school=cast.donghu_junior, counselor=cast.counselor, starts_at=NOW + dt.timedelta(days=1)
    )
    client = session_login(Client(), cast.counselor)
    response = client.post(
        reverse("wellbeing:appointment_create"),
        {"slot": slot.pk, "who": "parent", "name": "林女士", "contact": "13800001111"},
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        services.appointment_book(slot=slot, name="陈同学", contact="", who="student", now=NOW)
    assert Appointment.objects.visible_to(cast.counselor).count() == 1
    for other in (team["school_counselor"], cast.donghu_principal, cast.donghu_officer):
        assert not Appointment.objects.visible_to(other).exists()


def test_a_reader_without_the_change_permission_gets_no_edit_link(cast, team):
    hospital = Hospital.objects.get()
    edit = reverse("wellbeing:hospital_edit", args=[hospital.pk])
    page = session_login(Client(), cast.dept_staff).get(reverse("wellbeing:hospital_list"))
    assert hospital.name in page.content.decode() and edit not in page.content.decode()
    page = session_login(Client(), cast.city_admin).get(reverse("wellbeing:hospital_list"))
    assert edit in page.content.decode()
