"""Prometheus metrics of the application's own work (issue 25).

Request latency by view comes from django-prometheus's middleware
(``django_http_requests_latency_seconds_by_view_method``); these are what it cannot
see: how long background jobs take, and how many rows imports read. They live in
``core`` because the job runner and the one importer (``core.io``) record them.

With several processes on one machine (gunicorn's workers and the job worker), set
``PROMETHEUS_MULTIPROC_DIR`` for all of them: prometheus_client then keeps the values
in files there and the metrics page sums every process's (docs/operations.md).
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

#: Wall time of a background job from start to finish, by kind and outcome.
JOB_SECONDS = Histogram(
    "edugov_job_duration_seconds",
    "Wall time of a background job, by kind and outcome (succeeded, failed).",
    ["kind", "status"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200),
)

#: Data rows read by imports, by model and outcome: "written" when the file was
#: committed, "refused" when it had errors and nothing was written.
IMPORT_ROWS = Counter(
    "edugov_import_rows",
    "Data rows read by imports, by model and outcome (written, refused).",
    ["model", "outcome"],
)


def count_import(model: str, rows: int, ok: bool) -> None:
    """Record one finished import of ``rows`` data rows."""
    IMPORT_ROWS.labels(model=model, outcome="written" if ok else "refused").inc(rows)
