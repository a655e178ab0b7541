"""Importers by name, so that a job row can say which one to run without storing a
dotted path that a crafted request could point anywhere."""

from __future__ import annotations

from django.utils.translation import gettext as _

from edugov.jobs.services import JobFailed, register

from .importer import Importer

IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(name: str):
    def wrap(cls: type[Importer]) -> type[Importer]:
        IMPORTERS[name] = cls
        return cls

    return wrap


@register("import")
def run_import(job, progress) -> dict:
    """The job handler for every import: both phases, on the worker or inline."""
    importer = IMPORTERS[job.params["importer"]](job.owner)
    with job.input_file.open("rb") as fh:
        report = importer.run(
            fh, job.params.get("file_name", job.input_file.name), job.input_file.size, progress
        )
    if report.errors:
        raise JobFailed(report.errors, report.as_dict())
    progress(report.rows, report.rows, _("Done"))
    return report.as_dict()
