"""The enrolment part of ``make demo``: the 2026 primary-school (一年级) enrolment of 东湖区
and 进贤县 at the issue's scale, and the 2025 enrolment in summary.

- A catchment for every primary (and nine-year) school, three 小区 each; the first two
  schools of each district share the first catchment (多校划片). Versions published on
  28 July, before the window opened; the same for 2025.
- About 12,000 applications for 2026 (``PER_SCHOOL`` a school on average, urban schools
  more, rural fewer, the ``HOT`` oversubscribed 东湖区 schools ``EXTRA`` more), one parent
  account each. The facts (户籍, 房产 and since when, 居住证 and since when, the 小区) are
  drawn; the category follows from them by ``rules.category`` and the catchment rule of
  ``services.application_submit`` — a late 房产, a late 居住证 or a 小区 outside the
  school's catchment gives the category it gives in the app, never a typed one.
- Three documents each (户口簿, 房产证 or 租赁备案, and 居住证 or the 户口簿's second page):
  small valid PDFs, JPEGs and PNGs checked by ``core.files`` (the photos re-encoded
  without EXIF by ``read_photo``) and written under ``MEDIA_ROOT/enrolment/<year>/`` as
  the app stores them.
- The review on casework: the moves replayed by ``casework.cases_bulk_load`` (most
  approved, some asked for more — a few of them supplemented and approved — a few
  refused, a few still waiting).
- Placement of every school by category (``placement_prepare``); at the ``HOT`` schools
  the cut falls inside a category, drawn through the admissions lottery (public-string
  notary secret) and applied (``placement_apply_draw``): the bundles verify with
  ``scripts/verify_lottery.py``. The children not placed are on the 统筹 list, and each
  district assigns ``ASSIGNED`` of them by hand with a reason (``application_assign``,
  audited).
- 2025 in summary: plans and applications with their final result (placed by category,
  the rest placed by 统筹 elsewhere), no documents and no review cases: the statistics'
  year on year has a year to compare with.

Deterministic (seeded; file names and application numbers derived from the seed) and
written in bulk. Loads once: a second call adds nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import random
from collections import Counter, defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.casework.models import Case
from edugov.casework.services import PastCase, PastMove, cases_bulk_load
from edugov.core.context import acting
from edugov.core.crypto import blind_index
from edugov.core.files import read_evidence, read_photo
from edugov.core.io.bulk import bulk_insert, bulk_update_rows, rows_preparer
from edugov.engines.codes import id_check_char
from edugov.engines.lottery import commit
from edugov.org.models import Unit, UnitKind

from . import config, rules
from .casetypes import REVIEW
from .models import (
    Application,
    ApplicationDocument,
    Catchment,
    Community,
    SchoolPlan,
    Stage,
    Status,
)

SEED = 24
TZ = ZoneInfo("Asia/Shanghai")
YEAR, LAST_YEAR = 2026, 2025
OPENED = dt.datetime(2026, 8, 14, 9, 0, tzinfo=TZ)  # 幼升小 collection opens
PUBLISHED = dt.datetime(2026, 7, 28, 9, 0, tzinfo=TZ)  # 学区 published
DISTRICTS = ("360102", "360124")  # 东湖区, 进贤县
PER_SCHOOL = 100  # mean 2026 applications a school: 121 schools in the Nanchang demo
SEATS = 45  # a class: an ordinary school plans whole classes
EXTRA = 60  # more applicants at each oversubscribed school
HOT = 3  # oversubscribed 东湖区 schools (the first by code), decided by lottery
ASSIGNED = 6  # 统筹 assignments each district makes by hand in the demo
LAST_YEAR_SHARE = 0.93  # 2025's applications against 2026's (a smaller cohort)
# Demand by the school's setting (Unit.urban_rural): town centres draw more than villages.
WEIGHT = {"urban": 1.25, "town": 1.0, "rural": 0.7}
# The review's outcome, by share: approved; asked for more (still waiting); asked, added
# and approved; refused; not reviewed yet.
OUTCOMES = (("approve", 90), ("more", 3), ("more_then_approve", 4), ("refuse", 1), ("wait", 2))
# The demo notary's secret is a public string, as in the admissions demo: anyone may
# replay the demo draw.
NOTARY_SECRET = "-".join(("公证处", "2026", "演示"))
STEMS = (
    "阳光",
    "锦绣",
    "滨江",
    "翠苑",
    "金桥",
    "丽景",
    "书香",
    "青山",
    "湖滨",
    "紫荆",
    "桂花",
    "御景",
    "江南",
    "新城",
    "恒茂",
    "象湖",
    "秀水",
    "东方",
    "银河",
    "梧桐",
    "百花",
    "民和",
    "文港",
    "钟陵",
    "三里",
    "李渡",
    "前坊",
    "温圳",
    "架桥",
    "罗溪",
)
SUFFIXES = ("花园", "小区", "新村", "公寓", "佳苑")
PHASES = ("一期", "二期", "三期", "四期", "五期")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭罗熊万邹喻涂彭"
GIVEN = "子浩宇轩欣怡梓涵雨泽诗琪一诺思远沐辰若曦嘉豪佳琪俊杰晨阳雅婷明哲"


def _pdf(text: str) -> bytes:
    """A one-page PDF with a line of (ASCII) text and a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _photos() -> list[tuple[str, bytes, str]]:
    """A few small phone photos of a paper proof (JPEG and PNG), each passed once through
    the app's own check and EXIF-stripping re-encoding: (suffix, clean bytes, sha256)."""
    from PIL import Image, ImageDraw

    out = []
    for n, (fmt, suffix) in enumerate((("JPEG", ".jpg"), ("PNG", ".png")) * 2):
        img = Image.new("RGB", (96, 64), (245, 240 - 20 * n, 225))
        draw = ImageDraw.Draw(img)
        for row in range(8, 60, 9):
            draw.line((8, row, 88 - 7 * n, row), fill=(90, 90, 110))
        buf = io.BytesIO()
        img.save(buf, fmt)
        clean, sha = read_photo(SimpleUploadedFile(f"proof{suffix}", buf.getvalue()))
        out.append((suffix, clean.read(), sha))
    return out


def _community_names(count: int, rng: random.Random) -> list[str]:
    names = [f"{s}{x}{p}" for p in PHASES for x in SUFFIXES for s in STEMS]
    rng.shuffle(names)
    return names[:count]


def _officer(district: Unit) -> User:
    """The district's enrolment officer: a demo district admin, or one made for it."""
    found = User.objects.filter(unit=district, roles__code="district_admin", is_active=True).first()
    return found or _staff(district, "district_admin")


def _staff(unit: Unit, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=f"enrol_{unit.code}",
        defaults={"unit": unit, "must_change_password": False, "display_name": "招生审核"},
    )
    if created:
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role))
    return user


def _schools(district: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL,
            is_active=True,
            path__startswith=district.path,
            institution_type__in=["primary", "nine_year"],
        ).order_by("code")
    )


def _catchments(districts, schools_by, rng) -> dict[tuple[int, str], Catchment]:
    """Both years' catchments and 小区; returns {(year, 小区): catchment}."""
    rows: list[Catchment] = []
    members: list[tuple[int, int]] = []  # (row index, school pk)
    names: list[tuple[int, str]] = []
    pool = iter(_community_names(sum(3 * len(s) for s in schools_by.values()), rng))
    per_school = {s.pk: [next(pool) for _ in range(3)] for ss in schools_by.values() for s in ss}
    for year in (LAST_YEAR, YEAR):
        published = PUBLISHED.replace(year=year)
        for d in districts:
            schools = schools_by[d.pk]
            for i, school in enumerate(schools):
                rows.append(
                    Catchment(
                        district=d, year=year, name=f"{school.name}学区", published_at=published
                    )
                )
                members.append((len(rows) - 1, school.pk))
                if i == 1:  # 多校划片: the second school also takes the first's catchment
                    members.append((len(rows) - 2, school.pk))
                names += [(len(rows) - 1, n) for n in per_school[school.pk]]
    Catchment.objects.bulk_create(rows)
    through = Catchment.schools.through
    through.objects.bulk_create([through(catchment_id=rows[i].pk, unit_id=pk) for i, pk in members])
    Community.objects.bulk_create([Community(catchment=rows[i], name=n) for i, n in names])
    by_name = {(rows[i].year, n): rows[i] for i, n in names}
    schools_of = defaultdict(set)
    for i, pk in members:
        schools_of[rows[i].pk].add(pk)
    for c in rows:
        c.school_ids = schools_of[c.pk]
    return by_name


def _insert(objs: list, key: str | None = None) -> None:
    """Write model instances with the importer's fast path (COPY on PostgreSQL),
    prepared as their ``save`` would; with ``key`` (a unique field), read their ids back."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepare = rows_preparer(fields, add=True)
    for start in range(0, len(objs), 5000):
        bulk_insert(model, [f.name for f in fields], prepare(objs[start : start + 5000]))
    if key:
        wanted = [getattr(o, key) for o in objs]
        ids = {}
        for start in range(0, len(wanted), 5000):
            chunk = wanted[start : start + 5000]
            ids.update(model.objects.filter(**{f"{key}__in": chunk}).values_list(key, "pk"))
        for o in objs:
            o.pk = ids[getattr(o, key)]
            o._state.adding = False


def _facts(rng: random.Random, year: int) -> tuple[rules.Facts, bool]:
    """A family's facts, and whether they apply from a 小区 outside the school's
    catchment. The category is derived from these, as on the form."""
    kind = rng.choices(
        ("both", "both_late", "household", "home", "home_late", "permit", "permit_late", "out"),
        weights=(44, 3, 10, 14, 2, 19, 2, 6),
    )[0]
    day = dt.timedelta(days=rng.randrange(365))
    settled = dt.date(year - 6 - rng.randrange(6), 1, 1) + day  # years before the cut-offs
    late_home = dt.date(year, 7, 1) + dt.timedelta(days=rng.randrange(40))  # after 30 June
    late_permit = dt.date(year, 1, 2) + dt.timedelta(days=rng.randrange(150))  # this year
    household = kind in ("both", "both_late", "household", "out")
    home = kind in ("both", "both_late", "home", "home_late", "out")
    permit = kind in ("permit", "permit_late")
    return (
        rules.Facts(
            household_in_catchment=household,
            household_since=settled if household else None,
            property_in_catchment=home,
            property_since=(late_home if kind in ("both_late", "home_late") else settled)
            if home
            else None,
            residence_permit=permit,
            permit_since=(late_permit if kind == "permit_late" else settled) if permit else None,
        ),
        kind == "out",
    )


def _category(facts: rules.Facts, year: int, in_catchment: bool, private: bool) -> str:
    """``application_submit``'s rule: the facts' category, NONE for a public school
    whose catchment the 小区 is not in."""
    category = rules.category(
        facts,
        year,
        property_by=tuple(config.get("property_by")),
        permit_by_previous_year_end=config.get("permit_by_previous_year_end"),
    )
    return category if in_catchment or private else rules.NONE


def _applications(year, schools, plans_private, district_of, catchment_of, communities, rng):
    """The year's applications in memory (not saved): ``schools`` is a list of
    (school, demand)."""
    cut = rules.cutoff_date(year, month=config.get("cutoff_month"), day=config.get("cutoff_day"))
    latest = cut.replace(year=year - config.get("age_years"))
    seq: Counter = Counter()
    apps = []
    for school, demand in schools:
        district = district_of[school.pk]
        own = [n for n, c in catchment_of.items() if school.pk in c.school_ids]
        others = communities[district.pk]
        for _k in range(demand):
            serial = len(apps)
            facts, outside = _facts(rng, year)
            private = plans_private[school.pk]
            # A private school has no catchment: its families come from the district.
            pool = others if private or outside or not own else own
            community = rng.choice(pool)
            catchment = catchment_of.get(community)
            in_catchment = catchment is not None and school.pk in catchment.school_ids
            # The first child of the year is born on the cut-off day: the oldest edge.
            birth = latest if serial == 0 else latest - dt.timedelta(days=rng.randrange(366))
            seq[(district.code, birth)] += 1
            first17 = f"{district.code}{birth:%Y%m%d}{seq[(district.code, birth)]:03d}"
            child_id = first17 + id_check_char(first17)
            digest = hashlib.sha256(f"{SEED}:{year}:{serial}".encode()).hexdigest()
            apps.append(
                Application(
                    number=f"RX{year}{digest[:10].upper()}",
                    idempotency_key=f"demo-{year}-{serial}",
                    year=year,
                    stage=Stage.PRIMARY,
                    school=school,
                    private=private,
                    catchment=catchment if in_catchment else None,
                    community=community,
                    child_name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
                    child_id=child_id,
                    child_index=blind_index(child_id, "id"),
                    birth_date=birth,
                    household_in_catchment=facts.household_in_catchment,
                    household_since=facts.household_since,
                    property_in_catchment=facts.property_in_catchment,
                    property_since=facts.property_since,
                    residence_permit=facts.residence_permit,
                    permit_since=facts.permit_since,
                    category=_category(facts, year, in_catchment, private),
                    submitted_at=OPENED.replace(year=year)
                    + dt.timedelta(minutes=rng.randrange(5 * 24 * 60)),
                )
            )
    return apps


def _parents(apps: list[Application], year: int) -> None:
    """One parent account per application (no unit, the ``parent`` role), in bulk."""
    prefix = "139" if year == YEAR else "138"
    users = []
    for n, app in enumerate(apps):
        phone = f"{prefix}{n:08d}"
        user = User(
            username=f"p{phone}",
            phone=phone,
            must_change_password=False,
            password_changed_at=app.submitted_at,
        )
        user.set_unusable_password()
        users.append(user)
    _insert(users, "username")
    role = Role.objects.get(code="parent")
    _insert([RoleAssignment(user=u, role=role) for u in users])
    for app, user in zip(apps, users, strict=True):
        app.parent = user


def _reviewers(schools: list[Unit]) -> dict[int, User]:
    """A reviewing account for each school (招生审核, school admin), in bulk."""
    have = {u.username: u for u in User.objects.filter(username__startswith="enrol_")}
    new = []
    for s in schools:
        if f"enrol_{s.code}" not in have:
            user = User(
                username=f"enrol_{s.code}",
                unit=s,
                display_name="招生审核",
                must_change_password=False,
            )
            user.set_unusable_password()
            new.append(user)
    User.objects.bulk_create(new)
    role = Role.objects.get(code="school_admin")
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=role) for u in new])
    have.update({u.username: u for u in new})
    return {s.pk: have[f"enrol_{s.code}"] for s in schools}


def _review(apps: list[Application], reviewers, officers, district_of, rng) -> int:
    """Decide each 2026 application's review, set its status, and record the review
    cases with their moves through ``cases_bulk_load`` (one load per district, by its
    officer). Returns the number of cases."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import gettext as _

    names, weights = zip(*OUTCOMES, strict=True)
    by_district: dict[int, list[tuple[Application, PastCase]]] = defaultdict(list)
    for app in apps:
        outcome = rng.choices(names, weights=weights)[0]
        reviewer = reviewers[app.school_id]
        at = app.submitted_at + dt.timedelta(hours=4 + rng.randrange(44))
        ask = (
            "请补充不动产权证或租赁备案证明" if app.property_in_catchment else "请补充户口簿户主页"
        )
        moves = {
            "approve": [PastMove("approve", at, reviewer, {"outcome": "材料审核通过"})],
            "more": [PastMove("ask_more", at, reviewer, {"reason": ask})],
            "more_then_approve": [
                PastMove("ask_more", at, reviewer, {"reason": ask}),
                PastMove("supplement", at + dt.timedelta(days=1), app.parent),
                PastMove(
                    "approve", at + dt.timedelta(days=2), reviewer, {"outcome": "材料审核通过"}
                ),
            ],
            "refuse": [PastMove("refuse", at, reviewer, {"outcome": "户籍与房产证明经核实不符"})],
            "wait": [],
        }[outcome]
        app.status = {
            "approve": Status.APPROVED,
            "more_then_approve": Status.APPROVED,
            "more": Status.MORE,
            "refuse": Status.REFUSED,
            "wait": Status.SUBMITTED,
        }[outcome]
        if outcome in ("more", "refuse"):  # the reason shown to the parent
            app.reason = moves[-1].data.get("reason") or moves[-1].data["outcome"]
        title = _("Enrolment application %(no)s") % {"no": app.number}
        school = app.school
        past = PastCase(
            title=title,
            unit=school,
            lead_unit=school,
            school=school,
            opened_at=app.submitted_at,
            opened_by=app.parent,
            moves=moves,
            subject_label=app.number,
        )
        by_district[district_of[app.school_id].pk].append((app, past))
    subject_type = ContentType.objects.get_for_model(Application).pk
    total = 0
    for district_pk, pairs in by_district.items():
        cases = cases_bulk_load(
            user=officers[district_pk], case_type=REVIEW, cases=[p for _a, p in pairs]
        )
        bulk_update_rows(
            Application,
            ["status", "reason", "case"],
            [((a.status, a.reason, c.pk), a.pk) for (a, _p), c in zip(pairs, cases, strict=True)],
        )
        bulk_update_rows(
            Case,
            ["subject_type", "subject_id"],
            [((subject_type, a.pk), c.pk) for (a, _p), c in zip(pairs, cases, strict=True)],
        )
        total += len(cases)
    return total


def _documents(apps: list[Application], rng: random.Random) -> int:
    """Three documents an application, written where ``services._store_documents``
    writes them, their rows in bulk. PDFs are made per document and checked by
    ``core.files.read_evidence``; the photos are a few clean (EXIF-stripped) pictures."""
    root = Path(settings.MEDIA_ROOT) / "enrolment" / str(YEAR)
    root.mkdir(parents=True, exist_ok=True)
    photos = _photos()
    rows = []
    for app in apps:
        third = ("permit", "居住证.pdf") if app.residence_permit else ("household", "户口簿-2.pdf")
        proof = "房产证" if app.property_in_catchment else "租赁备案"
        for k, (kind, name) in enumerate((("household", "户口簿.pdf"), ("property", proof), third)):
            token = hashlib.sha256(f"{SEED}:{app.number}:{k}".encode()).hexdigest()[:32]
            if kind == "property":
                suffix, data, sha = photos[rng.randrange(len(photos))]
                name = f"{name}{suffix}"
            else:
                suffix, data = ".pdf", _pdf(f"{app.number} page {k + 1}")
                sha = read_evidence(SimpleUploadedFile(name, data))
            path = root / f"{token}{suffix}"
            path.write_bytes(data)
            rows.append(
                ApplicationDocument(
                    application=app,
                    kind=kind,
                    name=name,
                    path=str(path),
                    sha256=sha,
                    size=len(data),
                    uploaded_at=app.submitted_at,
                )
            )
    _insert(rows)
    return len(rows)


def _seats(apps: list[Application], hot: bool) -> int:
    """An ordinary school plans whole classes for its applicants and a margin; an
    oversubscribed one has fewer seats than its approved applicants, the cut inside a
    category (preferably the second) with at least two applicants: that one is drawn."""
    if not hot:
        return SEATS * max(1, -(-len(apps) * 11 // (10 * SEATS)))
    order = list(config.get("categories")) + [rules.NONE]
    counts = Counter(a.category for a in apps if a.status == Status.APPROVED)
    above = 0
    choices = []
    for cat in order:
        if counts[cat] >= 2:
            choices.append(above + counts[cat] // 2)
        above += counts[cat]
    if not choices:
        return max(1, above - 1)
    return choices[1] if len(choices) > 1 else choices[0]


def _last_year(apps: list[Application], seats: dict[int, int], spare: dict[int, list[Unit]], rng):
    """2025 in summary: each school's applicants placed by category (the cut category
    by a shuffle standing for last year's draw), the rest placed by 统筹 at another
    school of the district on 1 September."""
    order = {c: i for i, c in enumerate(list(config.get("categories")) + [rules.NONE])}
    by_school = defaultdict(list)
    for a in apps:
        by_school[a.school_id].append(a)
    assigned_at = dt.datetime(LAST_YEAR, 9, 1, 9, 0, tzinfo=TZ)
    for school_pk, group in by_school.items():
        rng.shuffle(group)
        group.sort(key=lambda a: order[a.category])
        for n, a in enumerate(group):
            if n < seats[school_pk]:
                a.status, a.placed_school_id = Status.PLACED, school_pk
            else:
                others = spare.get(school_pk) or [a.school]  # no other school: a class more
                target = others[n % len(others)]
                a.status, a.placed_school = Status.PLACED, target
                a.assigned_at = assigned_at
                a.reason = f"{LAST_YEAR}年统筹：{target.name}有余位"


def _draw(officer: User, plan: SchoolPlan) -> bool:
    """Place a school by category; when the cut falls inside a category, run the
    admissions lottery for it (commit, close, reveal, draw) and apply the result. The
    parents' SMS notices go to the console SMS; the demo keeps them off its output."""
    from edugov.admissions.services.lottery import draw_close, draw_run, party_commit, party_reveal

    from .services import placement_apply_draw, placement_prepare

    with acting(officer):
        draw = placement_prepare(
            user=officer, plan=plan, public_number_rule="2026年8月30日中国福利彩票3D开奖号码"
        )
        if draw is None:
            return False
        party_commit(draw=draw, party="南昌市公证处", commitment=commit(NOTARY_SECRET))
        draw_close(draw=draw)
        party_reveal(party=draw.parties.get(), secret=NOTARY_SECRET)
        draw_run(draw=draw, public_number="372")
        plan.refresh_from_db()
        with contextlib.redirect_stdout(io.StringIO()):
            placement_apply_draw(user=officer, plan=plan)
    return True


def _assign(officer: User, district: Unit, hot: list[int]) -> int:
    """统筹: the district places ``ASSIGNED`` unplaced children by hand, each at the
    school of the district with the most seats left, with a reason (audited)."""
    from django.db.models import Count

    from .services import application_assign, assign_targets

    waiting = list(
        Application.objects.filter(
            year=YEAR, status=Status.UNPLACED, school__path__startswith=district.path
        ).order_by("number")[:ASSIGNED]
    )
    if not waiting:
        return 0
    placed = dict(
        Application.objects.filter(year=YEAR, status=Status.PLACED)
        .values_list("placed_school")
        .annotate(n=Count("pk"))
    )
    seats = dict(SchoolPlan.objects.filter(year=YEAR).values_list("school_id", "seats"))
    targets = [s for s in assign_targets(officer, waiting[0]) if s.pk not in hot]
    if not targets:
        return 0
    left = {s.pk: seats.get(s.pk, 0) - placed.get(s.pk, 0) for s in targets}
    at = dt.datetime(YEAR, 9, 1, 10, 0, tzinfo=TZ)
    for n, app in enumerate(waiting):
        target = max(targets, key=lambda s: (left[s.pk], -s.pk))
        left[target.pk] -= 1
        reason = ("就近统筹：{s}尚有余位，离居住小区较近", "经家长同意统筹至{s}（有余位）")[n % 2]
        with acting(officer), contextlib.redirect_stdout(io.StringIO()):
            application_assign(
                user=officer,
                application=app,
                school=target,
                reason=reason.format(s=target.name),
                now=at + dt.timedelta(minutes=7 * n),
            )
    return len(waiting)


def load_demo() -> str:
    from edugov.audit.services import audit_record

    if Catchment.objects.filter(year=YEAR).exists():
        return "enrolment: already loaded"
    rng = random.Random(SEED)
    districts = list(Unit.objects.filter(code__in=DISTRICTS).order_by("code"))
    if not districts:
        return ""
    schools_by = {d.pk: _schools(d) for d in districts}
    district_of = {s.pk: d for d in districts for s in schools_by[d.pk]}
    schools = [s for d in districts for s in schools_by[d.pk]]
    private = {s.pk: s.ownership == "private" for s in schools}
    public_by = {pk: [s for s in ss if not private[s.pk]] for pk, ss in schools_by.items()}
    donghu = public_by[districts[0].pk]  # by code: 东湖区 first
    # Oversubscribed: the first HOT 东湖区 schools this year; last year all but the last
    # of them and the school after them (year on year: some both years, some one).
    hot = [s.pk for s in donghu[:HOT]]
    hot_last = [s.pk for s in donghu[: max(HOT - 1, 0)]] + [s.pk for s in donghu[HOT : HOT + 1]]
    with transaction.atomic():
        by_name = _catchments(districts, public_by, rng)
        communities = defaultdict(list)
        for (year, name), c in by_name.items():
            if year == YEAR:
                communities[c.district_id].append(name)
        officers = {d.pk: _officer(d) for d in districts}

        def demand(school: Unit, year: int) -> int:
            share = LAST_YEAR_SHARE if year == LAST_YEAR else 1.0
            extra = EXTRA if school.pk in (hot if year == YEAR else hot_last) else 0
            return round(PER_SCHOOL * WEIGHT.get(school.urban_rural, 1.0) * share) + extra

        made: dict[int, list[Application]] = {}
        for year in (LAST_YEAR, YEAR):
            catchment_of = {n: c for (y, n), c in by_name.items() if y == year}
            made[year] = _applications(
                year,
                [(s, demand(s, year)) for s in schools],
                private,
                district_of,
                catchment_of,
                communities,
                rng,
            )
            _parents(made[year], year)
        # 2025, in summary: final results straight away.
        last = made[LAST_YEAR]
        for a in last:
            a.status = Status.APPROVED
        last_seats = {}
        for s in schools:
            mine = [a for a in last if a.school_id == s.pk]
            last_seats[s.pk] = _seats(mine, s.pk in hot_last)
        spare = {
            s.pk: [t for t in public_by[district_of[s.pk].pk] if t.pk not in hot_last and t != s]
            for s in schools
        }
        _last_year(last, last_seats, spare, rng)
        apps = made[YEAR]
        _insert(last + apps, "number")
        reviewers = _reviewers(schools)
        cases = _review(apps, reviewers, officers, district_of, rng)
        docs = _documents(apps, rng)
        plans = []
        for year, seats_of in ((LAST_YEAR, last_seats), (YEAR, None)):
            for s in schools:
                if seats_of is None:
                    mine = [a for a in apps if a.school_id == s.pk]
                    seats = _seats(mine, s.pk in hot)
                else:
                    seats = seats_of[s.pk]
                plans.append(
                    SchoolPlan(
                        school=s, year=year, stage=Stage.PRIMARY, seats=seats, private=private[s.pk]
                    )
                )
        SchoolPlan.objects.bulk_create(plans)
        audit_record(
            "enrolment.demo_load",
            object_type="enrolment.application",
            object_repr="演示数据",
            changes={"applications": {y: len(a) for y, a in made.items()}, "documents": docs},
        )
    drawn = []
    for plan in (
        SchoolPlan.objects.filter(year=YEAR).select_related("school").order_by("school__code")
    ):
        if _draw(officers[district_of[plan.school_id].pk], plan):
            drawn.append(plan.school.name)
    assigned = sum(_assign(officers[d.pk], d, hot) for d in districts)
    unplaced = Application.objects.filter(year=YEAR, status=Status.UNPLACED).count()
    cats = Counter(a.category for a in apps)
    draws = f"{len(drawn)} draw{'' if len(drawn) == 1 else 's'} at {'、'.join(drawn) or '—'}"
    return (
        f"enrolment: {len(by_name) // 6} catchments a year, {len(apps)} applications "
        f"{YEAR} ({', '.join(f'{k} {v}' for k, v in sorted(cats.items()))}), {docs} documents, "
        f"{cases} review cases, {draws}, {unplaced} for 统筹 after {assigned} assigned; "
        f"{len(made[LAST_YEAR])} applications {LAST_YEAR} in summary"
    )
