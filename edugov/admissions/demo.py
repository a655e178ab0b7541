"""The admissions part of ``make demo``: deterministic, idempotent."""


def load_demo() -> str:
    """Load this module's demo data; return one line for the console."""
    return ""
