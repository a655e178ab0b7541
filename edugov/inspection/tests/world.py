"""Rows for the authorization matrix: inspectors of 东湖区 and 进贤县 with assignments,
visits with a finding, a photo and a rectification case, and a 东湖区 campaign on one of
its schools with its checklist."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.core.context import acting

from ..models import Assignment, Campaign, Indicator, Inspector, Visit
from ..services import (
    assignment_save,
    campaign_save,
    campaign_start,
    finding_open_case,
    indicator_save,
    inspector_save,
    visit_save,
)

NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _district(cast, officer, district, school, tag):
    with acting(officer):
        ins = inspector_save(
            inspector=Inspector(
                unit=district, name=f"{tag}督学", phone="13907910001", background="retired"
            ),
            user=officer,
        )
        assignment_save(
            assignment=Assignment(inspector=ins, school=school, start_date=dt.date(2023, 2, 1)),
            user=officer,
        )
        visit = visit_save(
            visit=Visit(
                date=dt.date(2023, 9, 20), school=school, inspector=ins, items_checked="课后服务"
            ),
            user=officer,
            findings=[{"description": f"{tag}消防通道堆放杂物", "severity": "major"}],
            files=[SimpleUploadedFile("site.jpg", b"\xff\xd8\xff\xe0 photo")],
        )
        finding_open_case(finding=visit.findings.get(), user=officer, now=NOW)
    return ins


def build(cast) -> None:
    _district(cast, cast.donghu_officer, cast.donghu, cast.donghu_school, "东湖")
    _district(cast, cast.city_admin, cast.jinxian, cast.jinxian_school, "进贤")
    with acting(cast.donghu_officer):
        c = campaign_save(
            campaign=Campaign(
                code="T-XZ-1",
                title="校长任期结束综合督导评估",
                kind="principal_term",
                year=2023,
                unit=cast.donghu,
                evaluated_unit=cast.donghu_school,
            ),
            user=cast.donghu_officer,
        )
        indicator_save(
            indicator=Indicator(campaign=c, code="A1", name="党的建设", max_score=10),
            user=cast.donghu_officer,
        )
        # A second one in its self-assessment, so that each step has a row someone may take.
        started = campaign_save(
            campaign=Campaign(
                code="T-XZ-2",
                title="校长任期结束综合督导评估",
                kind="principal_term",
                year=2023,
                unit=cast.donghu,
                evaluated_unit=cast.donghu_junior,
            ),
            user=cast.donghu_officer,
        )
        indicator_save(
            indicator=Indicator(campaign=started, code="A1", name="党的建设", max_score=10),
            user=cast.donghu_officer,
        )
        campaign_start(campaign=started, user=cast.donghu_officer)
