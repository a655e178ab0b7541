"""The workplan part of ``make demo``: deterministic, idempotent.

The real Nanchang 2023 工作要点 (a copy in ``data/``) is uploaded and confirmed by the city
bureau, decomposed into tasks for the seeded departments and districts, and given six
months (2023-03 … 2023-08) of progress reports: most tasks keep pace, some lag, a few
miss a report or are already done. The 督导室 has issued 督办单 on laggards: one closed
(销号), one answered, the rest open. The plan's status is frozen on 2023-09-06 (the day
after August's reports were due), so the demo reads as it stood then.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from edugov.accounts.models import User
from edugov.casework.escalation import scan
from edugov.core.context import acting
from edugov.core.scoping import can
from edugov.org.models import Unit, UnitKind

from .casetypes import DUBAN
from .models import Kpi, KpiKind, Plan, Task, WorkPoint
from .selectors import task_row
from .services import (
    notice_close,
    notice_issue,
    notice_respond,
    plan_confirm,
    plan_upload,
    report_review,
    report_submit,
    task_complete,
    task_save,
)
from .services.notices import moment
from .status import SUPERVISABLE

PLAN_FILE = Path(__file__).resolve().parent / "data" / "nanchang-2023-work-plan.md"
FROZEN_ON = dt.date(2023, 9, 6)
MONTHS = range(3, 9)
SEED = 2023

# (point, task, lead unit, co-operating units, owner, due, profile)
# profile: "on" keeps pace, "lag" trails, "miss" skips August, "done" finishes early.
TASKS: list[tuple[int, str, str, tuple[str, ...], str, str, str]] = [
    (1, "开展党的二十大精神专题学习", "组织人事科", (), "", "2023-12-31", "done"),
    (
        2,
        "推进中小学校党组织领导的校长负责制",
        "组织人事科",
        ("东湖区", "进贤县"),
        "",
        "2023-12-31",
        "on",
    ),
    (3, "开展教育系统廉政风险排查", "办公室", (), "", "2023-11-30", "on"),
    (4, "落实意识形态工作责任制", "思政科", (), "", "2023-12-31", "on"),
    (
        5,
        "新增公办幼儿园22所以上",
        "学前教育科",
        ("东湖区", "进贤县", "红谷滩区"),
        "xueqian_staff",
        "2023-12-31",
        "lag",
    ),
    (5, "提高公办园在园幼儿占比至58%", "学前教育科", (), "xueqian_staff", "2023-12-31", "on"),
    (
        5,
        "普惠性幼儿园覆盖率达到93%以上",
        "学前教育科",
        ("东湖区", "进贤县"),
        "xueqian_staff",
        "2023-12-31",
        "on",
    ),
    (5, "推进标准化幼儿园建设（达标率30%以上）", "东湖区", (), "donghu_admin", "2023-12-31", "lag"),
    (6, "推进集团化办学扩面提质", "基础教育科", ("红谷滩区",), "jichu_staff", "2023-12-31", "on"),
    (6, "义务教育优质均衡发展县创建", "进贤县", (), "jinxian_admin", "2023-12-31", "miss"),
    (7, "推进普通高中多样化特色发展", "基础教育科", (), "jichu_staff", "2023-12-31", "on"),
    (8, "推进中高职贯通培养", "职业与成人教育科", (), "", "2023-12-31", "on"),
    (9, "开展民办学校年检", "民办教育管理科", (), "", "2023-08-31", "done"),
    (10, "建设思政课教师队伍", "思政科", (), "", "2023-12-31", "on"),
    (11, "开展教学质量监测", "教研室", (), "", "2023-12-31", "on"),
    (12, "落实中小学生每天校内体育活动2小时", "体卫艺科", ("东湖区",), "", "2023-12-31", "on"),
    (13, "举办中小学生艺术展演", "体卫艺科", (), "", "2023-10-31", "on"),
    (14, "建设劳动教育实践基地", "基础教育科", (), "jichu_staff", "2023-12-31", "lag"),
    (15, "开展国防教育和科技教育活动", "体卫艺科", (), "", "2023-12-31", "on"),
    (16, "规范教育经费预算管理", "计划财务科", (), "", "2023-12-31", "on"),
    (17, "招聘补充中小学教师", "组织人事科", ("进贤县",), "", "2023-09-30", "on"),
    (
        18,
        "实施18个中小学网点建设民生实项目",
        "计划财务科",
        ("东湖区", "进贤县", "红谷滩区"),
        "",
        "2023-12-31",
        "lag",
    ),
    (18, "新增学位3万余个", "计划财务科", (), "", "2023-12-31", "on"),
    (18, "进贤县新扩建校舍项目", "进贤县", (), "jinxian_admin", "2023-12-31", "lag"),
    (19, "推进智慧教育示范区建设", "信息中心", (), "", "2023-12-31", "on"),
    (20, "开展县区政府履行教育职责评价", "督导室", (), "duban_staff", "2023-11-30", "on"),
    (
        21,
        "巩固“双减”成果，治理校外培训",
        "校外教育培训监管科",
        ("东湖区", "红谷滩区"),
        "",
        "2023-12-31",
        "miss",
    ),
    (22, "开展学校办学质量评估", "督导室", (), "duban_staff", "2023-12-31", "on"),
    (23, "做好中考和高考组织工作", "招生考试中心", (), "", "2023-07-31", "done"),
    (24, "建设教育数据中心", "信息中心", (), "", "2023-12-31", "lag"),
    (
        25,
        "开展校园安全隐患排查整治",
        "安全稳定科",
        ("东湖区", "进贤县"),
        "donghu_admin",
        "2023-12-31",
        "on",
    ),
    (25, "东湖区平安校园创建", "东湖区", (), "donghu_admin", "2023-12-31", "on"),
    (26, "开通心理援助热线", "体卫艺科", (), "", "2023-10-31", "on"),
    (27, "推进政务服务“一网通办”", "办公室", (), "", "2023-12-31", "on"),
    (28, "做好教育信访和宣传工作", "办公室", (), "", "2023-12-31", "on"),
]

NOTES = {
    "on": ["按计划推进，已完成阶段性工作", "召开推进会部署落实，进展顺利", "各项工作有序开展"],
    "lag": ["受用地审批影响，进度滞后", "资金拨付未到位，部分项目未开工", "方案修订中，推进缓慢"],
    "done": ["已全部完成"],
    "miss": ["按计划推进"],
}


def _percent(profile: str, month: int, due: dt.date, rng: random.Random) -> int:
    """Believable cumulative percent at the end of ``month``."""
    start = dt.date(2023, 3, 1)
    end = dt.date(2023, month, 28)
    share = min(1.0, (end - start).days / max((due - start).days, 1))
    if profile == "done":
        return min(100, round(100 * min(1.0, share * 2.2)))
    factor = 0.45 if profile == "lag" and month >= 5 else 1.0
    return max(0, min(100, round(100 * share * factor + rng.randint(-4, 6))))


def _submitted_at(month: int, rng: random.Random, late: bool) -> dt.datetime:
    deadline = dt.date(2023, month + 1, 5)
    day = (
        deadline + dt.timedelta(days=rng.randint(1, 9))
        if late
        else deadline - dt.timedelta(days=rng.randint(0, 4))
    )
    return timezone.make_aware(dt.datetime.combine(day, dt.time(16, rng.randint(0, 59))))


def load_demo() -> str:
    if Plan.objects.filter(doc_number="洪教办字〔2023〕4号").exists():
        return "workplan: the 2023 plan is already loaded"
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    city_admin = users.get("city_admin")
    if city_admin is None:
        return "workplan: no city_admin account; skipped"
    units = {
        u.name: u
        for u in Unit.objects.filter(
            kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.ZONE]
        )
    }
    by_unit = {u.unit_id: u for u in users.values() if u.unit_id and u.username != "city_admin"}
    rng = random.Random(SEED)
    with transaction.atomic(), acting(city_admin):
        plan = plan_upload(user=city_admin, name=PLAN_FILE.name, data=PLAN_FILE.read_bytes())
        plan = plan_confirm(plan=plan, user=city_admin)
        plan.status_date = FROZEN_ON
        plan.save(update_fields=["status_date"])
        points = {p.number: p for p in WorkPoint.objects.filter(area__plan=plan)}
        tasks = []
        for number, title, lead, co, owner, due, profile in TASKS:
            point = points[number]
            # Tie each task to the plan targets its title names.
            targets = [t for t in point.targets.all() if t.subject[:4] in title]
            task = task_save(
                task=Task(
                    point=point,
                    title=title,
                    lead_unit=units[lead],
                    owner=users.get(owner),
                    start_date=dt.date(2023, 3, 1),
                    due_date=dt.date.fromisoformat(due),
                ),
                co_units=[units[c] for c in co],
                targets=targets,
            )
            tasks.append((task, profile))
        reports = 0
        for task, profile in tasks:
            kpis = list(Kpi.objects.filter(task=task, kind=KpiKind.MANUAL))
            for unit in [task.lead_unit, *task.co_units.order_by("path")]:
                author = by_unit.get(unit.pk, city_admin)
                for month in MONTHS:
                    if profile == "miss" and month == 8:
                        continue
                    percent = _percent(profile, month, task.due_date, rng)
                    # Figures run a little ahead of the work on healthy tasks.
                    ahead = percent if profile == "lag" else min(100, percent + 8)
                    actuals = {
                        k.pk: (k.target_value * Decimal(ahead) / 100).quantize(Decimal("0.1"))
                        for k in kpis
                    }
                    report = report_submit(
                        task=task,
                        user=author,
                        unit=unit,
                        period_start=dt.date(2023, month, 1),
                        text=f"{unit.name}：{rng.choice(NOTES[profile])}（{month}月）。",
                        percent=percent,
                        actuals=actuals,
                        submitted_at=_submitted_at(month, rng, late=rng.random() < 0.12),
                    )
                    reports += 1
                    # The lead unit reviews all but the latest month: its own account,
                    # else the bureau's (never the author).
                    reviewer = by_unit.get(task.lead_unit_id)
                    if reviewer is None or reviewer == author:
                        reviewer = city_admin if author != city_admin else None
                    if month < 8 and reviewer is not None:
                        report_review(report=report, user=reviewer, accept=True)
            if profile == "done":
                task_complete(task=task, user=city_admin, on=dt.date(2023, 7, 20))
        notices = _notices(tasks, users)
    return (
        f"workplan: plan {plan.doc_number}: {len(points)} points, {len(tasks)} tasks, "
        f"{reports} progress reports, {notices} 督办单"
    )


def _notices(tasks, users) -> int:
    """督导室 supervises the laggards as of 2023-08-10; answers and 销号 follow."""
    duban = users.get("duban_staff")
    if duban is None:
        return 0
    issued = []
    on = dt.date(2023, 8, 10)
    for task, profile in tasks:
        if profile != "lag":
            continue
        row = task_row(task, on, reader=duban)
        if row.status not in SUPERVISABLE:
            continue
        with acting(duban):
            issued.append(
                notice_issue(
                    task=task,
                    user=duban,
                    status=row.status,
                    reason="；".join(row.verdict.reasons) or "进度滞后",
                    response_due=on + dt.timedelta(days=14),
                    today=on,
                )
            )
    for i, notice in enumerate(issued[:2]):
        task = Task.objects.get(pk=notice.subject_id)
        responder = task.owner or users["city_admin"]
        if not can(responder, notice, DUBAN.action("respond")):
            continue
        with acting(responder):
            notice_respond(
                notice=notice,
                user=responder,
                measures="成立专班，倒排工期，每周调度一次",
                new_due_date=dt.date(2023, 11, 30),
                today=on + dt.timedelta(days=6),
            )
        if i == 0:
            with acting(duban):
                notice_close(
                    notice=notice, user=duban, comment="经核实，整改到位", today=dt.date(2023, 9, 1)
                )
    # The ladder as the daily scan leaves it on the demo's day (casework's one scan).
    scan(moment(FROZEN_ON))
    return len(issued)
