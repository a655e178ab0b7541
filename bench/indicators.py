"""Benchmark the indicator engine against a pandas groupby implementation.

Generates 2,000 schools × 5 years of statistics (types mixed like a real city: primary,
junior, 九年一贯制, 完全中学, 教学点, special), then times

* the engine (``evaluate_youzhi``): school-part split, the 7 indicators, school
  pass/fail and every district CV per year and stage (plus the city rollup, gaps and the
  what-if, which the engine always computes);
* a straightforward pandas implementation of the same outputs (split, indicators,
  pass/fail, district CVs via ``groupby``),

on the same data in the same process, checks that they agree and prints a table.

    .venv/bin/python bench/indicators.py [--schools 2000] [--years 5] [--repeat 5]

Target (issue 5): all indicators and CVs for 2,000 schools × 5 years in ≤ 1 s.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from edugov.engines.indicators import DEFAULT_RULES, YOUZHI_INDICATORS, Thresholds, evaluate_youzhi
from edugov.engines.indicators.split import LEVELS, PART_FIELDS, TYPE_LEVELS

DISTRICTS = [
    "东湖区",
    "西湖区",
    "青云谱区",
    "青山湖区",
    "新建区",
    "红谷滩区",
    "南昌县",
    "安义县",
    "进贤县",
]
TYPES = ["primary", "junior", "nine_year", "complete_secondary", "teaching_point", "special"]
TYPE_P = [0.55, 0.22, 0.12, 0.03, 0.05, 0.03]
TARGET_SECONDS = 1.0


def generate(n_schools: int, n_years: int, seed: int = 20240901) -> dict[str, np.ndarray]:
    """Synthetic statistics: one row per school per year, roughly around the standards."""
    rng = np.random.default_rng(seed)
    types = rng.choice(TYPES, size=n_schools, p=TYPE_P)
    district = rng.choice(DISTRICTS, size=n_schools)
    base_size = rng.lognormal(6.6, 0.6, size=n_schools)
    # Two rural counties have far more uneven schools, so some district CVs fail.
    spread = np.where(np.isin(district, ["安义县", "进贤县"]), 0.45, 0.12)

    def noise() -> np.ndarray:
        return np.clip(rng.normal(1.15, spread), 0.05, None)

    rows: dict[str, list[np.ndarray]] = {}

    def add(name: str, values: np.ndarray) -> None:
        rows.setdefault(name, []).append(values)

    for y in range(n_years):
        year = np.full(n_schools, 2020 + y)
        grow = rng.normal(1.0 + 0.02 * y, 0.05, size=n_schools)
        sp = np.where(np.isin(types, ["primary", "teaching_point", "nine_year", "special"]), 1, 0)
        sj = np.where(np.isin(types, ["junior", "nine_year", "complete_secondary"]), 1, 0)
        ss = np.where(types == "complete_secondary", 1, 0)
        size = np.maximum(base_size * grow, 30)
        s_p = np.round(sp * size * np.where(types == "nine_year", 0.6, 1.0))
        s_j = np.round(sj * size * np.where(types == "nine_year", 0.4, 1.0))
        s_s = np.round(ss * size * 0.8)
        tot = s_p + s_j
        add("district", district)
        add("school_code", np.char.add("S", np.arange(n_schools).astype(str)))
        add("name", np.char.add("学校", np.arange(n_schools).astype(str)))
        add("type", types)
        add("year", year)
        add("students_primary", np.where(sp == 1, s_p, np.nan))
        add("students_junior", np.where(sj == 1, s_j, np.nan))
        add("students_senior", np.where(ss == 1, s_s, np.nan))

        def around(students: np.ndarray, standard_per_100: float) -> np.ndarray:
            # scatter around the standard so that some schools fail and some pass
            return np.round(students * noise() * standard_per_100 / 100)

        add("qualified_teachers_primary", np.where(sp == 1, around(s_p, 4.2), np.nan))
        add("qualified_teachers_junior", np.where(sj == 1, around(s_j, 5.3), np.nan))
        add("specialist_teachers_primary", np.where(sp == 1, around(s_p, 0.9), np.nan))
        add("specialist_teachers_junior", np.where(sj == 1, around(s_j, 0.9), np.nan))
        # backbone teachers only as a school total: exercises the 1 : 1.1 split for
        # teachers "not given per part"
        add("backbone_teachers", np.round((tot + s_s) * noise() / 100))
        scale_std = s_p * 4.5 + s_j * 5.8 + s_s * 5.8
        add("floor_area", np.round(scale_std * noise()))
        add(
            "sports_area",
            np.round((s_p * 7.5 + (s_j + s_s) * 10.2) * noise()),
        )
        add(
            "equipment_value",
            np.round((s_p * 2000 + (s_j + s_s) * 2500) * noise()),
        )
        add(
            "multimedia_classrooms",
            np.round((s_p * 2.3 + (s_j + s_s) * 2.4) / 100 * noise()),
        )
        add("max_class_size_primary", np.where(sp == 1, rng.integers(30, 70, n_schools), np.nan))
        add("max_class_size_junior", np.where(sj == 1, rng.integers(35, 70, n_schools), np.nan))
    out = {k: np.concatenate(v) for k, v in rows.items()}
    for k in ("students_primary", "students_junior", "students_senior"):
        out[k] = np.maximum(out[k], 0)
    return out


# --------------------------------------------------------------------------- pandas


def pandas_youzhi(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same evaluation written the obvious pandas way (split, ratios, groupby CV)."""
    rules = DEFAULT_RULES
    th = Thresholds()
    df = df[df["type"] != "special"].reset_index(drop=True)
    held = {lv: df["type"].map(lambda t, lv=lv: lv in TYPE_LEVELS[t]) for lv in LEVELS}
    stud = {lv: df[f"students_{lv}"].fillna(0).where(held[lv], 0.0) for lv in LEVELS}
    weight = {lv: stud[lv] * rules.split_weights[lv] for lv in LEVELS}
    parts = []
    for lv in ("primary", "junior"):
        take = held[lv] & (stud[lv] > 0)
        part = pd.DataFrame(
            {
                "district": df["district"],
                "school_code": df["school_code"],
                "year": df["year"],
                "level": lv,
                "students": stud[lv],
            }
        )
        for f in PART_FIELDS:
            given = {
                x: df[f"{f}_{x}"].where(held[x])
                if f"{f}_{x}" in df
                else pd.Series(np.nan, df.index)
                for x in LEVELS
            }
            explicit = sum(g.fillna(0) for g in given.values())
            need_w = sum(weight[x].where(given[x].isna() & (stud[x] > 0), 0.0) for x in LEVELS)
            total = df[f] if f in df else pd.Series(np.nan, df.index)
            remainder = (total - explicit).fillna(0)
            share = (weight[lv] / need_w).where(need_w > 0, 0.0)
            part[f] = given[lv].fillna(remainder * share)
        parts.append(part[take])
    p = pd.concat(parts, ignore_index=True)
    codes = [i.code for i in YOUZHI_INDICATORS]
    met_cols, near_cols = [], []
    for ind in YOUZHI_INDICATORS:
        p[ind.code] = p[ind.numerator_field] / p["students"] * ind.scale
        std = p["level"].map({lv: th.get(ind.code, level=lv) for lv in ("primary", "junior")})
        tol = 1e-9 * np.maximum(std.abs(), 1.0)
        p[f"met_{ind.code}"] = p[ind.code] >= std - tol
        p[f"near_{ind.code}"] = p[ind.code] >= rules.min_ratio_of_remaining * std - tol
        met_cols.append(f"met_{ind.code}")
        near_cols.append(f"near_{ind.code}")
    p["n_met"] = p[met_cols].sum(axis=1)
    near = p[near_cols].to_numpy() | p[met_cols].to_numpy()
    p["passes"] = (p["n_met"] >= rules.min_met) & near.all(axis=1)

    keys = ["district", "year", "level"]
    g = p.groupby(keys, sort=True)
    students = g["students"].transform("sum")
    out = {"n_schools": g.size(), "n_passing": g["passes"].sum()}
    for ind in YOUZHI_INDICATORS:
        num = p[ind.numerator_field]
        mean = num.groupby([p[k] for k in keys]).transform("sum") / students * ind.scale
        dev2 = p["students"] * (p[ind.code] - mean) ** 2
        var = dev2.groupby([p[k] for k in keys]).sum() / g["students"].sum()
        dmean = g[ind.numerator_field].sum() / g["students"].sum() * ind.scale
        out[f"value_{ind.code}"] = dmean
        out[f"cv_{ind.code}"] = np.sqrt(var) / dmean
    districts = pd.DataFrame(out).reset_index()
    schools = p[["district", "school_code", "year", "level", *codes, "n_met", "passes"]]
    return schools, districts


# --------------------------------------------------------------------------- harness


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    """Wall times of ``repeat`` runs (the first, cold run included) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def check_agreement(res, schools: pd.DataFrame, districts: pd.DataFrame) -> dict[str, float]:
    """Assert both implementations give the same school and district outputs."""
    codes = [i.code for i in YOUZHI_INDICATORS]
    r = res.schools.rows
    eng = pd.DataFrame(
        {
            "school_code": r["school_code"],
            "year": r["year"],
            "level": r["level"],
            "passes": res.schools.passes,
            "n_met": res.schools.n_met,
        }
    )
    for j, c in enumerate(codes):
        eng[c] = res.schools.values[:, j]
    key = ["school_code", "year", "level"]
    a = eng.sort_values(key).reset_index(drop=True)
    b = schools.sort_values(key).reset_index(drop=True)
    assert len(a) == len(b), (len(a), len(b))
    assert (a[key].to_numpy() == b[key].to_numpy()).all()
    assert (a["passes"].to_numpy() == b["passes"].to_numpy()).all()
    assert (a["n_met"].to_numpy() == b["n_met"].to_numpy()).all()
    value_diff = float(np.max(np.abs(a[codes].to_numpy() - b[codes].to_numpy())))

    d = res.districts
    dk = pd.DataFrame({k: d.keys[k] for k in ("district", "year", "level")})
    dk["n_schools"], dk["n_passing"] = d.n_schools, d.n_passing
    for j, c in enumerate(codes):
        dk[f"cv_{c}"] = d.cv[:, j]
        dk[f"value_{c}"] = d.values[:, j]
    dkey = ["district", "year", "level"]
    a = dk.sort_values(dkey).reset_index(drop=True)
    b = districts.sort_values(dkey).reset_index(drop=True)
    assert (a[dkey].to_numpy() == b[dkey].to_numpy()).all()
    assert (a["n_passing"].to_numpy() == b["n_passing"].to_numpy()).all()
    cv_cols = [f"cv_{c}" for c in codes]
    cv_diff = float(np.nanmax(np.abs(a[cv_cols].to_numpy() - b[cv_cols].to_numpy())))
    assert value_diff < 1e-9 and cv_diff < 1e-9, (value_diff, cv_diff)
    return {"max |Δ value|": value_diff, "max |Δ CV|": cv_diff, "district groups": len(a)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=2000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--app",
        action="store_true",
        help="also time the registry module: load the statistics from a scratch SQLite "
        "database and evaluate them (Django; about a minute to build the database)",
    )
    args = ap.parse_args()

    data = generate(args.schools, args.years)
    frame = pd.DataFrame(data)
    n_rows = len(frame)

    t_engine, res = timed(lambda: evaluate_youzhi(data), args.repeat)
    t_pandas, (p_schools, p_districts) = timed(lambda: pandas_youzhi(frame), args.repeat)
    agree = check_agreement(res, p_schools, p_districts)

    parts = len(res.schools.passes)
    pass_rate = float(np.mean(res.schools.passes))
    cv_fail = int((~res.districts.cv_ok).any(axis=1).sum())
    print(
        f"indicator engine benchmark: {args.schools} schools × {args.years} years = {n_rows} rows"
    )
    print(
        f"school parts: {parts} ({pass_rate:.0%} pass); district × year × stage groups: "
        f"{agree['district groups']} ({cv_fail} with a CV over the line)"
    )
    print()

    def ms(x: float) -> str:
        return f"{x * 1000:.1f} ms"

    rows = [
        ("", "engine (numpy)", "pandas groupby"),
        ("best", ms(min(t_engine)), ms(min(t_pandas))),
        ("median", ms(float(np.median(t_engine))), ms(float(np.median(t_pandas)))),
        ("first (cold)", ms(t_engine[0]), ms(t_pandas[0])),
        ("split + 7 indicators + pass/fail", "yes", "yes"),
        ("district CVs per year & stage", "yes", "yes"),
        ("city rollup, gaps, what-if CVs", "yes", "no"),
    ]
    if args.app:
        app = app_timings(args.schools, args.years, args.repeat)
        rows = [(*r, a) for r, a in zip(rows, app, strict=True)]
    w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("| " + " | ".join(c.ljust(w[j]) for j, c in enumerate(r)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (x + 2) for x in w) + "|")
    print()
    ok = max(t_engine) <= TARGET_SECONDS
    print(f"target ≤ {TARGET_SECONDS:.1f} s (slowest engine run): {'met' if ok else 'MISSED'}")
    print(f"engine vs pandas (best): {min(t_pandas) / min(t_engine):.1f}× faster")
    print(
        f"outputs agree on {parts} school parts and {agree['district groups']} groups: "
        f"max |Δ value| {agree['max |Δ value|']:.1e}, max |Δ CV| {agree['max |Δ CV|']:.1e}, "
        "identical pass/fail and counts"
    )


def app_timings(n_schools: int, n_years: int, repeat: int) -> list[str]:
    """The registry module's figure: ``selectors.load_area_unscoped`` (the city page's
    ``load_area`` less the user's ``visible_to`` filter; 4 queries over the annual
    statistics in SQLite) plus the 优质均衡 evaluation through ``to_dict`` — what the city
    page does — for ``n_schools`` compulsory schools × ``n_years`` years of the registry
    demo generator. Returns the table column."""
    import os
    import random
    import tempfile

    path = os.path.join(tempfile.gettempdir(), f"bench_registry_{n_schools}.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edugov.settings.dev")
    os.environ["EDUGOV_SQLITE_PATH"] = path
    import django

    django.setup()
    from django.core.management import call_command

    from edugov.core.context import acting
    from edugov.org.models import Unit, UnitKind
    from edugov.org.seed import seed_city
    from edugov.registry import demo
    from edugov.registry.evaluations import youzhi_evaluation
    from edugov.registry.models import AnnualStatistics
    from edugov.registry.selectors import load_area_unscoped

    call_command("migrate", verbosity=0)
    with acting(None):
        city = seed_city("nanchang")
        if not AnnualStatistics.objects.exists():
            districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("code"))
            rng = random.Random(2024)
            mix = [("primary", "21"), ("junior", "31"), ("nine_year", "31")]
            units = []
            for i in range(n_schools):
                itype, cat = rng.choices(mix, weights=[0.6, 0.25, 0.15])[0]
                parent = districts[i % len(districts)]
                units.append(
                    Unit(
                        kind=UnitKind.SCHOOL,
                        code=f"{cat}36{i + 1:06d}",
                        name=f"基准学校{i + 1}",
                        parent=parent,
                        path="/pending/",
                        institution_type=itype,
                        ownership="public",
                        enrolment=int(rng.triangular(200, 2400, 800)),
                    )
                )
            Unit.objects.bulk_create(units, batch_size=500)
            for u in units:
                u.path, u.depth = f"{u.parent.path}{u.pk}/", u.parent.depth + 1
            Unit.objects.bulk_update(units, ["path", "depth"], batch_size=500)
            demo.YEARS = tuple(range(2024 - n_years, 2024))
            demo.load_demo()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        data = load_area_unscoped(city)
        # What the city page does: every year's district CVs, the latest year's schools.
        youzhi_evaluation(data, school_year=max(data.years))
        times.append(time.perf_counter() - t0)
    n = len(data.youzhi)
    return [
        f"registry app ({n} rows from DB)",
        f"{min(times) * 1000:.1f} ms",
        f"{float(np.median(times)) * 1000:.1f} ms",
        f"{times[0] * 1000:.1f} ms",
        "yes",
        "yes",
        "yes (+ DB load, to_dict)",
    ]


if __name__ == "__main__":
    main()
