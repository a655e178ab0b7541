"""The public verification bundle: everything needed to recompute a draw, as JSON.

The schema is documented in docs/engines/lottery.md. ``scripts/verify_lottery.py``
checks the same bundle with its own, standard-library-only copy of the algorithm; the
two must report the same mismatch codes (a hypothesis test holds them to it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .draw import (
    Applicant,
    Commitment,
    DrawResult,
    Placement,
    Reveal,
    applicant_list_hash,
    commit,
    draw,
    seed,
    seed_unchecked,
)
from .encoding import ALGORITHM_VERSION, InvalidInput, LotteryError, check_count, check_text

BUNDLE_FORMAT = "edugov-lottery-bundle/1"

_TOP_KEYS = frozenset(
    {
        "format",
        "algorithm_version",
        "school",
        "seats",
        "applicants",
        "applicant_list_sha256",
        "commitments",
        "reveals",
        "public_number",
        "seed",
        "keys",
        "result",
    }
)


class BundleFormatError(LotteryError):
    """The bundle is not a well-formed ``edugov-lottery-bundle/1`` document."""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One thing that does not recompute. ``code`` is stable and shared with the
    standalone verifier; ``subject`` names the applicant, party or position, if any."""

    code: str
    subject: str | None
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """Outcome of :func:`verify_bundle`. ``ok`` is true only with no mismatch at all."""

    mismatches: tuple[Mismatch, ...]
    applicant_list_sha256: str | None  # recomputed; None when the list has duplicate ids
    seed_hex: str  # recomputed from the reveals and the public number

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _entry(p: Placement) -> dict[str, Any]:
    return {
        "rank": p.rank,
        "id": p.applicant_id,
        "priority_class": p.priority_class,
        "key": p.key_hex,
    }


def make_bundle(
    *,
    school: str,
    seats: int,
    applicants: Sequence[Applicant],
    commitments: Iterable[Commitment],
    reveals: Iterable[Reveal],
    public_number: str,
) -> dict[str, Any]:
    """Run the draw and return its public verification bundle (a JSON-ready dict).

    Refuses (raises :class:`SeedError`) when a reveal does not open its commitment, so
    a bundle is only ever made for a valid draw. Lists are sorted (applicants and keys
    by id, parties by name) so the same draw always gives the same JSON.
    """
    applicants = tuple(applicants)
    commitments = sorted(commitments, key=lambda c: c.party)
    reveals = sorted(reveals, key=lambda r: r.party)
    sigma = seed(reveals, commitments, public_number)
    list_hash = applicant_list_hash(school, seats, applicants)
    result = draw(school, seats, applicants, sigma)
    return {
        "format": BUNDLE_FORMAT,
        "algorithm_version": ALGORITHM_VERSION,
        "school": school,
        "seats": seats,
        "applicants": [
            {"id": a.id, "priority_class": a.priority_class}
            for a in sorted(applicants, key=lambda a: a.id)
        ],
        "applicant_list_sha256": list_hash,
        "commitments": [{"party": c.party, "commitment": c.commitment_hex} for c in commitments],
        "reveals": [{"party": r.party, "secret": r.secret} for r in reveals],
        "public_number": public_number,
        "seed": sigma.hex(),
        "keys": [{"id": aid, "key": key} for aid, key in sorted(result.keys().items())],
        "result": {
            "admitted": [_entry(p) for p in result.admitted],
            "waitlist": [_entry(p) for p in result.waitlist],
        },
    }


def bundle_json(bundle: Mapping[str, Any]) -> str:
    """The bundle as the JSON file that is published: one applicant, key or result entry
    per line, Chinese left readable (not ``\\u`` escaped).

    Formatting is not part of any hash; the verifier reads any valid JSON. One entry per
    line keeps a 100k-applicant file searchable by a parent with a text editor.
    """

    def block(value: Any, indent: str) -> str:
        if isinstance(value, dict) and value:
            inner = indent + "  "
            items = (f"{inner}{json.dumps(k)}: {block(v, inner)}" for k, v in value.items())
            return "{\n" + ",\n".join(items) + "\n" + indent + "}"
        if isinstance(value, list) and value:
            inner = indent + "  "
            items = (inner + json.dumps(v, ensure_ascii=False) for v in value)
            return "[\n" + ",\n".join(items) + "\n" + indent + "]"
        return json.dumps(value, ensure_ascii=False)

    return block(dict(bundle), "") + "\n"


# --- parsing -------------------------------------------------------------------------


def _fail(msg: str) -> BundleFormatError:
    return BundleFormatError(f"bundle: {msg}")


def _obj(value: object, keys: frozenset[str] | set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _fail(f"{where} must be an object")
    if set(value) != set(keys):
        raise _fail(f"{where} must have exactly the keys {sorted(keys)}, has {sorted(value)}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(f"{where} must be a list")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(f"{where} must be a string")
    return value


def _int(value: object, where: str) -> int:
    if type(value) is not int:
        raise _fail(f"{where} must be an integer")
    return value


@dataclass(frozen=True, slots=True)
class _Parsed:
    school: str
    seats: int
    applicants: list[Applicant]
    list_hash: str
    commitments: list[tuple[str, str]]
    reveals: list[Reveal]
    public_number: str
    seed_hex: str
    keys: list[tuple[str, str]]
    admitted: list[tuple[int, str, int, str]]
    waitlist: list[tuple[int, str, int, str]]


def _parse(bundle: object) -> _Parsed:
    b = _obj(bundle, _TOP_KEYS, "top level")
    if b["format"] != BUNDLE_FORMAT:
        raise _fail(f"unsupported format {b['format']!r}, expected {BUNDLE_FORMAT!r}")
    if b["algorithm_version"] != ALGORITHM_VERSION:
        raise _fail(f"unsupported algorithm_version {b['algorithm_version']!r}")
    try:
        school = check_text(b["school"], "school")
        seats = check_count(b["seats"], "seats")
        public_number = check_text(b["public_number"], "public_number")
        applicants = []
        for i, a in enumerate(_list(b["applicants"], "applicants")):
            a = _obj(a, {"id", "priority_class"}, f"applicants[{i}]")
            applicants.append(Applicant(a["id"], a["priority_class"]))
        commitments = []
        for i, c in enumerate(_list(b["commitments"], "commitments")):
            c = _obj(c, {"party", "commitment"}, f"commitments[{i}]")
            commitments.append(
                (check_text(c["party"], "party"), _str(c["commitment"], f"commitments[{i}]"))
            )
        reveals = []
        for i, r in enumerate(_list(b["reveals"], "reveals")):
            r = _obj(r, {"party", "secret"}, f"reveals[{i}]")
            reveals.append(Reveal(r["party"], r["secret"]))
    except InvalidInput as exc:
        raise _fail(str(exc))
    keys = []
    for i, k in enumerate(_list(b["keys"], "keys")):
        k = _obj(k, {"id", "key"}, f"keys[{i}]")
        keys.append((_str(k["id"], f"keys[{i}].id"), _str(k["key"], f"keys[{i}].key")))
    result = _obj(b["result"], {"admitted", "waitlist"}, "result")
    lists = {}
    for part in ("admitted", "waitlist"):
        rows = []
        for i, e in enumerate(_list(result[part], f"result.{part}")):
            where = f"result.{part}[{i}]"
            e = _obj(e, {"rank", "id", "priority_class", "key"}, where)
            rows.append(
                (
                    _int(e["rank"], f"{where}.rank"),
                    _str(e["id"], f"{where}.id"),
                    _int(e["priority_class"], f"{where}.priority_class"),
                    _str(e["key"], f"{where}.key"),
                )
            )
        lists[part] = rows
    return _Parsed(
        school=school,
        seats=seats,
        applicants=applicants,
        list_hash=_str(b["applicant_list_sha256"], "applicant_list_sha256"),
        commitments=commitments,
        reveals=reveals,
        public_number=public_number,
        seed_hex=_str(b["seed"], "seed"),
        keys=keys,
        admitted=lists["admitted"],
        waitlist=lists["waitlist"],
    )


# --- verification --------------------------------------------------------------------


def _first_difference(
    stated: list[tuple[int, str, int, str]], expected: list[tuple[int, str, int, str]]
) -> int | None:
    """0-based index of the first differing entry, or None when the lists are equal."""
    for i, (s, e) in enumerate(zip(stated, expected, strict=False)):
        if s != e:
            return i
    return None if len(stated) == len(expected) else min(len(stated), len(expected))


def _describe(rows: list[tuple[int, str, int, str]], i: int) -> str:
    return repr(rows[i][1]) if i < len(rows) else "—"


def verify_bundle(bundle: Mapping[str, Any]) -> VerificationReport:
    """Recompute every hash and the draw from ``bundle``; list each mismatch.

    Raises :class:`BundleFormatError` if the bundle is not well formed (missing or
    extra keys, wrong types, text breaking the encoding rules, unknown version). Keys
    and the result are recomputed from the *recomputed* σ, never the stated one, so a
    forged seed cannot make forged keys look consistent. A list with duplicate
    applicant ids has no defined draw; only the duplicates and the seed are reported.
    """
    p = _parse(bundle)
    out: list[Mismatch] = []

    def add(code: str, subject: str | None, zh: str, en: str) -> None:
        out.append(Mismatch(code, subject, zh, en))

    id_counts = Counter(a.id for a in p.applicants)
    duplicates = sorted(i for i, n in id_counts.items() if n > 1)
    for aid in duplicates:
        add(
            "duplicate_applicant",
            aid,
            f"申请编号 {aid!r} 重复",
            f"applicant id {aid!r} is listed twice",
        )
    list_hash = None
    if not duplicates:
        list_hash = applicant_list_hash(p.school, p.seats, p.applicants)
        if list_hash != p.list_hash:
            add(
                "applicant_list_hash",
                None,
                f"申请名单哈希不一致：公布 {p.list_hash}，复算 {list_hash}",
                f"the applicant list hash differs: published {p.list_hash}, recomputed {list_hash}",
            )

    committed = Counter(party for party, _ in p.commitments)
    revealed = Counter(r.party for r in p.reveals)
    if not committed:
        add("no_commitments", None, "没有任何承诺", "the bundle has no commitments")
    for party in sorted(set(committed) | set(revealed)):
        if committed[party] > 1 or revealed[party] > 1:
            add(
                "duplicate_party", party, f"参与方 {party!r} 重复", f"party {party!r} appears twice"
            )
    commitment_of = dict(p.commitments)
    secret_of = {r.party: r.secret for r in p.reveals}
    for party in sorted(set(committed) - set(revealed)):
        add("missing_reveal", party, f"{party!r} 未揭示秘密", f"party {party!r} did not reveal")
    for party in sorted(set(revealed) - set(committed)):
        add(
            "uncommitted_reveal",
            party,
            f"{party!r} 揭示了秘密但没有事先承诺",
            f"party {party!r} revealed without a commitment",
        )
    for party in sorted(set(committed) & set(revealed)):
        duplicated = committed[party] > 1 or revealed[party] > 1  # already reported
        if not duplicated and commit(secret_of[party]) != commitment_of[party]:
            add(
                "commitment_mismatch",
                party,
                f"{party!r} 揭示的秘密与其承诺不符",
                f"the secret revealed by {party!r} does not match its commitment",
            )

    sigma = seed_unchecked(p.reveals, p.public_number)
    if sigma.hex() != p.seed_hex:
        add(
            "seed",
            None,
            f"种子不一致：公布 {p.seed_hex}，复算 {sigma.hex()}",
            f"the seed differs: published {p.seed_hex}, recomputed {sigma.hex()}",
        )
    if duplicates:
        return VerificationReport(tuple(out), None, sigma.hex())

    result: DrawResult = draw(p.school, p.seats, p.applicants, sigma)
    expected_keys = result.keys()
    stated_counts = Counter(aid for aid, _ in p.keys)
    stated_keys = dict(p.keys)
    for aid in sorted(set(expected_keys) | set(stated_keys)):
        if aid not in stated_keys:
            zh, en = f"缺少申请人 {aid!r} 的密钥", f"applicant {aid!r}'s key is missing"
        elif aid not in expected_keys:
            zh, en = f"密钥表含名单外的 {aid!r}", f"a key is listed for unknown applicant {aid!r}"
        elif stated_counts[aid] > 1:
            zh, en = f"申请人 {aid!r} 的密钥出现两次", f"applicant {aid!r}'s key is listed twice"
        elif stated_keys[aid] != expected_keys[aid]:
            zh, en = f"申请人 {aid!r} 的密钥不一致", f"applicant {aid!r}'s key differs"
        else:
            continue
        add("key", aid, zh, en)

    for part, stated, expected_p, zh_name, en_name in (
        ("admitted", p.admitted, result.admitted, "录取名单", "admitted list"),
        ("waitlist", p.waitlist, result.waitlist, "候补名单", "waitlist"),
    ):
        expected = [(e.rank, e.applicant_id, e.priority_class, e.key_hex) for e in expected_p]
        i = _first_difference(stated, expected)
        if i is not None:
            add(
                part,
                str(i + 1),
                f"{zh_name}不一致（第 {i + 1} 位：公布 {_describe(stated, i)}，复算 {_describe(expected, i)}）",
                f"the {en_name} differs (position {i + 1}: published {_describe(stated, i)}, "
                f"recomputed {_describe(expected, i)})",
            )
    return VerificationReport(tuple(out), list_hash, sigma.hex())
