"""Phase 2 replays what phase 1 checked (the spool): what happens when the stored rows
change between the two phases, and per-value validation that is done once per value."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.org.models import Unit
from edugov.registry.importers import StatisticsImporter
from edugov.registry.models import AnnualStatistics

from .test_statistics_import import good_row, xlsx

pytestmark = pytest.mark.django_db


def run_with(user, rows, meanwhile):
    """Import ``rows``, calling ``meanwhile()`` between phase 1 and phase 2."""

    class Racing(StatisticsImporter):
        def validate(self, *args, **kwargs):
            report = super().validate(*args, **kwargs)
            assert report.ok, report.errors[:3]
            meanwhile()
            return report

    content = xlsx(rows)
    with acting(user):
        return Racing(user).run(io.BytesIO(content), "stats.xlsx", len(content))


def test_an_update_writes_the_files_fields_and_keeps_what_others_stored_meanwhile(cast):
    school = make_school(cast.donghu, "2136000101", "东湖区甲校")
    report = run_with(cast.donghu_officer, [good_row(school.code)], lambda: None)
    assert report.created == 1
    stored = AnnualStatistics.objects.get(school=school)

    def meanwhile():
        # A field the template does not carry, changed by someone else.
        AnnualStatistics.objects.filter(pk=stored.pk).update(return_reason="请核对面积")

    report = run_with(cast.donghu_officer, [good_row(school.code, floor_area="950")], meanwhile)
    assert (report.created, report.updated) == (0, 1)
    stored.refresh_from_db()
    assert stored.floor_area == 950
    assert stored.return_reason == "请核对面积"


def test_a_row_stored_by_someone_else_meanwhile_rolls_the_import_back(cast):
    first = make_school(cast.donghu, "2136000102", "东湖区乙校")
    second = make_school(cast.donghu, "2136000103", "东湖区丙校")

    def meanwhile():
        AnnualStatistics.objects.create(school=second, year=2023)

    rows = [good_row(first.code), good_row(second.code)]
    with pytest.raises(PermissionDenied, match="3"):
        run_with(cast.donghu_officer, rows, meanwhile)
    # Nothing of the file was written: not even the first row, which raced with nobody.
    assert not AnnualStatistics.objects.filter(school=first).exists()


def test_a_school_moved_out_of_scope_meanwhile_rolls_the_import_back(cast):
    school = make_school(cast.donghu, "2136000104", "东湖区丁校")
    other = Unit.objects.get(code="360103")  # 西湖区

    def meanwhile():
        Unit.objects.filter(pk=school.pk).update(
            parent=other, path=f"{other.path}{school.pk}/", depth=other.depth + 1
        )

    with pytest.raises(PermissionDenied):
        run_with(cast.donghu_officer, [good_row(school.code)], meanwhile)
    assert not AnnualStatistics.objects.filter(school=school).exists()


def test_a_value_refused_in_a_field_is_refused_on_every_row_that_has_it(cast):
    # Each (field, value) that passed is remembered for the rest of the import; one that
    # failed must not be: both rows are named.
    codes = ["2136000105", "2136000106"]
    for code in codes:
        make_school(cast.donghu, code, f"东湖区学校{code}")
    huge = str(10**20)  # a whole number, beyond the database's integer range
    rows = [good_row(code, teachers_music=huge) for code in codes]
    content = xlsx(rows)
    with acting(cast.donghu_officer):
        report = StatisticsImporter(cast.donghu_officer).run(
            io.BytesIO(content), "stats.xlsx", len(content)
        )
    # Django's own MaxValueValidator: "确保该值小于或等于 …".
    named = [e for e in report.errors if "小于或等于" in e]
    assert len(named) == 2, report.errors
    assert AnnualStatistics.objects.count() == 0
