"""The files' import: keyed by 学校标识码, a bad row named and nothing written, and the
export goes back in unchanged."""

import io

import pytest
from django.urls import reverse

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.core.io.registry import IMPORTERS

from ..models import PrivateSchool
from .factories import credit_code

pytestmark = pytest.mark.django_db
HEADER = "school code,profit type,licence number,licence scope,licence valid from,licence valid until,approved capacity,tuition account supervised\n"


def run(user, text):
    data = text.encode("utf-8")
    with acting(user):
        return IMPORTERS["private.school"](user).run(io.BytesIO(data), "files.csv", len(data))


def test_a_bad_row_is_named_and_nothing_is_written_then_the_export_goes_back(cast, client_for):
    with acting(cast.donghu_officer):
        for i in (1, 2):
            make_school(
                cast.donghu,
                f"113600040{i}",
                f"东湖区民办导入幼儿园{i}",
                "kindergarten",
                ownership="private",
                credit_code=credit_code("360102", 4000 + i),
            )
    good = "1136000401,非营利性,教民1号,学前教育,2021-09-01,2026-08-31,300,是\n"
    bad = "1136000402,营利性,教民2号,学前教育,2021-09-01,2026-13-31,300,是\n"
    public = "2136000001,非营利性,教民3号,义务教育,2021-09-01,2026-08-31,300,是\n"
    report = run(cast.donghu_officer, HEADER + good + bad + public)
    assert not report.ok
    assert any(e.startswith(("第 3 行", "row 3", "Row 3")) or " 3" in e for e in report.errors), (
        report.errors
    )
    assert any("4" in e for e in report.errors), report.errors  # the public school's row
    assert PrivateSchool.objects.count() == 0
    report = run(cast.donghu_officer, HEADER + good + bad.replace("2026-13-31", "2026-08-31"))
    assert report.ok and report.created == 2
    response = client_for(cast.donghu_officer).get(
        reverse("private:school_export"), {"format": "csv"}
    )
    exported = b"".join(response.streaming_content).decode("utf-8-sig")
    again = run(cast.donghu_officer, exported)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2), again.errors
