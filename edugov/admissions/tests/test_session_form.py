"""The session form (issue 13 L5: a POST to the create page was a 500 because the model's
own check named ``subject_max``, a field the form does not have)."""

from django.urls import reverse

from ..models import DEFAULT_FLAGS, DEFAULT_SUBJECT_MAX, DEFAULT_SUBJECTS, AdmissionSession

FIELDS = {"max_total": 760, "max_bonus": 20, "bonus_cap": 10, "max_choices": 6}


def test_the_city_admin_creates_a_session_with_the_default_subjects(cast, client_for):
    client = client_for(cast.city_admin)
    response = client.post(
        reverse("admissions:session_create"), {"year": 2031, "name": "2031 年中考", **FIELDS}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = AdmissionSession.objects.get(year=2031)
    assert session.city == cast.city
    assert session.subjects == list(DEFAULT_SUBJECTS)
    assert session.subject_max == list(DEFAULT_SUBJECT_MAX)
    assert session.flags == list(DEFAULT_FLAGS)


def test_an_invalid_new_session_is_shown_again_with_its_errors(cast, client_for):
    client = client_for(cast.city_admin)
    response = client.post(reverse("admissions:session_create"), {"year": 1900, "name": ""})
    assert response.status_code == 400
    assert not AdmissionSession.objects.exists()


def test_editing_a_session_keeps_its_subjects(cast, client_for):
    client = client_for(cast.city_admin)
    client.post(
        reverse("admissions:session_create"), {"year": 2031, "name": "2031 年中考", **FIELDS}
    )
    session = AdmissionSession.objects.get(year=2031)
    AdmissionSession.objects.filter(pk=session.pk).update(
        subjects=["语文", "数学"], subject_max=[120, 120]
    )
    response = client.post(
        reverse("admissions:session_edit", args=[session.pk]),
        {"year": 2031, "name": "2031 年中考（改）", **FIELDS},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.name, session.subjects, session.subject_max) == (
        "2031 年中考（改）",
        ["语文", "数学"],
        [120, 120],
    )
