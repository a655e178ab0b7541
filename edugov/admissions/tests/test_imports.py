"""Two-phase imports of candidates, programmes and preferences: each bad row is named and
nothing is written; a re-import changes nothing; a locked session refuses input."""

import csv
import io

import pytest

from edugov.core.context import acting

from ..importers import (
    CandidateImporter,
    LotteryApplicantImporter,
    PreferenceImporter,
    ProgrammeImporter,
)
from ..models import Candidate, LotteryApplicant, Preference, Programme, ProgrammeQuota
from ..services import run_publish
from .conftest import scores_for

pytestmark = pytest.mark.django_db


def run(importer, user, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    content = buf.getvalue().encode()
    with acting(user):
        return importer(user).run(io.BytesIO(content), "f.csv", len(content))


CAND_HEADER = [c.field for c in CandidateImporter.columns]


def cand_row(exam, school="3136000002", level=600, **over):
    scores = scores_for(level)
    values = {
        "year": "2026",
        "exam_number": exam,
        "name": "李四",
        "junior_school_code": school,
        "total": str(sum(scores)),
        **{s: str(v) for s, v in zip(CandidateImporter.columns[5:13], scores, strict=True)},
        "bonus": "0",
        "flags": "本市户籍",
    }
    values = {(k.field if hasattr(k, "field") else k): v for k, v in values.items()}
    values.update(over)
    return [values.get(h, "") for h in CAND_HEADER]


def test_candidates_import_and_a_reimport_changes_nothing(world, cast):
    rows = [cand_row("2026100001"), cand_row("2026100002", level=500)]
    report = run(CandidateImporter, cast.city_admin, CAND_HEADER, rows)
    assert report.ok, report.errors
    assert report.created == 2
    c = Candidate.objects.get(exam_number="2026100001")
    assert c.name == "李四" and c.flag_bits == 1 and len(c.scores) == 8
    again = run(CandidateImporter, cast.city_admin, CAND_HEADER, rows)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_an_out_of_range_score_is_rejected_with_its_row_and_nothing_is_written(world, cast):
    rows = [cand_row("2026100001"), cand_row("2026100002", 数学="121")]
    report = run(CandidateImporter, cast.city_admin, CAND_HEADER, rows)
    assert not report.ok
    assert len(report.errors) == 1
    assert report.errors[0].startswith("第 3 行 第 G 列（数学）")
    assert not Candidate.objects.filter(exam_number="2026100001").exists()


def test_an_unknown_junior_school_is_rejected_with_its_row(world, cast):
    report = run(
        CandidateImporter, cast.city_admin, CAND_HEADER, [cand_row("2026100001", "3136999999")]
    )
    assert not report.ok and report.errors[0].startswith("第 2 行 第 D 列")
    assert not Candidate.objects.filter(exam_number="2026100001").exists()


def test_a_district_officer_cannot_import_candidates_of_another_district(world, cast):
    report = run(
        CandidateImporter, cast.donghu_officer, CAND_HEADER, [cand_row("2026100009", "3136000902")]
    )
    assert not report.ok
    assert not Candidate.objects.filter(exam_number="2026100009").exists()


PROG_HEADER = [c.field for c in ProgrammeImporter.columns]


def test_programmes_import_with_their_quota_allocations(world, cast):
    rows = [
        [
            "2026",
            "P03",
            "二中分校",
            "3436000901",
            "公办",
            "",
            "是",
            "30",
            "",
            "3136000002:4;3136000902:2",
        ],
    ]
    report = run(ProgrammeImporter, cast.city_admin, PROG_HEADER, rows)
    assert report.ok, report.errors
    p = Programme.objects.get(code="P03")
    assert p.is_key and p.open_seats == 30
    assert sorted(ProgrammeQuota.objects.filter(programme=p).values_list("seats", flat=True)) == [
        2,
        4,
    ]


def test_a_programme_at_an_unknown_school_is_rejected(world, cast):
    rows = [["2026", "P03", "x", "3436999999", "公办", "", "", "30", "", ""]]
    report = run(ProgrammeImporter, cast.city_admin, PROG_HEADER, rows)
    assert not report.ok and not Programme.objects.filter(code="P03").exists()


PREF_HEADER = [c.field for c in PreferenceImporter.columns]


def test_preferences_import(world, cast):
    rows = [["2026", "2026000006", "征集", "1", "P02"], ["2026", "2026000006", "征集", "2", "P01"]]
    report = run(PreferenceImporter, cast.city_admin, PREF_HEADER, rows)
    assert report.ok, report.errors
    assert Preference.objects.filter(batch="征集").count() == 2


def test_a_duplicate_preference_is_rejected_naming_both_rows(world, cast):
    rows = [["2026", "2026000006", "征集", "1", "P02"], ["2026", "2026000006", "征集", "2", "P02"]]
    report = run(PreferenceImporter, cast.city_admin, PREF_HEADER, rows)
    assert not report.ok
    assert len(report.errors) == 1
    assert report.errors[0].startswith("第 3 行 第 E 列") and "2" in report.errors[0]
    assert not Preference.objects.filter(batch="征集").exists()


def test_more_than_k_choices_is_rejected_with_the_row(world, cast):
    # the world's session allows K = 3 choices per list
    rows = [["2026", "2026000006", "征集", str(r), code] for r, code in ((1, "P02"), (4, "P01"))]
    report = run(PreferenceImporter, cast.city_admin, PREF_HEADER, rows)
    assert not report.ok and len(report.errors) == 1
    assert report.errors[0].startswith("第 3 行 第 D 列") and "3" in report.errors[0]
    assert not Preference.objects.filter(batch="征集").exists()


def test_a_session_with_a_published_run_refuses_imports(world, cast):
    run_publish(run=world.run, user=cast.city_admin)
    report = run(CandidateImporter, cast.city_admin, CAND_HEADER, [cand_row("2026100001")])
    assert not report.ok
    assert not Candidate.objects.filter(exam_number="2026100001").exists()


def test_lottery_applications_import_only_while_the_draw_is_open(world, cast):
    header = [c.field for c in LotteryApplicantImporter.columns]
    report = run(
        LotteryApplicantImporter, cast.donghu_officer, header, [["2026", "3136000002", "B001", "2"]]
    )
    assert report.ok, report.errors
    assert LotteryApplicant.objects.filter(application_number="B001").exists()


def test_candidates_go_to_the_session_of_the_importers_own_city(world, cast):
    """Two cities hold a 2026 session: a user of the second city imports into hers, not
    into the first one found for the year."""
    from edugov.admissions.models import AdmissionSession
    from edugov.conftest import make_user
    from edugov.org.models import Unit
    from edugov.org.services import unit_save

    # Through the service, which sets the tree paths the session lookup reads.
    jiujiang = unit_save(
        unit=Unit(kind="city", code="360400", name="九江市", parent=cast.city.parent)
    )
    district = unit_save(unit=Unit(kind="district", code="360402", name="濂溪区", parent=jiujiang))
    school = unit_save(unit=Unit(
        kind="school", code="3136000950", name="濂溪中学", parent=district,
        institution_type="junior", ownership="public",
    ))  # fmt: skip
    theirs = AdmissionSession.objects.create(
        city=jiujiang,
        year=2026,
        name="2026年九江市中考",
        subjects=world.session.subjects,
        subject_max=world.session.subject_max,
        max_total=world.session.max_total,
        flags=world.session.flags,
        max_choices=3,
    )
    assert AdmissionSession.objects.filter(year=2026).first() == world.session
    report = run(
        CandidateImporter,
        make_user("jiujiang_admin", "city_admin", jiujiang),
        CAND_HEADER,
        [cand_row("2026900001", school=school.code)],
    )
    assert report.ok, report.errors
    assert Candidate.objects.get(exam_number="2026900001").session == theirs
    ours = run(CandidateImporter, cast.donghu_officer, CAND_HEADER, [cand_row("2026100077")])
    assert ours.ok, ours.errors
    assert Candidate.objects.get(exam_number="2026100077").session == world.session


def test_a_student_number_links_the_candidate_to_the_roll(world, cast):
    from edugov.students.tests.conftest import make_student

    student = make_student(cast.donghu_junior, id_number="", grade=9)
    number = student.student_number.lower()  # as typed: the case does not matter
    rows = [cand_row("2026100001", student_number=f" {number} "), cand_row("2026100002")]
    report = run(CandidateImporter, cast.city_admin, CAND_HEADER, rows)
    assert report.ok, report.errors
    assert Candidate.objects.get(exam_number="2026100001").student == student
    assert Candidate.objects.get(exam_number="2026100002").student is None
    # A later file without the column leaves the link alone.
    header = [h for h in CAND_HEADER if h != "student_number"]
    again = run(CandidateImporter, cast.city_admin, header, [r[:-1] for r in rows])
    assert again.ok and again.unchanged == 2
    assert Candidate.objects.get(exam_number="2026100001").student == student


def test_an_unknown_student_number_is_a_named_row_error_and_nothing_is_written(world, cast):
    from edugov.students.tests.conftest import make_student

    elsewhere = make_student(cast.jinxian_school, id_number="", grade=9)
    rows = [
        cand_row("2026100001", student_number="J000000000000000099"),
        cand_row("2026100002", student_number=elsewhere.student_number),
    ]
    report = run(CandidateImporter, cast.donghu_officer, CAND_HEADER, rows)
    assert not report.ok and len(report.errors) == 2
    assert report.errors[0].startswith("第 2 行") and "学籍号" in report.errors[0]
    assert report.errors[1].startswith("第 3 行")  # another district's student: not hers
    assert not Candidate.objects.filter(exam_number__in=["2026100001", "2026100002"]).exists()
