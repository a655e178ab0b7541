"""Publicly verifiable compulsory-school lottery (公民同招 / 民办超额), DOMAIN.md §5.

Protocol: freeze and publish the applicant-list hash → parties publish commitments →
a public number fixed in advance is announced → parties reveal → σ → one SHA-256 key
per applicant → order by (priority class, key). Byte encodings and the bundle schema:
docs/engines/lottery.md. Anyone can recheck a bundle with ``scripts/verify_lottery.py``.
"""

from .bundle import (
    BUNDLE_FORMAT,
    BundleFormatError,
    Mismatch,
    VerificationReport,
    bundle_json,
    make_bundle,
    verify_bundle,
)
from .draw import (
    Applicant,
    Commitment,
    DrawResult,
    Placement,
    Reveal,
    SeedError,
    applicant_list_hash,
    commit,
    draw,
    key_function,
    new_secret,
    seed,
)
from .encoding import ALGORITHM_VERSION, InvalidInput, LotteryError

__all__ = [
    "ALGORITHM_VERSION",
    "BUNDLE_FORMAT",
    "Applicant",
    "BundleFormatError",
    "Commitment",
    "DrawResult",
    "InvalidInput",
    "LotteryError",
    "Mismatch",
    "Placement",
    "Reveal",
    "SeedError",
    "VerificationReport",
    "applicant_list_hash",
    "bundle_json",
    "commit",
    "draw",
    "key_function",
    "make_bundle",
    "new_secret",
    "seed",
    "verify_bundle",
]
