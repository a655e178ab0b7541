"""The analysis job: candidates' packed marks → the engine → cached results.

``exam_analyse`` reads an exam's candidates once (streamed, into numpy arrays), runs
``engines.exams.analyse`` and the item analysis, and replaces the exam's ``UnitResult``
rows, every candidate's ranks and — when the exam names a prior exam — the value added,
in one transaction with one audit event. Reports only ever read what this writes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.engines.exams import (
    ScoreSheet,
    Thresholds,
    analyse,
    item_analysis,
    match_candidates,
    value_added,
)
from edugov.engines.exams.backends import ENGINES
from edugov.engines.exams.kernels import compute_totals
from edugov.jobs.services import JobFailed, register
from edugov.org.models import Unit

from .models import (
    MARK_DTYPE,
    RANK_DTYPE,
    Candidate,
    Exam,
    ExamStatus,
    Level,
    UnitResult,
    ValueAddedResult,
)

Progress = Callable[[int, int, str], None]
CHUNK = 20_000


def _none(x: float) -> float | None:
    """JSON has no NaN: a statistic of nobody is null."""
    x = float(x)
    return None if math.isnan(x) else round(x, 6)


@dataclass
class Loaded:
    """One exam's candidates as arrays, in (school, class, pk) order."""

    pks: np.ndarray
    klass: np.ndarray
    class_school: np.ndarray  # school code of each class
    class_names: list[str]
    school_ids: list[int]  # org.Unit pk of each school code
    marks: np.ndarray  # (N, K) int16 scaled, -1 absent
    item_marks: np.ndarray  # (N, I) int16 scaled, -1 absent
    answers: np.ndarray  # (N, choice items) option letters, "-" blank
    student_index: list[str]


def load_candidates(exam: Exam, *, with_index: bool = False) -> Loaded:
    """Stream the candidates into arrays; one query, chunked on the server side."""
    k = len(exam.subject_list())
    n_items = len(exam.item_list())
    has_choice = any(i.key for i in exam.item_list())
    fields = ["pk", "school_id", "class_name", "marks"]
    if n_items:
        fields.append("item_marks")
    if has_choice:
        fields.append("answers")
    if with_index:
        fields.append("student_number_index")
    qs = (
        Candidate.objects.filter(exam=exam)
        .order_by("school_id", "class_name", "pk")
        .values_list(*fields)
    )
    pks: list[int] = []
    klass: list[int] = []
    classes: dict[tuple[int, str], int] = {}
    class_school: list[int] = []
    class_names: list[str] = []
    schools: dict[int, int] = {}
    mark_buf = bytearray()
    item_buf = bytearray()
    answers: list[str] = []
    index: list[str] = []
    for row in qs.iterator(chunk_size=CHUNK):
        pk, school_id, class_name, marks = row[:4]
        pks.append(pk)
        code = classes.get((school_id, class_name))
        if code is None:
            code = classes[(school_id, class_name)] = len(class_names)
            class_names.append(class_name)
            class_school.append(schools.setdefault(school_id, len(schools)))
        klass.append(code)
        mark_buf += marks
        pos = 4
        if n_items:
            item_buf += row[pos]
            pos += 1
        if has_choice:
            answers.append(row[pos])
            pos += 1
        if with_index:
            index.append(row[pos])
    n = len(pks)
    return Loaded(
        pks=np.asarray(pks, dtype=np.int64),
        klass=np.asarray(klass, dtype=np.int64),
        class_school=np.asarray(class_school, dtype=np.int64),
        class_names=class_names,
        school_ids=list(schools),
        marks=np.frombuffer(bytes(mark_buf), dtype=MARK_DTYPE).reshape(n, k),
        item_marks=np.frombuffer(bytes(item_buf), dtype=MARK_DTYPE).reshape(n, n_items),
        answers=np.array([list(a) for a in answers], dtype="<U1").reshape(n, -1)
        if has_choice
        else np.zeros((n, 0), dtype="<U1"),
        student_index=index,
    )


def unscale(marks: np.ndarray, scale: int) -> np.ndarray:
    out = marks.astype(np.float64) / scale
    out[marks < 0] = np.nan
    return out


def _district_of(school_ids: list[int]) -> dict[int, int]:
    """A school's district is its parent: a district or zone, or the city itself for
    schools run directly by the bureau (市直)."""
    parents = dict(Unit.objects.filter(pk__in=school_ids).values_list("pk", "parent_id"))
    return {s: parents[s] for s in school_ids}


def build_sheet(exam: Exam, data: Loaded) -> ScoreSheet:
    parent = _district_of(data.school_ids)
    district_ids = sorted(set(parent.values()))
    d_code = {d: i for i, d in enumerate(district_ids)}
    subjects = exam.subject_list()
    return ScoreSheet.from_codes(
        exam_no=data.pks,
        klass=data.klass,
        class_school=data.class_school,
        school_district=[d_code[parent[s]] for s in data.school_ids],
        scores=unscale(data.marks, exam.scale),
        subjects=[s.name for s in subjects],
        full_marks=[float(s.full_marks) for s in subjects],
        district_names=[str(d) for d in district_ids],
        school_names=[str(s) for s in data.school_ids],
        class_names=data.class_names,
        total_policy=exam.total_policy,
        # The (exam, exam_no) unique constraint already guarantees it.
        assume_unique_exam_no=True,
    )


def _clean(values: np.ndarray) -> list:
    """A float array as a JSON list: rounded, NaN as null (one pass, no per-cell calls)."""
    out = np.round(values.astype(np.float64), 6).astype(object)
    out[np.isnan(values.astype(np.float64))] = None
    return out.tolist()


class _Prepared:
    """A level's statistics as JSON-ready nested lists, converted once for all units:
    ``LevelStats.pass_rate`` divides the whole (units, columns) array on each access,
    so reading it per unit would be quadratic in the number of classes."""

    FIELDS = ("mean", "std", "min", "max", "pass_rate", "excellent_rate")

    def __init__(self, level):
        self.n = level.n.tolist()
        self.absent = (level.candidates[:, None] - level.n).tolist()
        self.pass_n = level.pass_n.tolist()
        self.excellent_n = level.excellent_n.tolist()
        self.p = _clean(level.percentiles)
        for name in self.FIELDS:
            setattr(self, name, _clean(getattr(level, name)))


def _column_stats(level: _Prepared, u: int) -> list[dict[str, Any]]:
    return [
        {
            "n": level.n[u][j],
            "absent": level.absent[u][j],
            "mean": level.mean[u][j],
            "std": level.std[u][j],
            "min": level.min[u][j],
            "max": level.max[u][j],
            "p": level.p[u][j],
            "pass": level.pass_n[u][j],
            "excellent": level.excellent_n[u][j],
            "pass_rate": level.pass_rate[u][j],
            "excellent_rate": level.excellent_rate[u][j],
        }
        for j in range(len(level.n[u]))
    ]


def _summary(level: _Prepared, u: int, *, name: str, with_std: bool = False) -> dict[str, Any]:
    out = {
        "name": name,
        "mean": level.mean[u],
        "pass_rate": level.pass_rate[u],
        "excellent_rate": level.excellent_rate[u],
    }
    if with_std:
        out["std"] = level.std[u]
    return out


def _bands_from_counts(counts: np.ndarray, scale: int) -> dict[str, Any]:
    """Compact 一分一段表: counts per step from the top score down; empty when nobody."""
    present = np.flatnonzero(counts)
    if present.size == 0:
        return {"top": None, "step": 1 / scale, "counts": []}
    steps = counts[present[0] : present[-1] + 1][::-1]
    return {"top": present[-1] / scale, "step": 1 / scale, "counts": steps.tolist()}


def _item_results(exam: Exam, data: Loaded, rows: np.ndarray) -> list[dict[str, Any]]:
    """Item analysis (engines.exams.item_analysis) of each subject with items, over the
    candidates ``rows``."""
    out = []
    items = exam.item_list()
    choice_pos = {it.pk: p for p, it in enumerate(i for i in items if i.key)}
    scale = exam.scale
    start = 0
    for subject in exam.subject_list():
        mine = [it for it in items if it.subject_id == subject.pk]
        if not mine:
            continue
        cols = slice(start, start + len(mine))
        start += len(mine)
        x = unscale(data.item_marks[rows, cols], scale)
        options = None
        if any(it.key for it in mine):
            options = np.full((len(rows), len(mine)), "", dtype="<U1")
            for c, it in enumerate(mine):
                if it.key:
                    letters = data.answers[rows, choice_pos[it.pk]]
                    options[:, c] = np.where(letters == "-", "", letters)
        try:
            ia = item_analysis(x, [float(it.full_marks) for it in mine], options=options)
        except ValueError:
            continue  # nobody sat this subject in this unit
        out.append(
            {
                "subject": subject.name,
                "n": ia.n,
                "alpha": _none(ia.alpha),
                "items": [
                    {
                        "number": it.number,
                        "full": float(it.full_marks),
                        "key": it.key,
                        "mean": _none(ia.mean[c]),
                        "difficulty": _none(ia.difficulty[c]),
                        "discrimination": _none(ia.discrimination[c]),
                        "point_biserial": _none(ia.point_biserial[c]),
                        "alpha_if_deleted": _none(ia.alpha_if_deleted[c]),
                        "options": [
                            {
                                "option": o.option or "-",
                                "count": o.count,
                                "share": _none(o.share),
                                "upper": _none(o.upper_share),
                                "lower": _none(o.lower_share),
                            }
                            for o in (ia.options[c] or [])
                        ],
                    }
                    for c, it in enumerate(mine)
                ],
            }
        )
    return out


def _write_ranks(pks: np.ndarray, ranks: np.ndarray) -> None:
    """One UPDATE per candidate, sent in batches: a CASE expression over thousands of
    rows (bulk_update) is slower on both SQLite and PostgreSQL."""
    table = Candidate._meta.db_table
    sql = f"UPDATE {table} SET ranks = %s WHERE id = %s"  # noqa: S608 - table name is ours
    blobs = np.ascontiguousarray(ranks.astype(RANK_DTYPE)).reshape(len(pks), -1)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            stop = start + CHUNK
            cursor.executemany(
                sql,
                [
                    (blobs[i].tobytes(), int(pk))
                    for i, pk in enumerate(pks[start:stop].tolist(), start=start)
                ],
            )


def exam_analyse(*, exam: Exam, progress: Progress | None = None) -> dict[str, Any]:
    """Analyse an exam and replace its cached results; returns a summary for the job."""
    started = time.perf_counter()
    step = progress or (lambda done, total, stage: None)
    step(0, 4, _("Reading scores"))
    data = load_candidates(exam, with_index=bool(exam.prior_id))
    if len(data.pks) == 0:
        raise JobFailed([_("The exam has no candidates yet.")])
    sheet = build_sheet(exam, data)
    thresholds = Thresholds(float(exam.pass_fraction), float(exam.excellent_fraction))
    step(1, 4, _("Counting"))
    engine_options = count_backend()
    result = analyse(sheet, thresholds=thresholds, **engine_options)
    levels = {name: _Prepared(stats) for name, stats in result.levels.items()}
    candidates = {name: stats.candidates.tolist() for name, stats in result.levels.items()}
    owner = exam.owner
    unit_ids = {int(name) for name in sheet.district_names} | {
        int(name) for name in sheet.school_names
    }
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    school_of = sheet.school  # per candidate, engine codes
    district_of = sheet.district
    scale = sheet.scale

    step(2, 4, _("Item analysis"))
    has_items = bool(exam.item_list())
    everyone = np.arange(sheet.n_candidates)
    city_ref = _summary(levels["city"], 0, name=owner.name, with_std=True)
    rows: list[UnitResult] = []
    columns = sheet.columns
    rows.append(
        UnitResult(
            exam=exam,
            level=Level.CITY,
            unit=owner,
            candidates=candidates["city"][0],
            mean_total=levels["city"].mean[0][-1],
            stats=_column_stats(levels["city"], 0),
            reference={"city": city_ref},
            bands={c: _bands(result, c, "city", 0) for c in columns},
            items=_items_json(exam, data, everyone, has_items),
        )
    )
    d_order, d_bounds = _groups(district_of, len(sheet.district_names))
    district_refs = []
    for d, name in enumerate(sheet.district_names):
        unit_id = int(name)
        ref = _summary(levels["district"], d, name=names[unit_id])
        district_refs.append(ref)
        rows.append(
            UnitResult(
                exam=exam,
                level=Level.DISTRICT,
                unit_id=unit_id,
                candidates=candidates["district"][d],
                mean_total=levels["district"].mean[d][-1],
                stats=_column_stats(levels["district"], d),
                reference={"city": city_ref, "district": ref},
                bands={c: _bands(result, c, "district", d) for c in columns},
                items=_items_json(exam, data, d_order[d_bounds[d] : d_bounds[d + 1]], has_items),
            )
        )
    s_order, s_bounds = _groups(school_of, len(sheet.school_names))
    total_scaled = result.totals
    school_refs = []
    for s, name in enumerate(sheet.school_names):
        unit_id = int(name)
        d = int(sheet.school_district[s])
        mine = s_order[s_bounds[s] : s_bounds[s + 1]]
        ref = _summary(levels["school"], s, name=names[unit_id])
        school_refs.append(ref)
        t = total_scaled[mine]
        city_rank = int(result.school_rank_city[s])
        district_rank = int(result.school_rank_district[s])
        rows.append(
            UnitResult(
                exam=exam,
                level=Level.SCHOOL,
                unit_id=unit_id,
                candidates=candidates["school"][s],
                mean_total=levels["school"].mean[s][-1],
                city_rank=city_rank if city_rank > 0 else None,
                district_rank=district_rank if district_rank > 0 else None,
                stats=_column_stats(levels["school"], s),
                reference={
                    "city": city_ref,
                    "district": district_refs[d],
                    "schools_in_city": len(sheet.school_names),
                    "schools_in_district": int((sheet.school_district == d).sum()),
                },
                bands={columns[-1]: _bands_from_counts(np.bincount(t[t >= 0]), scale)},
                items=_items_json(exam, data, mine, has_items),
            )
        )
    for c, class_name in enumerate(sheet.class_names):
        s = int(sheet.class_school[c])
        d = int(sheet.school_district[s])
        rows.append(
            UnitResult(
                exam=exam,
                level=Level.CLASS,
                unit_id=int(sheet.school_names[s]),
                class_name=str(class_name),
                candidates=candidates["class"][c],
                mean_total=levels["class"].mean[c][-1],
                stats=_column_stats(levels["class"], c),
                reference={
                    "city": city_ref,
                    "district": district_refs[d],
                    "school": school_refs[s],
                },
            )
        )

    step(3, 4, _("Saving results"))
    va_rows = _value_added_rows(exam, data, sheet, result) if exam.prior_id else []
    # The engine keeps candidates in the order it was given: the load order.
    with transaction.atomic():
        UnitResult.objects.filter(exam=exam).delete()
        UnitResult.objects.bulk_create(rows, batch_size=500)
        ValueAddedResult.objects.filter(exam=exam).delete()
        ValueAddedResult.objects.bulk_create(va_rows, batch_size=500)
        _write_ranks(data.pks, result.ranks)
        seconds = time.perf_counter() - started
        Exam.objects.filter(pk=exam.pk).update(
            status=ExamStatus.READY,
            analysed_at=timezone.now(),
            analysis_seconds=seconds,
            candidate_count=len(data.pks),
        )
        summary = {
            "candidates": len(data.pks),
            "results": len(rows),
            "value_added": len(va_rows),
            "seconds": round(seconds, 2),
            "engine": result.engine,
        }
        audit_record("analyse", obj=exam, changes=summary)
    step(4, 4, _("Done"))
    return summary


def count_backend() -> dict[str, Any]:
    """The engine's count-pass backend for the analysis job, from the settings
    (EDUGOV_EXAM_ENGINE, and EDUGOV_SPARK_* for Spark): keyword arguments of
    ``analyse``. Every backend stores the identical results; Spark is for a province
    whose exams outgrow one machine. A Spark session is created on first use and kept
    by pyspark for the process (the worker), so its start (seconds: a JVM, and on a
    cluster the executors) is paid once, not per exam."""
    engine = settings.EDUGOV_EXAM_ENGINE
    if engine not in ENGINES:
        raise ImproperlyConfigured(
            f"EDUGOV_EXAM_ENGINE is {engine!r}; choose one of {', '.join(ENGINES)}"
        )
    if engine != "spark":
        return {"engine": engine}
    from edugov.engines.exams.backends import spark_session, spark_unavailable_reason

    reason = spark_unavailable_reason()
    if reason:
        raise ImproperlyConfigured(f"EDUGOV_EXAM_ENGINE is spark, but {reason}")
    session = spark_session(
        settings.EDUGOV_SPARK_MASTER, "edugov-exam-analysis", settings.EDUGOV_SPARK_CONF
    )
    return {
        "engine": "spark",
        "spark": session,
        "spark_staging_dir": settings.EDUGOV_SPARK_STAGING_DIR,
    }


def _groups(codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(order, bounds): the rows of unit u are ``order[bounds[u]:bounds[u + 1]]``. The
    engine's canonical unit order (schools by district) need not follow the load order."""
    order = np.argsort(codes, kind="stable")
    return order, np.searchsorted(codes[order], np.arange(n + 1))


def _bands(result, column: str, level: str, unit: int) -> dict[str, Any]:
    b = result.score_bands(column, level, unit)
    return {
        "top": float(b["score"][0]) if len(b["score"]) else None,
        "step": 1 / result.sheet.scale,
        "counts": b["count"].tolist(),
    }


def _items_json(exam: Exam, data: Loaded, rows: np.ndarray, has_items: bool) -> dict:
    if not has_items or len(rows) == 0:
        return {}
    return {"subjects": _item_results(exam, data, rows)}


def exam_totals(exam: Exam, data: Loaded) -> np.ndarray:
    """Unscaled totals under the exam's policy, NaN when there is none: the engine's own
    rule (``compute_totals``), not a copy of it."""
    totals = compute_totals(data.marks, exam.total_policy == "all_required")
    return np.where(totals >= 0, totals / exam.scale, np.nan)


def _value_added_rows(exam: Exam, data: Loaded, sheet, result) -> list[ValueAddedResult]:
    """Value added from the prior exam, matched on the 学籍号's blind index."""
    prior = exam.prior
    prior_data = load_candidates(prior, with_index=True)
    if len(prior_data.pks) == 0:
        return []
    prior_total = exam_totals(prior, prior_data)
    cur_ids = np.asarray(data.student_index, dtype=object)
    pri_ids = np.asarray(prior_data.student_index, dtype=object)
    cur_ok = np.flatnonzero(cur_ids != "")
    pri_ok = np.flatnonzero(pri_ids != "")
    ip, ic = match_candidates(pri_ids[pri_ok].astype(str), cur_ids[cur_ok].astype(str))
    ip, ic = pri_ok[ip], cur_ok[ic]
    if len(ic) < 3:
        return []
    current_total = result.total_marks()
    try:
        va = value_added(
            prior_total[ip],
            current_total[ic],
            sheet.school[ic],
            sheet.klass[ic],
            n_schools=len(sheet.school_names),
            n_classes=len(sheet.class_names),
        )
    except ValueError:
        return []
    common = {
        "exam": exam,
        "prior": prior,
        "slope": va.slope,
        "intercept": va.intercept,
        "r2": _none(va.r2),
    }
    rows = []
    for level, effects, count in (
        (Level.SCHOOL, va.school, len(sheet.school_names)),
        (Level.CLASS, va.klass, len(sheet.class_names)),
    ):
        for u in range(count):
            if effects.n[u] == 0:
                continue
            if level == Level.SCHOOL:
                unit_id, class_name = int(sheet.school_names[u]), ""
            else:
                unit_id = int(sheet.school_names[sheet.class_school[u]])
                class_name = str(sheet.class_names[u])
            rows.append(
                ValueAddedResult(
                    level=level,
                    unit_id=unit_id,
                    class_name=class_name,
                    n=int(effects.n[u]),
                    mean=float(effects.mean[u]),
                    ci_low=_none(effects.ci_low[u]),
                    ci_high=_none(effects.ci_high[u]),
                    **common,
                )
            )
    return rows


@register("academics.analyse")
def run_analysis(job, progress) -> dict:
    """Job handler: (re)analyse one exam."""
    exam = Exam.objects.select_related("owner", "prior").get(pk=job.params["exam"])
    return exam_analyse(exam=exam, progress=progress)
