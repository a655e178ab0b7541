"""The catchment import: a good sheet creates the catchments with their communities and
schools; one bad row writes nothing; the same sheet again changes nothing."""

import csv
import io

import pytest

from edugov.core.context import acting
from edugov.enrolment.importers import CatchmentImporter
from edugov.enrolment.models import Catchment

pytestmark = pytest.mark.django_db


def run(user, rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([c.field for c in CatchmentImporter.columns])
    w.writerows(rows)
    content = buf.getvalue().encode("utf-8")
    with acting(user):
        return CatchmentImporter(user).run(io.BytesIO(content), "f.csv", len(content))


def test_a_sheet_imports_once_and_a_bad_row_writes_nothing(cast):
    school = cast.donghu_school.code
    good = [
        ["360102", "2026", "育新学区", "1", school, "育新花园;阳明小区", ""],
        ["360102", "2026", "二学区", "1", school, "东湖新村", ""],
    ]
    bad = good + [["360102", "2026", "三学区", "1", cast.jinxian_school.code, "x小区", ""]]
    report = run(cast.donghu_officer, bad)
    assert report.errors and Catchment.objects.count() == 0
    assert run(cast.donghu_officer, good).created == 2
    c = Catchment.objects.get(name="育新学区")
    assert sorted(c.communities.values_list("name", flat=True)) == ["育新花园", "阳明小区"]
    assert list(c.schools.all()) == [cast.donghu_school]
    again = run(cast.donghu_officer, good)
    assert again.created == 0 and again.updated == 0
