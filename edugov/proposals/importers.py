"""The year's list as the 人大 / 政协 hand it over (xlsx or csv): 编号, 标题, 领衔人 (人大)
or 提案人 (政协), 附议人, 主办单位, 协办单位, 类别, and optionally 年度 (default: this
year). One importer per kind, since the file does not say which it is.

Units are matched by name among the importing bureau's departments; a name not found is
an error naming the row and the column. Rows are keyed by (kind, year, 编号): a second
import of the same list updates the texts and opens nothing new. A new proposal opens
its case and, when the list names the 主办 unit, is handed to it (交办) at once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core import clock
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer

from .models import Proposal, ProposalKind
from .services import bureau_departments, proposal_save, split_names


def _year(text: str) -> int:
    value = int(float(text))
    if not 2000 <= value <= 2100:
        raise CellError(_("not a year"))
    return value


def _columns(proposer_label: Any) -> list[Column]:
    return [
        Column("number", gettext_lazy("number (编号)"), example="1"),
        Column("title", gettext_lazy("title"), example="关于加快推进中小学课后服务提质的建议"),
        Column("proposer", proposer_label, example="张三"),
        Column(
            "co_signers", gettext_lazy("co-signers (附议人)"), required=False, example="李四、王五"
        ),
        Column(
            "listed_lead",
            gettext_lazy("lead unit (主办单位)"),
            required=False,
            example="基础教育科",
        ),
        Column(
            "listed_co",
            gettext_lazy("co-operating units (协办单位)"),
            required=False,
            example="体卫艺科",
        ),
        Column("category", gettext_lazy("category"), required=False, example="教育"),
        Column("year", gettext_lazy("year (年度)"), required=False, parse=_year, example="2023"),
    ]


class _ProposalImporter(Importer):
    model = Proposal
    key = ("kind", "year", "number")
    kind: ClassVar[str]

    def __init__(self, user: Any):
        super().__init__(user)
        self._units: dict[str, Any] | None = None

    def _departments(self) -> dict[str, Any]:
        if self._units is None:
            unit = self.user.unit
            self._units = {u.name: u for u in bureau_departments(unit)} if unit else {}
        return self._units

    def resolve(self, values: dict[str, Any], row: int) -> dict[str, Any]:
        if self.user.unit is None:
            raise CellError(_("only a member of a unit imports proposals"))
        units = self._departments()
        values["unit"] = self.user.unit
        values["kind"] = self.kind
        values["year"] = values.get("year") or clock.today().year
        values["number"] = str(values["number"]).removesuffix(".0")
        for key in ("co_signers", "listed_co", "category"):
            values[key] = values.get(key) or ""
        lead = values.get("listed_lead")
        if lead:
            if lead not in units:
                raise ColumnError(
                    "listed_lead",
                    _("no department of the bureau is named “%(name)s”") % {"name": lead},
                )
            values["listed_lead"] = units[lead]
        else:
            values["listed_lead"] = None
        names = split_names(values["listed_co"])
        missing = [n for n in names if n not in units]
        if missing:
            raise ColumnError(
                "listed_co",
                _("no department of the bureau is named “%(name)s”") % {"name": "、".join(missing)},
            )
        values["listed_co"] = "、".join(names)
        return values

    def save(self, instance: Proposal, created: bool) -> None:
        proposal_save(user=self.user, proposal=instance, audit=False)


@register_importer("proposals.npc")
class NpcImporter(_ProposalImporter):
    kind = ProposalKind.NPC
    title = gettext_lazy("NPC deputies' suggestions")
    columns = _columns(gettext_lazy("lead deputy (领衔人)"))


@register_importer("proposals.cppcc")
class CppccImporter(_ProposalImporter):
    kind = ProposalKind.CPPCC
    title = gettext_lazy("CPPCC members' proposals")
    columns = _columns(gettext_lazy("proposer (提案人)"))
