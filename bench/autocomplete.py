"""Time the pickers (issue 25) on a demo database: the autocomplete endpoints' answers
(schools, students, teachers, training institutions) and the school filter field's
rendering, old dropdown against the new widget.

    EDUGOV_DB=postgres EDUGOV_PG_NAME=edugov_load .venv/bin/python bench/autocomplete.py

Any database built by ``make demo`` or ``bench/load_data.py`` (the full demo org tree,
~1,800 schools; ``bench/load_data.py`` adds 1M students). In-process through the Django
test client, every middleware included, as the city's administrator (everything
visible), a district's (one district's) and a principal (one school's). Best and median
of ``--repeat`` requests after 3 unmeasured ones. Goal: ≤ 30 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn, repeat: int) -> tuple[float, float]:
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edugov.settings.demo")
    import django

    django.setup()
    from django import forms
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from edugov.accounts.models import User
    from edugov.conftest import session_login
    from edugov.org.autocomplete import school_picker
    from edugov.org.models import Unit, UnitKind
    from edugov.students.models import Student
    from edugov.teachers.models import Teacher

    settings.ALLOWED_HOSTS = ["*"]
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL).count()
    city_admin = User.objects.filter(roles__code="city_admin", is_active=True).first()
    district_admin = User.objects.filter(roles__code="district_admin", is_active=True).first()
    district = Unit.objects.filter(kind=UnitKind.DISTRICT, name="东湖区").first()
    print(f"{schools:,} schools; load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':58s} {'best ms':>8s} {'median ms':>10s} {'queries':>8s}")
    for label, user in (("city admin", city_admin), ("district admin", district_admin)):
        if user is None:
            continue
        # Logged in as the login page would (session policy, a verified second factor
        # for the roles that need one).
        client = session_login(Client(), user)
        for what, params in (
            ("empty box", {}),
            ("q=中学", {"q": "中学"}),
            ("q=3601 (code prefix)", {"q": "3601"}),
            ("district 东湖区, q=小学", {"district": district.pk, "q": "小学"}),
            ("no match", {"q": "没有这所学校"}),
        ):

            def ask(params=params, client=client):
                response = client.get("/org/units/autocomplete/", params)
                assert response.status_code == 200, response.status_code

            best, median = timed(ask, args.repeat)
            with CaptureQueriesContext(connection) as queries:
                ask()
            print(f"{label + ', ' + what:58s} {best:8.1f} {median:10.1f} {len(queries):8d}")

    # The people's pickers: asked by POST, found by number (blind index), class or name.
    principal = (
        User.objects.filter(
            roles__code="school_admin", is_active=True, unit__students__isnull=False
        )
        .order_by("pk")
        .first()
    )
    pupil = Student.objects.filter(school_id=principal.unit_id).order_by("pk").first()
    teacher = Teacher.objects.order_by("pk").first()
    print(f"{Student.objects.count():,} students, {Teacher.objects.count():,} teachers")
    people = [
        ("principal", principal, "/students/autocomplete/", {}, "empty box"),
        ("principal", principal, "/students/autocomplete/", {"q": pupil.id_number}, "ID number"),
        ("principal", principal, "/students/autocomplete/", {"q": "7-2"}, "class 7-2"),
        ("principal", principal, "/students/autocomplete/", {"q": pupil.name[1:]}, "name"),
        ("city admin", city_admin, "/students/autocomplete/", {}, "empty box"),
        ("city admin", city_admin, "/students/autocomplete/", {"q": pupil.id_number}, "ID"),
        ("city admin", city_admin, "/students/autocomplete/", {"q": "王"}, "name (hint)"),
        (
            "city admin",
            city_admin,
            "/students/autocomplete/",
            {"q": pupil.name[1:], "school": principal.unit_id},
            "school chosen, name",
        ),
        ("district admin", district_admin, "/students/autocomplete/", {"q": "7-2"}, "class"),
        ("city admin", city_admin, "/teachers/autocomplete/", {"q": teacher.id_number}, "ID"),
        ("principal", principal, "/teachers/autocomplete/", {"q": "王"}, "name"),
        ("city admin", city_admin, "/training/autocomplete/", {"q": "培训"}, "name"),
    ]
    # An account picker of a field with its own rule: a task's owner, named by a
    # department (assignable_owners: every active account in the city).
    staff = User.objects.filter(roles__code="department_staff", is_active=True).first()
    print(f"{User.objects.count():,} accounts")
    owner = {"field": "workplan.task.owner"}
    people += [
        ("dept staff", staff, "/accounts/autocomplete/", owner, "task owner, empty"),
        ("dept staff", staff, "/accounts/autocomplete/", {**owner, "q": "王"}, "task owner"),
    ]
    for label, user, url, params, what in people:
        client = session_login(Client(), user)
        get = url.startswith(("/training/", "/accounts/"))
        method = client.get if get else client.post

        def ask(url=url, params=params, method=method):
            response = method(url, params)
            assert response.status_code == 200, response.status_code

        best, median = timed(ask, args.repeat)
        with CaptureQueriesContext(connection) as queries:
            ask()
        case = f"{url.split('/')[1]}: {label}, {what}"
        print(f"{case:58s} {best:8.1f} {median:10.1f} {len(queries):8d}")

    # A form choosing a student (a portfolio record): the dropdown of every student in
    # scope (before; a school's, since the city's million would take minutes) against the
    # picker (after). PICKER_ABOVE is raised to force the old dropdown.
    from edugov.core import autocomplete

    for label, user, picker_above in (
        ("principal, dropdown of her school (before)", principal, 10**9),
        ("principal, picker (after)", principal, autocomplete.PICKER_ABOVE),
        ("city admin, picker (after)", city_admin, autocomplete.PICKER_ABOVE),
    ):
        client = session_login(Client(), user)
        autocomplete.PICKER_ABOVE, saved = picker_above, autocomplete.PICKER_ABOVE

        def form(client=client):
            response = client.get("/portfolio/new/")
            assert response.status_code == 200, response.status_code
            return response

        best, median = timed(form, max(args.repeat // 4, 3))
        size = len(form().content)
        autocomplete.PICKER_ABOVE = saved
        print(f"{'portfolio form, ' + label:58s} {best:8.1f} {median:10.1f}   {size:,} bytes")

    # The filter field alone: a dropdown of every school against the new widget.
    queryset = Unit.objects.visible_to(city_admin).filter(kind=UnitKind.SCHOOL)
    chosen = queryset.order_by("pk").first().pk
    for label, widget in (
        ("school field, <select> of every school (before)", forms.Select()),
        ("school field, autocomplete widget (after)", school_picker()),
    ):
        field = forms.ModelChoiceField(queryset=queryset, widget=widget)

        def render(field=field):
            return field.widget.render("school", chosen, {"id": "id_school"})

        best, median = timed(render, args.repeat)
        size = len(render())
        print(f"{label:58s} {best:8.1f} {median:10.1f}   {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
