"""The import through the one importer: a good file writes every row (schools, task,
the kind's fields); one bad row writes nothing and names its row and column; the export
goes back in unchanged."""

import io

import pytest
from openpyxl import Workbook

from edugov.core.context import acting
from edugov.programmes.importers import PartyOrganizationImporter, ProgrammeImporter
from edugov.programmes.models import PartyForm, PartyOrganization, Programme

pytestmark = pytest.mark.django_db

HEADER = ["code", "kind", "title", "unit", "start_date", "schools", "x_area_sqm", "x_field"]


def run(importer, user, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    fh = io.BytesIO()
    wb.save(fh)
    fh.seek(0)
    with acting(user):
        return importer(user).run(fh, "programmes.xlsx", len(fh.getvalue()))


def good_rows(cast):
    return [
        ["I-1", "labour", "劳动基地", "360102", "2023-03-01", "2136000001", "1500", ""],
        [
            "I-2",
            "competition",
            "科技节",
            "360102",
            "2023-04-01",
            "2136000001、3136000002",
            "",
            "science",
        ],
    ]


def test_a_good_file_writes_every_row(cast):
    report = run(ProgrammeImporter, cast.donghu_officer, HEADER, good_rows(cast))
    assert report.ok, report.errors
    assert report.created == 2
    i1, i2 = Programme.objects.get(code="I-1"), Programme.objects.get(code="I-2")
    assert i1.extra == {"area_sqm": 1500} and i1.unit == cast.donghu and i1.year == 2023
    assert set(i2.schools.values_list("code", flat=True)) == {"2136000001", "3136000002"}
    assert i2.school_count == 2
    again = run(ProgrammeImporter, cast.donghu_officer, HEADER, good_rows(cast))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        (["I-3", "labour", "基地", "360102", "2023-03-01", "", "", "science"], "x_field"),
        (["I-3", "competition", "赛", "360102", "2023-03-01", "", "", "chess"], "x_field"),
        (["I-3", "competition", "赛", "360102", "2023-03-01", "", "", ""], "x_field"),
        (["I-3", "labour", "基地", "360124", "2023-03-01", "", "", ""], "unit"),
        (["I-3", "labour", "基地", "360102", "2023-03-01", "2136000003", "", ""], "schools"),
        (["I-3", "labour", "基地", "360102", "3月1日", "", "", ""], "start_date"),
    ],
)
def test_one_bad_row_writes_nothing_and_is_named(cast, bad, column):
    report = run(ProgrammeImporter, cast.donghu_officer, HEADER, [*good_rows(cast), bad])
    assert not report.ok
    assert not Programme.objects.exists()
    assert any("第 4 行" in e or "row 4" in e.lower() for e in report.errors), report.errors


def test_the_export_goes_back_in_unchanged(cast, client_for):
    from django.urls import reverse

    run(ProgrammeImporter, cast.donghu_officer, HEADER, good_rows(cast))
    response = client_for(cast.donghu_officer).get(reverse("programmes:export"))
    data = b"".join(response.streaming_content)
    with acting(cast.donghu_officer):
        report = ProgrammeImporter(cast.donghu_officer).run(
            io.BytesIO(data), "export.xlsx", len(data)
        )
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_party_organizations_import_with_a_bad_row_writing_nothing(cast):
    header = ["school", "form", "established_on", "members", "brand"]
    good = [["2136000001", "branch", "2008-07-01", "25", "红烛先锋"]]
    bad = [["3136000002", "branch", "", "10", ""]]  # established without a date
    report = run(PartyOrganizationImporter, cast.donghu_officer, header, good + bad)
    assert not report.ok and not PartyOrganization.objects.exists()
    report = run(PartyOrganizationImporter, cast.donghu_officer, header, good)
    assert report.ok, report.errors
    org = PartyOrganization.objects.get()
    assert (org.school, org.form, org.members) == (cast.donghu_school, PartyForm.BRANCH, 25)
