"""Imports of the 督导 module: assignments of schools to inspectors, and a campaign's
indicator checklist. Both go through ``core.io.importer`` (two phases, errors by row)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.cells import parse_date
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit

from .models import Assignment, Campaign, CampaignState, Indicator, Inspector
from .services import assignment_rules, assignment_save, indicator_save


def _score(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise CellError(_("expected a number"))
    if value < 0:
        raise CellError(_("expected a number"))
    return value


@register_importer("inspection.assignment")
class AssignmentImporter(Importer):
    """One row per school: its code, the inspector's bureau and name, the start date.
    Keyed by school and start date, so re-importing the same sheet changes nothing."""

    model = Assignment
    key = ("school", "start_date")
    title = gettext_lazy("Inspector assignments")
    columns = [
        Column("school_code", gettext_lazy("school code"), example="2136000001"),
        Column("inspector_unit", gettext_lazy("inspector's bureau"), example="东湖区"),
        Column("inspector_name", gettext_lazy("inspector"), example="王建国"),
        Column("start_date", gettext_lazy("start date"), parse=parse_date, example="2023-02-01"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._schools: dict[str, Unit] = {}
        self._inspectors: dict[tuple[str, str], Inspector] = {}
        # Open schools per inspector counted as the sheet's rows are read, so that a
        # sheet giving one inspector a sixth school is refused on that row.
        self._load: dict[int, int] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("school_code", "")).strip() for v in values}
        self._schools.update(
            {u.code: u for u in Unit.objects.visible_to(self.user, "view").filter(code__in=codes)}
        )
        names = {str(v.get("inspector_name", "")).strip() for v in values}
        for ins in (
            Inspector.objects.visible_to(self.user, "view")
            .filter(name__in=names)
            .select_related("unit")
        ):
            self._inspectors[(ins.unit.name, ins.name)] = ins

    def resolve(self, values, row):
        school = self._schools.get(str(values.pop("school_code")).strip())
        if school is None:
            raise ColumnError("school_code", _("no school in your scope has this code"))
        key = (values.pop("inspector_unit").strip(), values.pop("inspector_name").strip())
        inspector = self._inspectors.get(key)
        if inspector is None:
            raise ColumnError("inspector_name", _("no inspector of this bureau has this name"))
        values.update(school=school, inspector=inspector)
        return values

    def check_chunk(self, rows):
        from django.core.exceptions import ValidationError

        from edugov.inspection.services import schools_per_inspector

        out = {}
        for row in rows:
            if row.action == "unchanged":
                continue
            a = row.instance
            try:
                # The stored rows' rules (one open assignment per school, active
                # inspector, the school below its bureau) …
                assignment_rules(a)
            except ValidationError as exc:
                field, msgs = next(iter(exc.message_dict.items()))
                # … except the load, counted below over the stored and the sheet's rows.
                if field != "inspector" or len(exc.message_dict) > 1:
                    out[row.number] = (
                        "inspector_name" if field == "inspector" else "school_code",
                        msgs[0],
                    )
                    continue
            if a.inspector_id not in self._load:
                self._load[a.inspector_id] = Assignment.objects.filter(
                    inspector_id=a.inspector_id, end_date__isnull=True
                ).count()
            self._load[a.inspector_id] += 1
            if self._load[a.inspector_id] > schools_per_inspector():
                out[row.number] = (
                    "inspector_name",
                    _("the inspector would hold more than %(max)s schools")
                    % {"max": schools_per_inspector()},
                )
        return out

    @classmethod
    def export_value(cls, obj, field):
        # The export goes back in unchanged: the codes and names the columns read.
        if field == "school_code":
            return obj.school.code
        if field == "inspector_unit":
            return obj.inspector.unit.name
        if field == "inspector_name":
            return obj.inspector.name
        return super().export_value(obj, field)

    def save(self, instance, created):
        assignment_save(assignment=instance, user=self.user, audit=False)


@register_importer("inspection.indicator")
class IndicatorImporter(Importer):
    """A campaign's checklist: campaign code, indicator code, indicator, full marks,
    evidence required. Only a campaign still preparing its checklist takes rows."""

    model = Indicator
    key = ("campaign", "code")
    title = gettext_lazy("Indicator checklist")
    columns = [
        Column("campaign_code", gettext_lazy("campaign code"), example="PJ2023-XJ-01"),
        Column("code", gettext_lazy("indicator code"), example="A1.1"),
        Column("name", gettext_lazy("indicator"), example="党委政府定期研究教育工作"),
        Column("max_score", gettext_lazy("full marks"), parse=_score, example="4"),
        Column(
            "evidence_required",
            gettext_lazy("evidence required"),
            required=False,
            example="会议纪要",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._campaigns: dict[str, Campaign] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("campaign_code", "")).strip() for v in values}
        self._campaigns.update(
            {
                c.code: c
                for c in Campaign.objects.visible_to(self.user, "change").filter(code__in=codes)
            }
        )

    def resolve(self, values, row):
        campaign = self._campaigns.get(str(values.pop("campaign_code")).strip())
        if campaign is None:
            raise ColumnError("campaign_code", _("no campaign you may change has this code"))
        if campaign.state != CampaignState.DRAFT:
            raise ColumnError("campaign_code", _("the campaign's checklist is already fixed"))
        values.update(campaign=campaign, evidence_required=values.get("evidence_required") or "")
        return values

    def save(self, instance, created):
        indicator_save(indicator=instance, user=self.user, audit=False)
