"""Rows for the authorization matrix: one job in each of two districts."""

from edugov.jobs.models import Job


def build(cast) -> None:
    Job.objects.create(
        kind="import", title="东湖导入", owner=cast.donghu_officer, unit=cast.donghu_officer.unit
    )
    Job.objects.create(
        kind="import",
        title="进贤导入",
        owner=cast.jinxian_principal,
        unit=cast.jinxian_principal.unit,
    )
