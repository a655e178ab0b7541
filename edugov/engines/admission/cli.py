"""Command line: run the engine on CSV files, or verify a stored run by replaying it.

    python -m edugov.engines.admission run --candidates C.csv --programmes P.csv \\
        --preferences F.csv --config CFG.toml --out RESULT.csv [--quotas Q.csv] [--returns R.csv]
    python -m edugov.engines.admission verify ... --record RESULT.run.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .batches import run_admission
from .config import ConfigError, load_config
from .csvio import CsvError, load_inputs, write_outputs
from .model import InputError
from .result import AdmissionResult


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--candidates", required=True, help="candidates CSV")
    p.add_argument("--programmes", required=True, help="programmes CSV")
    p.add_argument("--preferences", required=True, help="preferences CSV (long format)")
    p.add_argument("--config", required=True, help="configuration TOML")
    p.add_argument("--quotas", help="指标到校 allocations CSV")
    p.add_argument("--returns", help="退档 decisions CSV")
    p.add_argument("--backend", choices=("compiled", "reference"), default="compiled")


def _run(args: argparse.Namespace) -> tuple[AdmissionResult, tuple[str, ...]]:
    config = load_config(args.config)
    inputs = load_inputs(
        candidates=args.candidates,
        programmes=args.programmes,
        preferences=args.preferences,
        config=config,
        quotas=args.quotas,
        returns=args.returns,
    )
    result = run_admission(
        inputs.candidates,
        inputs.programmes,
        inputs.preferences,
        config,
        inputs.returns,
        backend=args.backend,
    )
    return result, inputs.junior_codes


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m edugov.engines.admission``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m edugov.engines.admission")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="run an admission and write the results")
    _add_inputs(run_p)
    run_p.add_argument(
        "--out", required=True, help="result CSV (statistics and run record beside it)"
    )
    ver_p = sub.add_parser("verify", help="replay a run and compare with its record")
    _add_inputs(ver_p)
    ver_p.add_argument("--record", required=True, help="RESULT.run.json written by 'run'")
    args = parser.parse_args(argv)

    try:
        t0 = time.perf_counter()
        result, junior_codes = _run(args)
        elapsed = time.perf_counter() - t0
    except CsvError as exc:
        print("\n".join(exc.errors), file=sys.stderr)
        return 2
    except (ConfigError, InputError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    record = result.record()
    if args.command == "run":
        paths = write_outputs(result, args.out, junior_codes)
        rec_path = Path(args.out).with_suffix(".run.json")
        rec_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
        admitted = int((result.batch >= 0).sum())
        print(f"{result.candidate_ids.size} candidates, {admitted} admitted in {elapsed:.2f} s")
        for i, name in enumerate(result.batch_names):
            print(f"  {name}: {int((result.batch == i).sum())}")
        print(f"result_sha256 {record['result_sha256']}")
        print("wrote " + ", ".join(str(p) for p in [*paths, rec_path]))
        return 0

    stored = json.loads(Path(args.record).read_text("utf-8"))
    ok = True
    for field in ("engine_version", "inputs_sha256", "config_sha256", "result_sha256"):
        same = stored.get(field) == record[field]
        ok &= same
        print(f"{field}: {'match' if same else 'MISMATCH'} {record[field]}")
    print("replay reproduces the run byte for byte" if ok else "replay DIFFERS from the record")
    return 0 if ok else 1
