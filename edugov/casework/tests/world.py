"""Rows for the authorization matrix: cases owned by the city (led by 东湖区, supervised by
the 督导室), by 东湖区 (led by one of its schools) and by a 进贤县 school, each with a
timeline, a comment and an evidence file; one working-day adjustment of the city, and a year
it declared entered in full (far enough ahead that no calendar package will hold it)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.casework.models import AdjustmentKind, CalendarAdjustment, CalendarYear
from edugov.casework.services import (
    adjustment_save,
    case_comment,
    case_move,
    case_open,
    year_save,
)
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.org.models import Unit

from .casetypes import ensure_registered

NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 world evidence")


def build(cast) -> None:
    ensure_registered()
    duban = make_user("world_case_duban", "department_staff", Unit.objects.get(name="督导室"))
    with acting(cast.city_admin):
        city_case = case_open(
            user=cast.city_admin,
            case_type="t_complaint",
            title="市级投诉",
            files=[_evidence("city.pdf")],
            now=NOW,
        )
        case_move(
            user=cast.city_admin,
            case=city_case,
            transition="assign",
            lead_unit=cast.donghu,
            supervising_unit=duban.unit,
            now=NOW,
        )
        case_comment(user=cast.city_admin, case=city_case, text="请东湖区核实", now=NOW)
        adjustment_save(
            adjustment=CalendarAdjustment(
                date=dt.date(2023, 9, 15),
                kind=AdjustmentKind.HOLIDAY,
                reason="台风停课",
                issued_by="南昌市人民政府",
            ),
            user=cast.city_admin,
        )
        adjustment_save(
            adjustment=CalendarAdjustment(
                date=dt.date(2090, 1, 1),
                kind=AdjustmentKind.HOLIDAY,
                reason="元旦",
                issued_by="国务院办公厅",
            ),
            user=cast.city_admin,
        )
        year_save(
            declaration=CalendarYear(year=2090, issued_by="国务院办公厅", document="国办发明电"),
            user=cast.city_admin,
        )
    with acting(cast.donghu_officer):
        donghu_case = case_open(
            user=cast.donghu_officer,
            case_type="t_complaint",
            title="东湖区投诉",
            lead_unit=cast.donghu_school,
            files=[_evidence("donghu.pdf")],
            now=NOW,
        )
        case_comment(user=cast.donghu_officer, case=donghu_case, text="转学校办理", now=NOW)
    with acting(cast.jinxian_principal):
        case_open(
            user=cast.jinxian_principal,
            case_type="t_complaint",
            title="进贤县学校自查",
            lead_unit=cast.jinxian_school,
            files=[_evidence("jinxian.pdf")],
            now=NOW,
        )
