"""make_bundle / verify_bundle: a genuine bundle verifies; each tampering is named."""

from __future__ import annotations

import copy
import json

import pytest

from edugov.engines.lottery import (
    BundleFormatError,
    bundle_json,
    verify_bundle,
)

from ._helpers import example_bundle


def codes(bundle: dict) -> list[tuple[str, str | None]]:
    return [(m.code, m.subject) for m in verify_bundle(bundle).mismatches]


def test_a_genuine_bundle_verifies_and_survives_json() -> None:
    bundle = example_bundle()
    report = verify_bundle(json.loads(bundle_json(bundle)))
    assert report.ok, report.mismatches
    assert report.applicant_list_sha256 == bundle["applicant_list_sha256"]
    assert report.seed_hex == bundle["seed"]


def test_the_bundle_holds_ids_and_classes_only() -> None:
    bundle = example_bundle()
    assert all(set(a) == {"id", "priority_class"} for a in bundle["applicants"])
    assert [k["id"] for k in bundle["keys"]] == sorted(k["id"] for k in bundle["keys"])


def test_it_names_a_changed_applicant() -> None:
    bundle = example_bundle()
    bundle["applicants"][4]["priority_class"] = 1  # A005 promoted after the hash was out
    found = codes(bundle)
    assert ("applicant_list_hash", None) in found
    assert any(code in {"admitted", "waitlist"} for code, _ in found)


def test_it_names_a_changed_public_number() -> None:
    bundle = example_bundle()
    bundle["public_number"] = "3187.43"
    found = codes(bundle)
    assert ("seed", None) in found
    assert {("key", f"A00{i}") for i in range(1, 6)} <= set(found)


def test_it_names_a_reordered_result() -> None:
    bundle = example_bundle()
    admitted = bundle["result"]["admitted"]
    admitted[0], admitted[1] = admitted[1], admitted[0]
    assert codes(bundle) == [("admitted", "1")]


def test_it_names_a_wrong_secret_and_a_missing_reveal() -> None:
    bundle = example_bundle()
    bundle["reveals"][0]["secret"] = "forged"
    assert ("commitment_mismatch", "公证处") in codes(bundle)
    bundle = example_bundle()
    del bundle["reveals"][1]
    assert ("missing_reveal", "家长代表1") in codes(bundle)


def test_it_names_a_forged_key_even_when_the_result_is_consistent() -> None:
    bundle = example_bundle()
    bundle["keys"][2]["key"] = "0" * 64
    assert codes(bundle) == [("key", "A003")]


def test_duplicate_ids_stop_the_recomputation() -> None:
    bundle = example_bundle()
    bundle["applicants"].append(copy.deepcopy(bundle["applicants"][0]))
    assert codes(bundle) == [("duplicate_applicant", "A001")]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda b: b.pop("seed"),
        lambda b: b.__setitem__("extra", 1),
        lambda b: b.__setitem__("seats", "3"),
        lambda b: b.__setitem__("algorithm_version", "edugov-lottery/2"),
        lambda b: b["applicants"][0].__setitem__("id", "A\x1f1"),
        lambda b: b["result"]["admitted"][0].__setitem__("rank", 1.0),
    ],
    ids=["missing", "extra", "seats-type", "version", "control-char", "rank-type"],
)
def test_it_rejects_a_malformed_bundle(tamper) -> None:
    bundle = example_bundle()
    tamper(bundle)
    with pytest.raises(BundleFormatError):
        verify_bundle(bundle)
