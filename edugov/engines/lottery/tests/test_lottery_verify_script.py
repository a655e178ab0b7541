"""scripts/verify_lottery.py: standard library only, right exit codes, and it agrees
with the engine on many random draws and tamperings."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edugov.engines.lottery import (
    Applicant,
    BundleFormatError,
    Commitment,
    Reveal,
    bundle_json,
    commit,
    make_bundle,
    verify_bundle,
)

from ._helpers import (
    SCRIPT,
    applicant_lists,
    example_bundle,
    load_script,
    party_secrets,
    public_numbers,
    schools,
)

verifier = load_script()


def run(bundle_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    # -I -S: no site-packages, no PYTHONPATH, no cwd on sys.path — only the standard
    # library is importable, exactly as on a parent's computer.
    return subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), str(bundle_path), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )


def write(tmp_path: Path, bundle: dict[str, Any]) -> Path:
    path = tmp_path / "bundle.json"
    path.write_text(bundle_json(bundle), encoding="utf-8")
    return path


def test_the_script_imports_only_the_standard_library() -> None:
    # feature_version: parents may have an old Python; refuse syntax newer than 3.9
    # (best effort — ast does not catch every newer library call).
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"), feature_version=(3, 9))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported - {"__future__"} <= sys.stdlib_module_names, imported


def test_it_confirms_a_genuine_bundle(tmp_path: Path) -> None:
    proc = run(write(tmp_path, example_bundle()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "VERDICT: MATCH" in proc.stdout and "结论：一致" in proc.stdout


def test_it_rejects_a_bundle_with_one_changed_applicant(tmp_path: Path) -> None:
    bundle = example_bundle()
    bundle["applicants"][2]["id"] = "A003X"
    proc = run(write(tmp_path, bundle))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "VERDICT: MISMATCH" in proc.stdout
    assert "the applicant list hash differs" in proc.stdout
    assert "申请名单哈希不一致" in proc.stdout


def test_it_rejects_a_bundle_with_a_changed_public_number(tmp_path: Path) -> None:
    bundle = example_bundle()
    bundle["public_number"] = "3187.41"
    proc = run(write(tmp_path, bundle))
    assert proc.returncode == 1
    assert "the seed differs" in proc.stdout
    assert "applicant 'A001''s key differs" in proc.stdout


def test_it_rejects_a_bundle_with_a_reordered_result(tmp_path: Path) -> None:
    bundle = example_bundle()
    result = bundle["result"]
    result["admitted"][2], result["waitlist"][0] = result["waitlist"][0], result["admitted"][2]
    proc = run(write(tmp_path, bundle))
    assert proc.returncode == 1
    assert "the admitted list differs (position 3" in proc.stdout
    assert "the waitlist differs (position 1" in proc.stdout


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"format": "edugov-lottery-bundle/1"}'],
    ids=["garbage", "wrong-shape", "missing-keys"],
)
def test_it_exits_2_on_an_unreadable_bundle(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(content, encoding="utf-8")
    proc = run(path)
    assert proc.returncode == 2
    assert "cannot be read" in proc.stdout


def test_it_exits_2_on_a_missing_file(tmp_path: Path) -> None:
    assert run(tmp_path / "absent.json").returncode == 2


def test_it_shows_one_applicants_place(tmp_path: Path) -> None:
    proc = run(write(tmp_path, example_bundle()), "--applicant", "A004")
    assert proc.returncode == 0
    assert "Applicant A004: priority class 2" in proc.stdout
    assert "admitted #3" in proc.stdout


# --- agreement between the two implementations ----------------------------------------

MUTATIONS = [
    "none",
    "applicant_class",
    "drop_applicant",
    "add_applicant",
    "duplicate_applicant",
    "seats",
    "school",
    "public_number",
    "secret",
    "commitment",
    "drop_reveal",
    "extra_reveal",
    "swap_result",
    "move_result",
    "key",
    "stated_seed",
    "stated_list_hash",
    "control_char",
    "bool_rank",
]


def mutate(bundle: dict[str, Any], how: str, data: st.DataObject) -> None:
    order = bundle["result"]["admitted"] + bundle["result"]["waitlist"]
    pick = lambda seq: data.draw(st.sampled_from(seq)) if seq else None  # noqa: E731
    if how == "applicant_class" and bundle["applicants"]:
        a = pick(bundle["applicants"])
        a["priority_class"] = data.draw(
            st.integers(0, 4).filter(lambda c: c != a["priority_class"])
        )
    elif how == "drop_applicant" and bundle["applicants"]:
        bundle["applicants"].remove(pick(bundle["applicants"]))
    elif how == "add_applicant":
        taken = {a["id"] for a in bundle["applicants"]}
        bundle["applicants"].append({"id": "新" + str(len(taken)), "priority_class": 1})
    elif how == "duplicate_applicant" and bundle["applicants"]:
        bundle["applicants"].append(copy.deepcopy(pick(bundle["applicants"])))
    elif how == "seats":
        bundle["seats"] = data.draw(st.integers(0, 45))
    elif how == "school":
        bundle["school"] += "分校"
    elif how == "public_number":
        bundle["public_number"] += "1"
    elif how == "secret":
        pick(bundle["reveals"])["secret"] += "x"
    elif how == "commitment":
        pick(bundle["commitments"])["commitment"] = "ab" * 32
    elif how == "drop_reveal":
        bundle["reveals"].remove(pick(bundle["reveals"]))
    elif how == "extra_reveal":
        bundle["reveals"].append({"party": "外人", "secret": "s"})
    elif how == "swap_result" and len(order) >= 2:
        i, j = data.draw(
            st.lists(st.integers(0, len(order) - 1), min_size=2, max_size=2, unique=True)
        )
        order[i]["id"], order[j]["id"] = order[j]["id"], order[i]["id"]
    elif how == "move_result" and bundle["result"]["admitted"]:
        bundle["result"]["waitlist"].insert(0, bundle["result"]["admitted"].pop())
    elif how == "key" and bundle["keys"]:
        pick(bundle["keys"])["key"] = "f" * 64
    elif how == "stated_seed":
        bundle["seed"] = "0" * 64
    elif how == "stated_list_hash":
        bundle["applicant_list_sha256"] = "0" * 64
    elif how == "control_char" and bundle["applicants"]:
        pick(bundle["applicants"])["id"] += "\n"
    elif how == "bool_rank" and order:
        pick(order)["rank"] = True


def script_verdict(bundle: dict[str, Any]) -> str | list[tuple[str, str | None]]:
    try:
        parsed = verifier.read_bundle(bundle)
    except verifier.Unreadable:
        return "unreadable"
    problems, _ = verifier.check(parsed)
    return [(code, subject) for code, subject, _, _ in problems]


def engine_verdict(bundle: dict[str, Any]) -> str | list[tuple[str, str | None]]:
    try:
        report = verify_bundle(bundle)
    except BundleFormatError:
        return "unreadable"
    return [(m.code, m.subject) for m in report.mismatches]


@settings(max_examples=300, deadline=None)
@given(
    school=schools,
    seats=st.integers(0, 45),
    applicants=applicant_lists,
    parties=party_secrets,
    public_number=public_numbers,
    how=st.sampled_from(MUTATIONS),
    data=st.data(),
)
def test_the_engine_and_the_script_agree(
    school: str,
    seats: int,
    applicants: list[Applicant],
    parties: list[tuple[str, str]],
    public_number: str,
    how: str,
    data: st.DataObject,
) -> None:
    bundle = make_bundle(
        school=school,
        seats=seats,
        applicants=applicants,
        commitments=[Commitment(p, commit(s)) for p, s in parties],
        reveals=[Reveal(p, s) for p, s in parties],
        public_number=public_number,
    )
    # The script recomputes the same draw on its own from the genuine bundle.
    assert json.loads(bundle_json(bundle)) == bundle  # the published file loses nothing
    _, facts = verifier.check(verifier.read_bundle(json.loads(bundle_json(bundle))))
    assert facts["seed"] == bundle["seed"]
    assert facts["applicant_list_sha256"] == bundle["applicant_list_sha256"]
    assert facts["keys"] == {k["id"]: k["key"] for k in bundle["keys"]}
    assert [list(r) for r in facts["admitted"]] == [
        [e["rank"], e["id"], e["priority_class"], e["key"]] for e in bundle["result"]["admitted"]
    ]
    assert [list(r) for r in facts["waitlist"]] == [
        [e["rank"], e["id"], e["priority_class"], e["key"]] for e in bundle["result"]["waitlist"]
    ]

    mutate(bundle, how, data)
    engine, script = engine_verdict(bundle), script_verdict(bundle)
    assert engine == script
    if how == "none":
        assert engine == []
