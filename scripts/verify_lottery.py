#!/usr/bin/env python3
"""义务教育入学摇号验证程序 / Compulsory-school lottery verifier (edugov-lottery/1).

Usage / 用法:

    python verify_lottery.py BUNDLE.json [--applicant ID]

Needs only Python 3.9+ and its standard library, so a parent or a notary can run it on
any computer. It does not trust anything in the bundle: it recomputes the applicant-list
hash, checks every revealed secret against its commitment, recomputes the seed σ, every
applicant's key and the whole draw, and compares each with what the bundle states.

Exit status / 退出码: 0 = the draw recomputes exactly (一致); 1 = something differs
(不一致, each difference is named); 2 = the bundle cannot be read (无法读取).

This file deliberately re-implements the algorithm instead of importing edugov: an
independent second implementation is what makes the check worth something. The rules
are in docs/engines/lottery.md; edugov's test suite checks that both implementations
agree on many random draws.

What this program cannot know: whether the applicant-list hash and the commitments in
the bundle are the ones published *before* the draw. Compare them yourself with the
values announced earlier (the program prints them).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import unicodedata
from collections import Counter
from typing import Any

BUNDLE_FORMAT = "edugov-lottery-bundle/1"
ALGORITHM_VERSION = "edugov-lottery/1"
US = b"\x1f"  # between the fields of a record
RS = b"\x1e"  # after every record
MAX_LINES = 30  # mismatch lines printed; with a wrong seed every key differs

TOP_KEYS = {
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


# (rank, id, priority_class, key hex) and (code, subject, message zh, message en).
# Module-level aliases are evaluated at runtime: tuple[...] needs 3.9, and "str | None"
# stays a string so it does not need 3.10.
Row = tuple[int, str, int, str]
Problem = tuple[str, "str | None", str, str]


class Unreadable(Exception):
    """The bundle is not a well-formed edugov-lottery-bundle/1 document (exit 2)."""


# --- reading -------------------------------------------------------------------------


def text_field(value: object, where: str) -> str:
    """Non-empty NFC string without control characters, as the encoding requires."""
    if not isinstance(value, str) or not value:
        raise Unreadable(f"{where} must be a non-empty string")
    for ch in value:
        cp = ord(ch)
        if cp <= 0x1F or 0x7F <= cp <= 0x9F:
            raise Unreadable(f"{where} contains a control character")
        if 0xD800 <= cp <= 0xDFFF:
            raise Unreadable(f"{where} is not valid Unicode")
    if unicodedata.normalize("NFC", value) != value:
        raise Unreadable(f"{where} is not in Unicode NFC")
    return value


def obj(value: object, keys: set[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(keys):
        raise Unreadable(f"{where} must be an object with exactly the keys {sorted(keys)}")
    return value


def lst(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise Unreadable(f"{where} must be a list")
    return value


def string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise Unreadable(f"{where} must be a string")
    return value


def integer(value: object, where: str, non_negative: bool = False) -> int:
    if type(value) is not int or (non_negative and value < 0):
        raise Unreadable(f"{where} must be a{' non-negative' if non_negative else 'n'} integer")
    return value


def read_bundle(data: object) -> dict[str, Any]:
    """Check the shape of a decoded bundle; return it as plain tuples and lists."""
    b = obj(data, TOP_KEYS, "top level")
    if b["format"] != BUNDLE_FORMAT:
        raise Unreadable(f"unsupported format {b['format']!r}")
    if b["algorithm_version"] != ALGORITHM_VERSION:
        raise Unreadable(f"unsupported algorithm_version {b['algorithm_version']!r}")
    out = {
        "school": text_field(b["school"], "school"),
        "seats": integer(b["seats"], "seats", non_negative=True),
        "public_number": text_field(b["public_number"], "public_number"),
        "applicant_list_sha256": string(b["applicant_list_sha256"], "applicant_list_sha256"),
        "seed": string(b["seed"], "seed"),
    }
    applicants = []
    for i, a in enumerate(lst(b["applicants"], "applicants")):
        a = obj(a, {"id", "priority_class"}, f"applicants[{i}]")
        applicants.append(
            (
                text_field(a["id"], f"applicants[{i}].id"),
                integer(a["priority_class"], f"applicants[{i}].priority_class", True),
            )
        )
    out["applicants"] = applicants
    commitments = []
    for i, c in enumerate(lst(b["commitments"], "commitments")):
        c = obj(c, {"party", "commitment"}, f"commitments[{i}]")
        commitments.append(
            (
                text_field(c["party"], f"commitments[{i}].party"),
                string(c["commitment"], f"commitments[{i}].commitment"),
            )
        )
    out["commitments"] = commitments
    reveals = []
    for i, r in enumerate(lst(b["reveals"], "reveals")):
        r = obj(r, {"party", "secret"}, f"reveals[{i}]")
        reveals.append(
            (
                text_field(r["party"], f"reveals[{i}].party"),
                text_field(r["secret"], f"reveals[{i}].secret"),
            )
        )
    out["reveals"] = reveals
    keys = []
    for i, k in enumerate(lst(b["keys"], "keys")):
        k = obj(k, {"id", "key"}, f"keys[{i}]")
        keys.append((string(k["id"], f"keys[{i}].id"), string(k["key"], f"keys[{i}].key")))
    out["keys"] = keys
    result = obj(b["result"], {"admitted", "waitlist"}, "result")
    for part in ("admitted", "waitlist"):
        rows = []
        for i, e in enumerate(lst(result[part], f"result.{part}")):
            w = f"result.{part}[{i}]"
            e = obj(e, {"rank", "id", "priority_class", "key"}, w)
            rows.append(
                (
                    integer(e["rank"], f"{w}.rank"),
                    string(e["id"], f"{w}.id"),
                    integer(e["priority_class"], f"{w}.priority_class"),
                    string(e["key"], f"{w}.key"),
                )
            )
        out[part] = rows
    return out


# --- the algorithm, written out again --------------------------------------------------


def record(*fields: str) -> bytes:
    return US.join(f.encode("utf-8") for f in fields) + RS


def list_hash(school: str, seats: int, applicants: list[tuple[str, int]]) -> str:
    data = record(ALGORITHM_VERSION, "applicants", school, str(seats))
    for aid, pc in sorted(applicants):
        data += record(aid, str(pc))
    return hashlib.sha256(data).hexdigest()


def seed(public_number: str, reveals: list[tuple[str, str]]) -> bytes:
    data = record(ALGORITHM_VERSION, "seed") + record(public_number)
    for party, secret in sorted(reveals):
        data += record(party, secret)
    return hashlib.sha256(data).digest()


def key(sigma: bytes, school: str, applicant_id: str) -> str:
    return hashlib.sha256(
        sigma + school.encode("utf-8") + US + applicant_id.encode("utf-8")
    ).hexdigest()


def run_draw(
    sigma: bytes, school: str, seats: int, applicants: list[tuple[str, int]]
) -> tuple[dict[str, str], list[Row], list[Row]]:
    """Return (keys by id, admitted rows, waitlist rows); a row is (rank, id, class, key)."""
    keys = {aid: key(sigma, school, aid) for aid, _ in applicants}
    # Hex of equal length sorts exactly like the raw bytes.
    order = sorted((pc, keys[aid], aid) for aid, pc in applicants)
    rows = [(rank, aid, pc, k) for rank, (pc, k, aid) in enumerate(order, start=1)]
    return keys, rows[:seats], rows[seats:]


# --- comparing -----------------------------------------------------------------------


def check(b: dict[str, Any]) -> tuple[list[Problem], dict[str, Any]]:
    """Recompute everything. Return (problems, facts); a problem is (code, subject, zh, en)."""
    problems = []

    def add(code: str, subject: str | None, zh: str, en: str) -> None:
        problems.append((code, subject, zh, en))

    counts = Counter(aid for aid, _ in b["applicants"])
    dups = sorted(aid for aid, n in counts.items() if n > 1)
    for aid in dups:
        add(
            "duplicate_applicant",
            aid,
            f"申请编号 {aid!r} 重复",
            f"applicant id {aid!r} is listed twice",
        )
    facts = {"applicant_list_sha256": None}
    if not dups:
        h = list_hash(b["school"], b["seats"], b["applicants"])
        facts["applicant_list_sha256"] = h
        if h != b["applicant_list_sha256"]:
            add(
                "applicant_list_hash",
                None,
                f"申请名单哈希不一致：公布 {b['applicant_list_sha256']}，复算 {h}",
                f"the applicant list hash differs: published {b['applicant_list_sha256']}, recomputed {h}",
            )

    committed = Counter(p for p, _ in b["commitments"])
    revealed = Counter(p for p, _ in b["reveals"])
    if not b["commitments"]:
        add("no_commitments", None, "没有任何承诺", "the bundle has no commitments")
    for party in sorted(set(committed) | set(revealed)):
        if committed[party] > 1 or revealed[party] > 1:
            add(
                "duplicate_party", party, f"参与方 {party!r} 重复", f"party {party!r} appears twice"
            )
    for party in sorted(set(committed) - set(revealed)):
        add("missing_reveal", party, f"{party!r} 未揭示秘密", f"party {party!r} did not reveal")
    for party in sorted(set(revealed) - set(committed)):
        add(
            "uncommitted_reveal",
            party,
            f"{party!r} 揭示了秘密但没有事先承诺",
            f"party {party!r} revealed without a commitment",
        )
    commitment_of = dict(b["commitments"])
    secret_of = dict(b["reveals"])
    for party in sorted(set(committed) & set(revealed)):
        if committed[party] > 1 or revealed[party] > 1:
            continue  # reported as duplicate_party; there is no single secret to check
        opened = hashlib.sha256(secret_of[party].encode("utf-8")).hexdigest()
        if opened != commitment_of[party]:
            add(
                "commitment_mismatch",
                party,
                f"{party!r} 揭示的秘密与其承诺不符",
                f"the secret revealed by {party!r} does not match its commitment",
            )

    # Everything below uses the recomputed seed, never the stated one.
    sigma = seed(b["public_number"], b["reveals"])
    facts["seed"] = sigma.hex()
    if sigma.hex() != b["seed"]:
        add(
            "seed",
            None,
            f"种子不一致：公布 {b['seed']}，复算 {sigma.hex()}",
            f"the seed differs: published {b['seed']}, recomputed {sigma.hex()}",
        )
    if dups:  # no defined draw for a list with duplicate ids
        return problems, facts

    keys, admitted, waitlist = run_draw(sigma, b["school"], b["seats"], b["applicants"])
    facts.update(keys=keys, admitted=admitted, waitlist=waitlist)
    stated = dict(b["keys"])
    stated_counts = Counter(aid for aid, _ in b["keys"])
    for aid in sorted(set(keys) | set(stated)):
        if aid not in stated:
            zh, en = f"缺少申请人 {aid!r} 的密钥", f"applicant {aid!r}'s key is missing"
        elif aid not in keys:
            zh, en = f"密钥表含名单外的 {aid!r}", f"a key is listed for unknown applicant {aid!r}"
        elif stated_counts[aid] > 1:
            zh, en = f"申请人 {aid!r} 的密钥出现两次", f"applicant {aid!r}'s key is listed twice"
        elif stated[aid] != keys[aid]:
            zh, en = f"申请人 {aid!r} 的密钥不一致", f"applicant {aid!r}'s key differs"
        else:
            continue
        add("key", aid, zh, en)

    for part, mine, zh_name, en_name in (
        ("admitted", admitted, "录取名单", "admitted list"),
        ("waitlist", waitlist, "候补名单", "waitlist"),
    ):
        theirs = b[part]
        if theirs == mine:
            continue
        shorter = min(len(theirs), len(mine))
        i = next((j for j in range(shorter) if theirs[j] != mine[j]), shorter)
        pub = repr(theirs[i][1]) if i < len(theirs) else "—"
        rec = repr(mine[i][1]) if i < len(mine) else "—"
        add(
            part,
            str(i + 1),
            f"{zh_name}不一致（第 {i + 1} 位：公布 {pub}，复算 {rec}）",
            f"the {en_name} differs (position {i + 1}: published {pub}, recomputed {rec})",
        )
    return problems, facts


# --- command line --------------------------------------------------------------------


def print_applicant(b: dict[str, Any], facts: dict[str, Any], applicant_id: str) -> None:
    for rows, zh, en in (
        (facts.get("admitted", []), "录取", "admitted"),
        (facts.get("waitlist", []), "候补", "waitlisted"),
    ):
        for pos, (rank, aid, pc, k) in enumerate(rows, start=1):
            if aid == applicant_id:
                print(
                    f"申请人 {aid}：优先类别 {pc}，密钥 {k}，复算结果：{zh}第 {pos} 位（总序第 {rank}）"
                )
                print(
                    f"Applicant {aid}: priority class {pc}, key {k}; recomputed: {en} "
                    f"#{pos} (overall #{rank})"
                )
                return
    print(f"申请人 {applicant_id!r} 不在名单中 / applicant {applicant_id!r} is not in the list")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="验证义务教育入学摇号结果 / verify a compulsory-school lottery bundle"
    )
    parser.add_argument("bundle", help="摇号验证包 JSON 文件 / the bundle JSON file")
    parser.add_argument("--applicant", help="显示此申请编号的结果 / show this applicant's result")
    args = parser.parse_args(argv)
    with contextlib.suppress(AttributeError):  # stdout may be replaced by a plain stream
        sys.stdout.reconfigure(errors="replace")  # a non-UTF-8 console must not crash us

    try:
        with open(args.bundle, encoding="utf-8") as f:
            b = read_bundle(json.load(f))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, Unreadable) as exc:
        print("结论：无法读取验证包 / VERDICT: the bundle cannot be read")
        print(f"  {exc}")
        return 2

    problems, facts = check(b)
    print(
        f"学校 School: {b['school']}    学位 Seats: {b['seats']}    申请人数 Applicants: {len(b['applicants'])}"
    )
    print(f"公开数 Public number: {b['public_number']}")
    print(f"申请名单 SHA-256 (复算 recomputed): {facts['applicant_list_sha256']}")
    for party, c in b["commitments"]:
        print(f"承诺 Commitment  {party}: {c}")
    print(f"种子 Seed (复算 recomputed): {facts['seed']}")
    print("请核对上述名单哈希与承诺值是否与摇号前公布的一致。")
    print("Check that the list hash and commitments above are the ones published before the draw.")
    if args.applicant is not None:
        print_applicant(b, facts, args.applicant)
    print()
    if not problems:
        print("结论：一致 —— 摇号结果可由公开数据完整复算。")
        print("VERDICT: MATCH — the draw recomputes exactly from the public data.")
        return 0
    print(f"结论：不一致 —— 发现 {len(problems)} 处不符：")
    print(f"VERDICT: MISMATCH — {len(problems)} difference(s) found:")
    for _code, _subject, zh, en in problems[:MAX_LINES]:
        print(f"  - {zh}")
        print(f"    {en}")
    if len(problems) > MAX_LINES:
        rest = len(problems) - MAX_LINES
        print(f"  ……另有 {rest} 处未列出 / … and {rest} more not shown")
    return 1


if __name__ == "__main__":
    sys.exit(main())
