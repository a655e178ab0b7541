"""Shared fixtures: the real Nanchang plan and the constructed layouts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edugov.engines.plandoc import Plan, parse_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[4]
NANCHANG_NAME = "nanchang-2023-work-plan.md"


def shared_dir() -> Path:
    """shared/ sits beside the repo checkout; EDUGOV_SHARED_DIR overrides it (CI)."""
    override = os.environ.get("EDUGOV_SHARED_DIR")
    return Path(override) if override else REPO_ROOT / ".." / "shared"


def nanchang_path() -> Path:
    """shared/ when it is there; else the copy the repo vendors for the demo (a fresh
    clone in a temp folder has no shared/ beside it)."""
    shared = shared_dir() / "plans" / NANCHANG_NAME
    if shared.is_file():
        return shared
    return REPO_ROOT / "edugov" / "workplan" / "data" / NANCHANG_NAME


@pytest.fixture(scope="session")
def nanchang_file() -> Path:
    path = nanchang_path()
    if not path.is_file():
        if os.environ.get("CI") == "true":
            # CI lays shared/ beside the checkout: a missing plan there is a broken
            # set-up, not a reason to pass without testing the real document.
            pytest.fail(f"CI=true but the Nanchang plan is not at {path.resolve()}")
        pytest.skip(
            f"the real Nanchang plan is not at {path.resolve()} — "
            "set EDUGOV_SHARED_DIR to the directory holding plans/"
        )
    return path


@pytest.fixture(scope="session")
def nanchang(nanchang_file: Path) -> Plan:
    return parse_path(nanchang_file)


@pytest.fixture(scope="session")
def jiujiang() -> Plan:
    return parse_path(FIXTURES / "jiujiang-2024-annotated.md")


@pytest.fixture(scope="session")
def shangrao() -> Plan:
    return parse_path(FIXTURES / "shangrao-2024-plain.txt")
