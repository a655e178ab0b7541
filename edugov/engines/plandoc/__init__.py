"""Plan-document parser: a bureau's 工作要点 (.md/.txt/.docx) → Plan → Area → Point → Target.

Plain Python, no Django: the plan module feeds it an upload and stores what it returns.
Output schema and CLI: docs/engines/plandoc.md.

    >>> from edugov.engines.plandoc import parse_path
    >>> plan = parse_path("../shared/plans/nanchang-2023-work-plan.md")  # doctest: +SKIP
    >>> plan.to_json()  # doctest: +SKIP
"""

from .model import COMPARATORS, SCHEMA_VERSION, Area, Plan, Point, SubItem, Target
from .parser import PlanReadError, parse_docx, parse_path, parse_text
from .targets import extract_targets

__all__ = [
    "COMPARATORS",
    "SCHEMA_VERSION",
    "Area",
    "Plan",
    "PlanReadError",
    "Point",
    "SubItem",
    "Target",
    "extract_targets",
    "parse_docx",
    "parse_path",
    "parse_text",
]
