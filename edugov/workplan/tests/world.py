"""Rows for the authorization matrix: a confirmed plan with tasks led by 东湖区, by 进贤县
and by 学前教育科 (shared with 东湖区), their reports, a KPI, a milestone and a 督办单."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.workplan.models import Milestone
from edugov.workplan.services import milestone_save, notice_issue, notice_respond, report_submit
from edugov.workplan.status import Status

from .conftest import confirmed_plan, dept, make_task, point


def build(cast) -> None:
    plan = confirmed_plan(cast.city_admin)
    p5 = point(plan, 5)
    donghu = make_task(
        p5,
        cast.donghu,
        title="东湖区任务",
        targets=p5.targets.all()[:1],
        owner=cast.donghu_officer,  # the form pages must open a task that has an owner
    )
    jinxian = make_task(p5, cast.jinxian, title="进贤县任务", targets=p5.targets.all()[:1])
    shared = make_task(p5, dept("学前教育科"), title="共享任务", co=[cast.donghu])
    with acting(None):
        milestone_save(
            milestone=Milestone(task=jinxian, title="开工", due_date=dt.date(2023, 6, 1))
        )
        for task, unit in ((donghu, cast.donghu), (jinxian, cast.jinxian), (shared, cast.donghu)):
            report_submit(
                task=task,
                user=cast.city_admin,
                unit=unit,
                period_start=dt.date(2023, 3, 1),
                text="进展",
                percent=10,
                files=[SimpleUploadedFile(f"{unit.code}.pdf", b"%PDF-1.4 world")],
            )
        duban = make_user("world_duban", "department_staff", dept("督导室"))
        notices = []
        for task in (jinxian, shared):
            notice = notice_issue(
                task=task,
                user=duban,
                status=Status.LAGGING,
                reason="滞后",
                response_due=dt.date(2023, 7, 20),
                today=dt.date(2023, 7, 10),
            )
            notices.append(notice)
        # 进贤县's notice answered by its lead unit: the 督导室 may now strike it off
        # (销号), so the matrix meets that move too; the shared one waits for an answer.
        lead = make_user("world_jinxian", "district_staff", cast.jinxian)
        notice_respond(
            notice=notices[0],
            user=lead,
            measures="整改",
            new_due_date=dt.date(2023, 9, 30),
            today=dt.date(2023, 7, 12),
        )
