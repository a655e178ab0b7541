"""One "today" for the whole platform (issue 15, defect 5).

A 2023 demo computed its plan's status on 2023-09-06 while a new 督办单 was numbered
〔2026〕 and dated by the wall clock. Every date the platform decides goes through
``core.clock.today``; this file checks the setting and that no module reads the wall
clock behind its back.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.test import override_settings

from edugov.core import clock

ROOT = Path(__file__).resolve().parents[2]  # edugov/

WALL_CLOCK = re.compile(
    r"\bdate\.today\(|\blocaldate\(\s*\)|\bdatetime\.now\(\)\.date\(|\bnow\(\)\.date\("
)

# (path relative to edugov/, stripped source line) -> why it may read the wall clock.
ALLOWED: dict[tuple[str, str], str] = {
    ("core/clock.py", "return timezone.localdate()"): "the clock itself: production's today",
    (
        "engines/codes/checksums.py",
        "if born is None or born.year < 1900 or born > (today or dt.date.today()):",
    ): "a Django-free engine cannot read settings; the platform passes today=clock.today()",
}


def test_the_setting_fixes_today():
    with override_settings(EDUGOV_TODAY="2023-09-06"):
        assert clock.today() == dt.date(2023, 9, 6)
    with override_settings(EDUGOV_TODAY=dt.date(2023, 3, 1)):
        assert clock.today() == dt.date(2023, 3, 1)
    with override_settings(EDUGOV_TODAY=None):
        from django.utils import timezone

        assert clock.today() == timezone.localdate()


def test_the_demo_settings_fix_today_in_2023():
    import importlib

    demo = importlib.import_module("edugov.settings.demo")
    assert clock.today.__module__ == "edugov.core.clock"
    assert dt.date.fromisoformat(str(demo.EDUGOV_TODAY)).year == 2023


def test_no_module_reads_the_wall_clock_outside_the_clock():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts or rel.parts[0] == "settings":
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if WALL_CLOCK.search(code) and (str(rel), line.strip()) not in ALLOWED:
                found.append(f"  {rel}:{lineno}  {line.strip()}")
    assert not found, "read today through edugov.core.clock.today():\n" + "\n".join(found)
