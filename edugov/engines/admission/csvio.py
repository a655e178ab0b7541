"""CSV files in and out, for the command line (formats in docs/engines/admission.md).

Every problem is collected and reported as "file row N, column X: message" before anything
runs, like the web importer, so the examination centre fixes a file in one pass.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import AdmissionConfig, ConfigError, ratio_permille, scaled
from .model import SECTOR_PRIVATE, SECTOR_PUBLIC, Candidates, Programmes, Returns
from .result import AdmissionResult

_SECTORS = {
    "public": SECTOR_PUBLIC,
    "公办": SECTOR_PUBLIC,
    "private": SECTOR_PRIVATE,
    "民办": SECTOR_PRIVATE,
}


class CsvError(ValueError):
    """One or more rows are invalid; ``errors`` lists every one."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Inputs:
    """Everything a run needs, as loaded from CSV files."""

    candidates: Candidates
    programmes: Programmes
    preferences: dict[str, np.ndarray]
    returns: Returns
    junior_codes: tuple[str, ...]


def _rows(path: str | Path, required: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    # utf-8-sig: spreadsheets save a BOM that would otherwise glue onto the first header
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        rows = [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader]
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvError([f"{Path(path).name}: missing column(s) {', '.join(missing)}"])
    return header, rows


class _Errors:
    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, row: int, col: str, msg: str) -> None:
        # row numbers as a spreadsheet shows them: header is row 1
        self.items.append(f"{self.name} row {row + 2}, column {col}: {msg}")

    def num(self, row: int, col: str, value: str, scale: int = 1, default: str = "0") -> int:
        try:
            v = scaled(value or default, scale, col)
        except ConfigError as exc:
            self.add(row, col, str(exc))
            return 0
        if v < 0:
            self.add(row, col, "must not be negative")
        return v

    def flags(self, row: int, col: str, value: str, config: AdmissionConfig) -> int:
        bits = 0
        for name in filter(None, (x.strip() for x in value.split(";"))):
            try:
                bits |= config.flag_bit(name)
            except ConfigError as exc:
                self.add(row, col, str(exc))
        return bits


def load_inputs(
    *,
    candidates: str | Path,
    programmes: str | Path,
    preferences: str | Path,
    config: AdmissionConfig,
    quotas: str | Path | None = None,
    returns: str | Path | None = None,
) -> Inputs:
    """Read and validate all input files; raise :class:`CsvError` listing every bad row."""
    errors: list[str] = []
    scale = config.score_scale

    # candidates
    _, crows = _rows(candidates, ["id", "total", *config.subjects])
    ec = _Errors(Path(candidates).name)
    ids, total, bonus, flags, junior_raw = [], [], [], [], []
    subj = np.zeros((len(crows), len(config.subjects)), np.int64)
    seen: dict[int, int] = {}
    for i, r in enumerate(crows):
        if not r["id"].isdigit():
            ec.add(i, "id", f"{r['id']!r} is not a numeric exam number")
            cid = -1
        else:
            cid = int(r["id"])
            if cid in seen:
                ec.add(i, "id", f"duplicate of row {seen[cid] + 2}")
            seen[cid] = i
        ids.append(cid)
        total.append(ec.num(i, "total", r["total"], scale, default=""))
        bonus.append(ec.num(i, "bonus", r.get("bonus", ""), scale))
        flags.append(ec.flags(i, "flags", r.get("flags", ""), config))
        junior_raw.append(r.get("junior_school", ""))
        for s, name in enumerate(config.subjects):
            subj[i, s] = ec.num(i, name, r[name], scale, default="")
    errors += ec.items

    # programmes
    _, prows = _rows(programmes, ["code", "open_seats"])
    ep = _Errors(Path(programmes).name)
    codes = [r["code"] for r in prows]
    code_index: dict[str, int] = {}
    for i, c in enumerate(codes):
        if not c:
            ep.add(i, "code", "empty")
        elif c in code_index:
            ep.add(i, "code", f"duplicate of row {code_index[c] + 2}")
        code_index.setdefault(c, i)
    p = len(prows)
    smin = np.full((p, len(config.subjects)), -1, np.int64)
    sector, ratio = np.zeros(p, np.int8), np.zeros(p, np.int64)
    seats, min_score, req = np.zeros(p, np.int64), np.zeros(p, np.int64), np.zeros(p, np.int64)
    for i, r in enumerate(prows):
        seats[i] = ep.num(i, "open_seats", r["open_seats"], default="")
        min_score[i] = ep.num(i, "min_score", r.get("min_score", ""), scale)
        req[i] = ep.flags(i, "required_flags", r.get("required_flags", ""), config)
        sec = r.get("sector", "") or "public"
        if sec not in _SECTORS:
            ep.add(i, "sector", f"{sec!r} is not public/private (公办/民办)")
        sector[i] = _SECTORS.get(sec, SECTOR_PUBLIC)
        if r.get("ratio"):
            try:
                ratio[i] = ratio_permille(r["ratio"], "ratio")
            except ConfigError as exc:
                ep.add(i, "ratio", str(exc))
        for item in filter(None, (x.strip() for x in r.get("subject_minimums", "").split(";"))):
            name, _, val = item.partition(":")
            if name.strip() not in config.subjects:
                ep.add(i, "subject_minimums", f"unknown subject {name!r}")
                continue
            smin[i, config.subjects.index(name.strip())] = ep.num(
                i, "subject_minimums", val.strip(), scale, default=""
            )
    category = tuple(r.get("category", "") or "general" for r in prows)
    errors += ep.items

    # quotas (指标到校)
    qp, qj_raw, qs = [], [], []
    if quotas is not None:
        _, qrows = _rows(quotas, ["programme", "junior_school", "seats"])
        eq = _Errors(Path(quotas).name)
        for i, r in enumerate(qrows):
            if r["programme"] not in code_index:
                eq.add(i, "programme", f"unknown programme {r['programme']!r}")
            if not r["junior_school"]:
                eq.add(i, "junior_school", "empty")
            qp.append(code_index.get(r["programme"], 0))
            qj_raw.append(r["junior_school"])
            qs.append(eq.num(i, "seats", r["seats"], default=""))
        errors += eq.items

    # junior schools are indexed by sorted code so row order cannot change the input hash
    junior_codes = tuple(sorted({j for j in junior_raw if j} | set(qj_raw)))
    jindex = {c: i for i, c in enumerate(junior_codes)}

    # preferences
    _, frows = _rows(preferences, ["candidate_id", "list", "rank", "programme"])
    ef = _Errors(Path(preferences).name)
    entries: dict[str, list[tuple[int, int, int]]] = {}
    slot_seen: dict[tuple[str, int, int], int] = {}
    prog_seen: dict[tuple[str, int, int], int] = {}
    kmax = {b.preference_list: 0 for b in config.batches}
    for b in config.batches:
        kmax[b.preference_list] = max(kmax[b.preference_list], b.max_choices)
    for i, r in enumerate(frows):
        ok = True
        name = r["list"]
        if name not in kmax:
            ef.add(i, "list", f"no batch reads preference list {name!r}")
            ok = False
        cid = int(r["candidate_id"]) if r["candidate_id"].isdigit() else -1
        if cid not in seen:
            ef.add(i, "candidate_id", f"unknown candidate {r['candidate_id']!r}")
            ok = False
        if r["programme"] not in code_index:
            ef.add(i, "programme", f"unknown programme {r['programme']!r}")
            ok = False
        rank = int(r["rank"]) if r["rank"].isdigit() else 0
        if rank < 1:
            ef.add(i, "rank", "must be a whole number ≥ 1")
            ok = False
        elif name in kmax and rank > kmax[name]:
            ef.add(i, "rank", f"more than {kmax[name]} choices in list {name!r}")
            ok = False
        if not ok:
            continue
        row, prog = seen[cid], code_index[r["programme"]]
        if (name, row, rank) in slot_seen:
            ef.add(i, "rank", f"rank {rank} already given in row {slot_seen[name, row, rank] + 2}")
            continue
        if (name, row, prog) in prog_seen:
            ef.add(i, "programme", f"listed twice (also row {prog_seen[name, row, prog] + 2})")
            continue
        slot_seen[name, row, rank] = i
        prog_seen[name, row, prog] = i
        entries.setdefault(name, []).append((row, rank - 1, prog))
    errors += ef.items

    # returns (退档)
    r_ids, r_prog, r_batch = [], [], []
    if returns is not None:
        _, rrows = _rows(returns, ["candidate_id", "batch", "programme"])
        er = _Errors(Path(returns).name)
        names = {b.name for b in config.batches}
        for i, r in enumerate(rrows):
            if r["batch"] not in names:
                er.add(i, "batch", f"unknown batch {r['batch']!r}")
            if r["programme"] not in code_index:
                er.add(i, "programme", f"unknown programme {r['programme']!r}")
            if not r["candidate_id"].isdigit() or int(r["candidate_id"]) not in seen:
                er.add(i, "candidate_id", f"unknown candidate {r['candidate_id']!r}")
                continue
            r_ids.append(int(r["candidate_id"]))
            r_prog.append(code_index.get(r["programme"], 0))
            r_batch.append(r["batch"])
        errors += er.items

    if errors:
        raise CsvError(errors)

    n = len(crows)
    prefs = {}
    for name, k in kmax.items():
        m = np.full((n, k), -1, np.int32)
        for row, col, prog in entries.get(name, []):
            m[row, col] = prog
        prefs[name] = m
    cands = Candidates.build(
        ids=np.array(ids, np.int64),
        total=np.array(total, np.int64),
        subjects=subj,
        bonus=np.array(bonus, np.int64),
        junior=np.array([jindex[j] if j else -1 for j in junior_raw], np.int32),
        flags=np.array(flags, np.int64),
    )
    progs = Programmes.build(
        codes=codes,
        open_seats=seats,
        n_subjects=len(config.subjects),
        sector=sector,
        category=category,
        required_flags=req,
        min_score=min_score,
        ratio=ratio,
        subject_min=smin,
        quota_programme=np.array(qp, np.int32),
        quota_junior=np.array([jindex[j] for j in qj_raw], np.int32),
        quota_seats=np.array(qs, np.int64),
    )
    rets = Returns(
        candidate_ids=np.array(r_ids, np.int64),
        programmes=np.array(r_prog, np.int32),
        batches=tuple(r_batch),
    )
    return Inputs(cands, progs, prefs, rets, junior_codes)


def write_outputs(
    result: AdmissionResult, out: str | Path, junior_codes: tuple[str, ...]
) -> list[Path]:
    """Write RESULT.csv (candidates) and RESULT.programmes.csv (per-programme statistics).

    The candidate file is the first section of the canonical result bytes verbatim; the
    statistics file names junior schools by code instead of index.
    """
    out = Path(out)
    text = result.to_bytes().decode("utf-8")
    cand_part, stats_part = text.split("\n\n", 1)
    out.write_text(cand_part + "\n", encoding="utf-8")
    lines = stats_part.splitlines()
    rows = [lines[0]]
    for line in lines[1:]:
        f = line.split(",")
        if f[2]:
            f[2] = junior_codes[int(f[2])] if junior_codes else f[2]
        rows.append(",".join(f))
    stats_path = out.with_suffix(".programmes.csv")
    stats_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [out, stats_path]
