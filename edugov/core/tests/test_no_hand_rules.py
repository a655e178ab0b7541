"""No hand-written permission rules outside the scoping mechanism.

Who may do what to which row is answered in one place: ``visible_to`` / ``can`` / ``may``
in ``core/scoping.py``, from the rules models declare (``actions``). A service or view that
compares units itself (``user.unit_id == ...``, a path prefix, ``has_perm``) is a second
rule that a renamed department, a new grant or a narrowed role silently escapes. This test
reads every domain app's code and fails on such a comparison, unless the line is in the
allow-list below with the reason it is not a permission rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # edugov/
# core/ holds the mechanism itself, accounts/ the roles and logins it reads; engines/ never
# see a user.
EXEMPT_APPS = {"core", "accounts", "engines", "settings", "templates", "locale"}

PATTERNS = {
    "has_perm": re.compile(r"\.has_perm\("),
    "unit_id ==": re.compile(r"unit_id\s*(==|!=)"),
    "path.startswith": re.compile(r"\.path\.startswith\("),
    "scope_root() comparison": re.compile(r"scope_root\(\)(\.path)?\s*(==|!=|\bis\b|\.startswith)"),
}

# (path relative to edugov/, stripped source line) -> why it is not a permission rule.
ALLOWED: dict[tuple[str, str], str] = {
    ("inspection/services.py", "return unit.path.startswith(above.path)"): "a rule on the data, "
    "not the actor: a school assigned to an inspector lies under the inspector's bureau, and "
    "a campaign's evaluated unit under its organiser (inspection/tests/test_assignments.py)",
    ("inspection/services.py", "or campaign.evaluated_unit_id == campaign.unit_id"): "a rule "
    "on the data: a campaign's organiser does not evaluate itself",
    (
        "inspection/demo.py",
        "d = next((d for d in districts if s.path.startswith(d.path)), None)",
    ): "demo data: finds the district a school lies in, to place its inspector",
    ("inspection/demo.py", "if head.unit_id == school.pk:"): "demo data: picks the school's own "
    "demo account to sign its rectification cases",
    (
        "students/models.py",
        "if self.user_id and self.school_id and self.user.unit_id != self.school_id:",
    ): "a rule on the data, not the actor: a class is taught by an account of its own school "
    "(students/tests/test_class_assignments.py)",
}


def _sources():
    for app in sorted(p for p in ROOT.iterdir() if p.is_dir() and p.name not in EXEMPT_APPS):
        for path in sorted(app.rglob("*.py")):
            rel = path.relative_to(ROOT)
            if "tests" in rel.parts or "migrations" in rel.parts:
                continue
            yield rel, path.read_text(encoding="utf-8")


def find_hand_rules(sources) -> list[tuple[str, int, str, str]]:
    found = []
    for rel, text in sources:
        for lineno, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            for name, pattern in PATTERNS.items():
                if pattern.search(code) and (str(rel), line.strip()) not in ALLOWED:
                    found.append((str(rel), lineno, name, line.strip()))
    return found


def test_no_service_or_view_writes_its_own_permission_rule():
    found = find_hand_rules(_sources())
    assert not found, "hand-written permission rules (use can/may/visible_to):\n" + "\n".join(
        f"  {rel}:{n}  [{name}]  {line}" for rel, n, name, line in found
    )


def test_every_allow_list_entry_still_exists_and_gives_a_reason():
    lines = {(str(rel), line.strip()) for rel, text in _sources() for line in text.splitlines()}
    for key, reason in ALLOWED.items():
        assert key in lines, f"stale allow-list entry {key}"
        assert len(reason) > 20, f"allow-list entry {key} needs its reason"


@pytest.mark.parametrize(
    "line",
    [
        "    if user.unit_id == task.lead_unit_id:",
        "    if lead.path.startswith(user.unit.path):",
        "    ok = request.user.has_perm('students.view_full_student')",
        "    if obj.school.path.startswith(user.scope_root().path):",
        "    if user.scope_root() == unit:",
    ],
)
def test_the_scanner_catches_each_kind_of_hand_rule(line):
    assert find_hand_rules([(Path("demo_app/services.py"), f"def f():\n{line}\n")])
