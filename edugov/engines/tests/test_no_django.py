"""Engines are plain Python: no module under edugov/engines (tests aside) imports Django."""

import ast
from pathlib import Path

ENGINES = Path(__file__).resolve().parents[1]


def django_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Import)
            and any(a.name.split(".")[0] == "django" for a in node.names)
            or isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] == "django"
        ):
            lines.append(node.lineno)
    return lines


def test_no_engine_module_imports_django():
    offenders = {
        str(p.relative_to(ENGINES)): lines
        for p in ENGINES.rglob("*.py")
        if "tests" not in p.parts and (lines := django_imports(p))
    }
    assert offenders == {}


def test_the_check_sees_a_django_import(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("from django.db import models\n", encoding="utf-8")
    assert django_imports(f) == [1]
