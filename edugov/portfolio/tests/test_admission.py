"""The 中考 minimum line on the portfolio, through the admissions app's own run: a
programme requiring 综评达标 admits only candidates whose signed-off grade-9 records meet
the configured minimum in all five dimensions."""

import datetime as dt

import pytest
from django.test import override_settings

from edugov.admissions.models import CandidateResult, Run
from edugov.admissions.services import run_compute, run_save
from edugov.admissions.tests.conftest import build_world
from edugov.core.context import acting
from edugov.portfolio.models import Dimension, PortfolioRecord
from edugov.portfolio.services import portfolio_publish, portfolio_sign_off
from edugov.students.tests.conftest import make_student

from .world import record

pytestmark = pytest.mark.django_db


def signed_portfolio(cast, junior, grades: dict[str, str]):
    """A grade-9 student of ``junior`` with one signed-off record per dimension given."""
    student = make_student(junior, id_number="", grade=9, class_name="9班")
    user = cast.city_admin
    for dimension, grade in grades.items():
        r = record(user, junior, student=student, dimension=dimension, grade=grade)
        with acting(user):
            portfolio_publish(user=user, record=r, today=dt.date(2026, 3, 2))
            portfolio_sign_off(user=user, record=r, today=dt.date(2026, 3, 9))
    return student


def placed(run):
    return dict(
        CandidateResult.objects.filter(run=run).values_list(
            "candidate__exam_number", "programme__code"
        )
    )


def link_by_code(w, links):
    """The link set by code, as before the import had the column."""
    for exam, student in links.items():
        c = w.candidates[exam]
        c.student = student
        c.save()


def link_by_import(w, links):
    """The candidates' file again, now with the 学籍号 column (中考报名 carries it)."""
    import io

    from edugov.admissions.importers import CandidateImporter

    header = [c.field for c in CandidateImporter.columns]
    lines = [",".join(header)]
    for exam, student in links.items():
        c = w.candidates[exam]
        c.refresh_from_db()
        flags = ";".join(f for i, f in enumerate(w.session.flags) if c.flag_bits >> i & 1)
        values = {
            "year": str(w.session.year),
            "exam_number": exam,
            "name": c.name,
            "junior_school_code": c.junior_school.code,
            "total": str(c.total),
            "bonus": str(c.bonus),
            "flags": flags,
            "student_number": student.student_number,
            **dict(zip(w.session.subjects, map(str, c.scores), strict=True)),
        }
        lines.append(",".join(values.get(h, "") for h in header))
    content = "\n".join(lines).encode()
    user = w.importer
    with acting(user):
        report = CandidateImporter(user).run(io.BytesIO(content), "c.csv", len(content))
    assert report.ok and report.updated == len(links), report.errors


def run_with_portfolio_line(cast, link=link_by_code):
    w = build_world(cast)
    w.importer = cast.city_admin
    assert placed(w.run)["2026000001"] == "P01"  # without the line the best takes P01
    session = w.session
    session.flags = [*session.flags, "综评达标"]
    session.save()
    w.key_programme.required_flag_bits = 1 << session.flags.index("综评达标")
    w.key_programme.save()
    all_b = dict.fromkeys(Dimension.values, "B")
    one_d = {**dict.fromkeys(Dimension.values, "C"), Dimension.ARTS: "D"}
    link(
        w,
        {
            exam: signed_portfolio(cast, w.candidates[exam].junior_school, grades)
            for exam, grades in [
                ("2026000001", one_d),
                ("2026000002", all_b),
                ("2026000003", all_b),
            ]
        },
    )
    with acting(None):
        run = run_save(run=Run(session=session, name="综评线", config={}))
        run_compute(run=run)
    return w, placed(run)


def test_a_candidate_below_the_minimum_is_not_admitted_to_a_school_requiring_it(cast):
    w, result = run_with_portfolio_line(cast)
    assert result["2026000001"] != "P01"  # a D in 艺术素养, below the default line C
    assert result["2026000001"] == "P02"  # the second choice does not require it
    assert result["2026000002"] == result["2026000003"] == "P01"
    # candidates with no portfolio (no linked student) hold no flag either
    assert "P01" not in {result[e] for e in ("2026000004", "2026000005", "2026000006")}


def test_the_line_reaches_candidates_linked_by_the_import_of_their_student_numbers(cast):
    _, result = run_with_portfolio_line(cast, link_by_import)
    assert result["2026000001"] == "P02"
    assert result["2026000002"] == result["2026000003"] == "P01"


@override_settings(EDUGOV_PORTFOLIO={"zhongkao_min_grade": "D"})
def test_a_lower_configured_minimum_admits_the_same_candidate(cast):
    _, result = run_with_portfolio_line(cast)
    assert result["2026000001"] == "P01"


def test_an_unsigned_dimension_does_not_count(cast):
    w = build_world(cast)
    student = signed_portfolio(cast, w.donghu_junior, dict.fromkeys(Dimension.values[:4], "A"))
    record(cast.city_admin, w.donghu_junior, student=student, dimension="practice", grade="A")
    from edugov.portfolio.selectors import grade9_summary_unscoped, meets_minimum

    summary = grade9_summary_unscoped([student.pk])[student.pk]
    assert len(summary) == 4 and not meets_minimum(summary, "C")
    assert PortfolioRecord.objects.filter(student=student).count() == 5
