"""Imports of the private-school module, through ``core.io.importer`` (two phases:
every row checked first, errors as "row N, column X"; a file with one bad row writes
nothing): the 年检 form of a round, and the schools' files."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from edugov.core.io.cells import parse_date
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit

from .models import InspectionItem, InspectionRound, PrivateSchool, ProfitType
from .services import item_save, school_save

YES = {"是", "必达", "y", "yes", "1", "true"}
NO = {"否", "", "n", "no", "0", "false"}


def _score(text: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise CellError(_("expected a number"))
    if value < 0 or value > 1000:
        raise CellError(_("expected a number"))
    return value


def _flag(text: str) -> bool:
    value = str(text).strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_("expected 是 or 否"))


def _profit(text: str) -> str:
    value = str(text).strip()
    for code, label in ProfitType.choices:
        if value in (code, str(label), {"non_profit": "非营利性", "for_profit": "营利性"}[code]):
            return code
    raise CellError(_("expected 非营利性 or 营利性"))


@register_importer("private.item")
class ItemImporter(Importer):
    """A round's 年检 form: round code, item code, area (一级指标), item (检查指标), full
    marks (分值), must be met (必达). Only a round whose inspections are not yet open
    takes rows; re-importing the same sheet changes nothing."""

    model = InspectionItem
    key = ("round", "code")
    title = gettext_lazy("Annual inspection form")
    columns = [
        Column("round_code", gettext_lazy("round code"), example="NJ2023-DH"),
        Column("code", gettext_lazy("item code"), example="B2.1"),
        Column("area", pgettext_lazy("inspection form", "area"), example="办学条件"),
        Column("name", pgettext_lazy("inspection form", "item"), example="证照齐全、有效、一致"),
        Column("max_score", gettext_lazy("full marks"), parse=_score, example="5"),
        Column(
            "mandatory",
            gettext_lazy("must be met (必达)"),
            parse=_flag,
            required=False,
            example="是",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._rounds: dict[str, InspectionRound] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("round_code", "")).strip() for v in values}
        self._rounds.update(
            {
                r.code: r
                for r in InspectionRound.objects.visible_to(self.user, "change").filter(
                    code__in=codes
                )
            }
        )

    def resolve(self, values, row):
        round = self._rounds.get(str(values.pop("round_code")).strip())
        if round is None:
            raise ColumnError("round_code", _("no round you may change has this code"))
        if round.inspections.exists():
            raise ColumnError(
                "round_code", _("the round's inspections are open: its form is fixed")
            )
        values.update(round=round, mandatory=values.get("mandatory") or False)
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "round_code":
            return obj.round.code
        return super().export_value(obj, field)

    def save(self, instance, created):
        item_save(item=instance, user=self.user, audit=False)


@register_importer("private.school")
class SchoolImporter(Importer):
    """Files of private institutions already in the registry, keyed by the 学校标识码."""

    model = PrivateSchool
    key = ("school",)
    title = gettext_lazy("Private school files")
    columns = [
        Column("school_code", gettext_lazy("school code"), example="1136000123"),
        Column("profit_type", gettext_lazy("profit type"), parse=_profit, example="非营利性"),
        Column("licence_number", gettext_lazy("licence number"), example="教民136010270000123号"),
        Column("licence_scope", gettext_lazy("licence scope"), required=False, example="学前教育"),
        Column(
            "licence_valid_from",
            gettext_lazy("licence valid from"),
            parse=parse_date,
            required=False,
            example="2021-09-01",
        ),
        Column(
            "licence_valid_until",
            gettext_lazy("licence valid until"),
            parse=parse_date,
            example="2026-08-31",
        ),
        Column("approved_capacity", gettext_lazy("approved capacity"), parse=int, example="360"),
        Column(
            "account_supervised",
            gettext_lazy("tuition account supervised"),
            parse=_flag,
            required=False,
            example="是",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._schools: dict[str, Unit] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("school_code", "")).strip() for v in values}
        self._schools.update(
            {u.code: u for u in Unit.objects.visible_to(self.user, "view").filter(code__in=codes)}
        )

    def resolve(self, values, row):
        school = self._schools.get(str(values.pop("school_code")).strip())
        if school is None:
            raise ColumnError("school_code", _("no school in your scope has this code"))
        values.update(
            school=school,
            licence_scope=values.get("licence_scope") or "",
            account_supervised=values.get("account_supervised") or False,
        )
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "school_code":
            return obj.school.code
        if field == "profit_type":
            return obj.get_profit_type_display()
        if field == "account_supervised":
            return "是" if obj.account_supervised else "否"
        return super().export_value(obj, field)

    def save(self, instance, created):
        school_save(file=instance, user=self.user, audit=False)
