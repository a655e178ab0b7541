"""Shared fixtures for the lottery tests: a small worked draw, hypothesis strategies,
and a loader for the standalone verifier script (which is not a package)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from edugov.engines.lottery import Applicant, Commitment, Reveal, commit, make_bundle

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "verify_lottery.py"

SCHOOL = "东湖区育新学校"
PUBLIC_NUMBER = "3187.42"
SECRETS = {"公证处": "notary-7f3a9c", "家长代表1": "parent-one-51e2"}


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_lottery_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def example_applicants() -> list[Applicant]:
    return [
        Applicant("A001", 1),
        Applicant("A002", 1),
        Applicant("A003", 2),
        Applicant("A004", 2),
        Applicant("A005", 3),
    ]


def example_parties() -> tuple[list[Commitment], list[Reveal]]:
    commitments = [Commitment(p, commit(s)) for p, s in SECRETS.items()]
    reveals = [Reveal(p, s) for p, s in SECRETS.items()]
    return commitments, reveals


def example_bundle(seats: int = 3, applicants: list[Applicant] | None = None) -> dict[str, Any]:
    commitments, reveals = example_parties()
    return make_bundle(
        school=SCHOOL,
        seats=seats,
        applicants=applicants if applicants is not None else example_applicants(),
        commitments=commitments,
        reveals=reveals,
        public_number=PUBLIC_NUMBER,
    )


# Alphabets mix ASCII and CJK so UTF-8 multi-byte encoding is always exercised, and
# include characters that would collide under naive concatenation ("A"+"BC" vs "AB"+"C").
_ID_CHARS = st.sampled_from(list("ABCabc0123456789-_甲乙丙丁学生"))
ids = st.text(_ID_CHARS, min_size=1, max_size=6)
schools = st.text(st.sampled_from(list("东湖区育新学校ABC12")), min_size=1, max_size=8)
priority_classes = st.integers(min_value=0, max_value=3)
applicant_lists = st.lists(
    st.builds(Applicant, ids, priority_classes), unique_by=lambda a: a.id, max_size=40
)
party_secrets = st.lists(
    st.tuples(
        st.text(st.sampled_from(list("公证处家长代表123")), min_size=1, max_size=5),
        st.text(st.sampled_from(list("0123456789abcdef秘密")), min_size=1, max_size=12),
    ),
    unique_by=lambda t: t[0],
    min_size=1,
    max_size=3,
)
public_numbers = st.text(st.sampled_from(list("0123456789. +")), min_size=1, max_size=10)
seeds = st.binary(min_size=32, max_size=32)
