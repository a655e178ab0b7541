"""Believable students for the demo and the load test (a deterministic generator).

Plain Python at module level — no Django import until a function needs the ORM — so
that ``bench/load_data.py`` can stream the same rows into worker processes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

SEED = 20240901
# The school year the grades refer to (September start). Fixed rather than taken from the
# clock so that two builds on different days hold the same students.
SCHOOL_YEAR = 2026
CLASS_SIZE = 45
# Grades per institution type; kindergartens, vocational and special schools keep no
# 学籍 rows in this registry's 1–12 grade range (or too few to matter for load).
GRADES: dict[str, range] = {
    "primary": range(1, 7),
    "junior": range(7, 10),
    "nine_year": range(1, 10),
    "complete_secondary": range(7, 13),
    "senior": range(10, 13),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
GIVEN = "子涵浩宇欣怡梓轩一诺雨桐思远家豪俊杰晨曦佳琪明轩若汐诗涵博文天佑嘉怡宇航雅婷志强建华丽娟海燕秀英春梅文静晓东伟强红霞国平玉兰"
ROADS = [
    "八一大道",
    "北京东路",
    "阳明路",
    "象山北路",
    "丰和大道",
    "迎宾大道",
    "井冈山大道",
    "青山路",
    "洪都大道",
    "胜利路",
    "民德路",
    "抚河路",
]
STATUS_WEIGHTS = [("enrolled", 0.97), ("suspended", 0.01), ("transferred", 0.015), ("left", 0.005)]
MOBILE_PREFIXES = [
    "135",
    "136",
    "138",
    "139",
    "150",
    "152",
    "158",
    "159",
    "180",
    "182",
    "187",
    "188",
    "191",
    "199",
]


def area_codes() -> tuple[dict[int, list[str]], list[str]]:
    """Area codes per school-parent id, and the districts' codes for city-run schools."""
    from edugov.org.models import Unit, UnitKind

    districts = sorted(Unit.objects.filter(kind=UnitKind.DISTRICT).values_list("code", flat=True))
    by_parent: dict[int, list[str]] = {}
    for unit in Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]).select_related(
        "legal_district"
    ):
        code = unit.code if unit.kind == UnitKind.DISTRICT else unit.legal_district.code
        by_parent[unit.pk] = [code]
    return by_parent, districts


def birth_range(grade: int) -> tuple[dt.date, int]:
    """First birth date and span in days for a grade: grade 1 in SCHOOL_YEAR is the
    cohort aged 6 on 31 August (born 1 Sep SCHOOL_YEAR-7 … 31 Aug SCHOOL_YEAR-6)."""
    start = dt.date(SCHOOL_YEAR - 6 - grade, 9, 1)
    end = dt.date(SCHOOL_YEAR - 5 - grade, 8, 31)
    return start, (end - start).days + 1


def plaintext_batches(
    shares: list[tuple[Any, int]],
    by_parent: dict[int, list[str]],
    districts: list[str],
    batch: int,
) -> Iterator[list[tuple]]:
    """Yield batches of plaintext rows (school id, ID number, grade, class, status,
    name, guardian name, phone, address); deterministic for given shares.

    Plain Python only (no ORM): ``Pool.imap`` consumes it from its own thread."""
    from edugov.engines.codes import id_check_char

    rng = random.Random(SEED)
    # (area, birth date, sex) -> next sequence number, so that every ID number is unique
    # (odd sequence = male, GB 11643); 500 per sex per day per area is far above need.
    seq: dict[tuple[str, dt.date, bool], int] = defaultdict(int)
    statuses = [s for s, _ in STATUS_WEIGHTS]
    status_w = [w for _, w in STATUS_WEIGHTS]
    rows: list[tuple] = []
    for school, count in shares:
        grades = list(GRADES[school.institution_type])
        areas = by_parent.get(school.parent_id, districts)
        road = rng.choice(ROADS)
        for g, grade in enumerate(grades):
            # Split the school's count evenly over its grades (the first ones get the rest).
            in_grade = count // len(grades) + (1 if g < count % len(grades) else 0)
            start, span = birth_range(grade)
            for i in range(in_grade):
                klass = f"{i // CLASS_SIZE + 1}班"
                # Most children were born in the school's district; some moved in.
                area = areas[0] if rng.random() < 0.85 else rng.choice(districts)
                born = start + dt.timedelta(days=rng.randrange(span))
                male = rng.random() < 0.515
                key = (area, born, male)
                n = seq[key]
                seq[key] = n + 1
                if n >= 500:
                    raise SystemExit(f"ID sequence space exhausted for {key}")
                first17 = f"{area}{born:%Y%m%d}{2 * n + (1 if male else 0):03d}"
                idn = first17 + id_check_char(first17)
                surname = rng.choice(SURNAMES)
                given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
                guardian = rng.choice((surname, rng.choice(SURNAMES))) + "".join(
                    rng.choice(GIVEN) for _ in range(2)
                )
                phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
                address = (
                    f"{road}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋{rng.randint(101, 2806)}室"
                )
                status = rng.choices(statuses, status_w)[0]
                rows.append(
                    (
                        school.pk,
                        idn,
                        grade,
                        klass,
                        status,
                        surname + given,
                        guardian,
                        phone,
                        address,
                    )
                )
                if len(rows) == batch:
                    yield rows
                    rows = []
    if rows:
        yield rows


def load_demo_students(
    per_school: int = 40, district_codes: tuple[str, ...] = ("360102", "360124")
) -> int:
    """A few thousand students in the named districts' schools, for ``make demo``.

    Written through the model (encrypted fields, blind indexes, derived birth date and
    sex), in bulk: the demo loads in seconds, not minutes.
    """
    from edugov.org.models import Unit, UnitKind
    from edugov.students.models import Student, derived_fields

    if Student.objects.exists():
        return 0
    schools = list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL, institution_type__in=list(GRADES), parent__code__in=district_codes
        )
        .select_related("parent")
        .order_by("pk")
    )
    by_parent, districts = area_codes()
    students = []
    for batch in plaintext_batches(
        [(s, per_school) for s in schools], by_parent, districts, 10_000
    ):
        for school_id, idn, grade, klass, status, name, guardian, phone, address in batch:
            values, errors = derived_fields(
                student_number="G" + idn, id_number=idn, birth_date=None, sex=""
            )
            if errors:
                raise ValueError(f"generated an invalid student: {errors}")
            students.append(
                Student(
                    school_id=school_id,
                    name=name,
                    grade=grade,
                    class_name=klass,
                    status=status,
                    guardian_name=guardian,
                    guardian_phone=phone,
                    home_address=address,
                    **values,
                )
            )
    Student.objects.bulk_create(students, batch_size=1000)
    return len(students)
