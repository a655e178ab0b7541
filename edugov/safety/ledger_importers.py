"""Imports of the ledgers a school (or a district) keeps in a spreadsheet: 防溺水 patrols,
risk waters, canteens, suppliers, 大宗食材 purchases, 留样 checks, 陪餐 records, 告家长书
counts, 校服 procurements, 校方责任险 policies and their claims. All through ``core.io.importer`` (two phases: a file with one bad row writes
nothing and names the row and column); each is keyed by its natural key, so the same
sheet imported again changes nothing, and each list's export writes these columns."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from edugov.core.io.cells import (
    bool_out,
    parse_amount,
    parse_bool,
    parse_count,
    parse_date,
    parse_year,
)
from edugov.core.io.importer import Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit, UnitKind

from .importers import _choice
from .models import (
    Canteen,
    ClaimStatus,
    FoodPurchase,
    InsuranceClaim,
    InsurancePolicy,
    Meal,
    MealRecord,
    ParentLetter,
    PatrolRecord,
    RiskWater,
    SampleCheck,
    Supplier,
    UniformProcurement,
    WaterKind,
)
from .selectors import usable_suppliers, usable_waters

SCHOOL_CODE = Column("school_code", gettext_lazy("school code"), example="3601020001")


class _UnitLedger(Importer):
    """A ledger row owned by a school (or a district) named by its code (or, for a
    district, its name). Only units the user sees are found; writing rights are the
    importer's scope check (``units_for_new`` / ``visible_to(user, "change")``)."""

    unit_field = "school"
    unit_column = "school_code"
    schools_only = True
    #: Columns the export writes for the reader (a rate, a gap, sums of other rows) that
    #: the platform computes: read back, they are ignored, so the export still goes in.
    derived: tuple[str, ...] = ()

    def __init__(self, user):
        super().__init__(user)
        self._units: dict[str, Unit] = {}

    def resolve_chunk(self, values):
        names = {str(v.get(self.unit_column) or "").strip() for v in values} - set(self._units)
        if names:
            qs = Unit.objects.visible_to(self.user, "view").filter(
                Q(code__in=names) | Q(name__in=names)
            )
            if self.schools_only:
                qs = qs.filter(kind=UnitKind.SCHOOL)
            for u in qs:
                self._units.setdefault(u.code, u)
                self._units.setdefault(u.name, u)
        self.load_chunk(values)

    def load_chunk(self, values) -> None:
        """What else the chunk's rows name (canteens, suppliers, policies), in bulk."""

    def resolve(self, values, row):
        unit = self._units.get(str(values.pop(self.unit_column)).strip())
        if unit is None:
            raise ColumnError(self.unit_column, _("no unit in your scope has this code"))
        values[self.unit_field] = unit
        for name in self.derived:
            values.pop(name, None)
        return self.resolve_more(values, unit)

    def resolve_more(self, values, unit):
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == cls.unit_column:
            return getattr(obj, cls.unit_field).code
        value = getattr(obj, field)
        return bool_out(value) if isinstance(value, bool) else value

    def save(self, instance, created):
        from .services import record_save

        record_save(obj=instance, user=self.user, audit=False)


UNIT_CODE = Column("unit_code", gettext_lazy("unit code or name"), example="3601240001")


class _AnyUnitLedger(_UnitLedger):
    """A row a district (by code or name) or a school (by code) keeps: patrols, suppliers."""

    unit_field = "unit"
    unit_column = "unit_code"
    schools_only = False


class _CanteenLedger(_UnitLedger):
    """A row of a school's canteen, named by its name within the school."""

    def __init__(self, user):
        super().__init__(user)
        self._canteens: dict[tuple[int, str], Canteen] = {}

    def load_chunk(self, values):
        names = {str(v.get("canteen") or "").strip() for v in values}
        for c in Canteen.objects.visible_to(self.user, "view").filter(name__in=names):
            self._canteens[(c.school_id, c.name)] = c

    def resolve_more(self, values, unit):
        canteen = self._canteens.get((unit.pk, str(values["canteen"]).strip()))
        if canteen is None:
            raise ColumnError("canteen", _("this school has no canteen of this name"))
        values["canteen"] = canteen
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "canteen":
            return obj.canteen.name
        return super().export_value(obj, field)


@register_importer("safety.meal")
class MealImporter(_UnitLedger):
    model = MealRecord
    key = ("school", "date", "meal")
    title = gettext_lazy("Accompanied meals (校长陪餐)")
    columns = [
        SCHOOL_CODE,
        Column("date", gettext_lazy("date"), parse=parse_date, example="2023-09-20"),
        Column("meal", gettext_lazy("meal"), parse=_choice(Meal.choices), example="午餐"),
        Column("leader", gettext_lazy("leader who ate with the students"), example="王校长"),
        Column("dishes", gettext_lazy("dishes"), required=False, example="米饭、青菜、鸡蛋汤"),
        Column("problems", gettext_lazy("problems found"), required=False, example=""),
    ]

    def resolve_more(self, values, unit):
        values["dishes"] = values.get("dishes") or ""
        values["problems"] = values.get("problems") or ""
        return values


@register_importer("safety.letter")
class LetterImporter(_UnitLedger):
    model = ParentLetter
    key = ("school", "year", "campaign", "class_name")
    title = gettext_lazy("Parents' letters signed back (告家长书)")
    columns = [
        SCHOOL_CODE,
        Column("year", gettext_lazy("year"), parse=parse_year, example="2023"),
        Column("campaign", pgettext_lazy("safety", "campaign"), example="暑期防溺水"),
        Column("class_name", gettext_lazy("class"), example="三年级1班"),
        Column("students", gettext_lazy("students in the class"), parse=parse_count, example="45"),
        Column(
            "acknowledged", gettext_lazy("letters signed back"), parse=parse_count, example="44"
        ),
    ]


@register_importer("safety.water")
class WaterImporter(_UnitLedger):
    """The district's register of risk waters, keyed by district and name."""

    model = RiskWater
    key = ("unit", "name")
    title = gettext_lazy("Risk waters (危险水域)")
    unit_field = "unit"
    unit_column = "district"
    schools_only = False
    columns = [
        Column("district", gettext_lazy("district"), example="进贤县"),
        Column("name", gettext_lazy("name"), example="军山湖青岚段"),
        Column("kind", gettext_lazy("kind"), parse=_choice(WaterKind.choices), example="湖泊"),
        Column("latitude", gettext_lazy("latitude"), parse=Decimal, example="28.412"),
        Column("longitude", gettext_lazy("longitude"), parse=Decimal, example="116.301"),
        Column("town", gettext_lazy("township (乡镇)"), example="三里乡"),
        Column("village", gettext_lazy("village"), required=False, example="青岚村"),
        Column(
            "warning_signs",
            gettext_lazy("warning signs"),
            parse=parse_count,
            required=False,
            example="3",
        ),
        Column(
            "rescue_equipment",
            gettext_lazy("rescue equipment"),
            required=False,
            example="救生圈2个、竹竿1根",
        ),
        Column("note", gettext_lazy("note"), required=False, example=""),
    ]

    def resolve_more(self, values, unit):
        for name in ("village", "rescue_equipment", "note"):
            values[name] = values.get(name) or ""
        values["warning_signs"] = values.get("warning_signs") or 0
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "district":
            return obj.unit.name
        return super().export_value(obj, field)


@register_importer("safety.patrol")
class PatrolImporter(_AnyUnitLedger):
    """防溺水 patrols of a school or a district (code, or a district's name); the water,
    when named, is one of the risk waters the user sees."""

    model = PatrolRecord
    key = ("unit", "date", "place")
    title = gettext_lazy("Drowning-prevention patrols (防溺水巡查)")
    columns = [
        UNIT_CODE,
        Column("date", gettext_lazy("date"), parse=parse_date, example="2023-07-15"),
        Column("place", gettext_lazy("place"), example="青岚村水塘"),
        Column("water", gettext_lazy("risk water"), required=False, example="青岚村水塘"),
        Column("patrollers", gettext_lazy("patrollers"), parse=parse_count, example="3"),
        Column("leader", gettext_lazy("patrol leader"), example="李老师"),
        Column(
            "dissuaded",
            gettext_lazy("children turned away"),
            parse=parse_count,
            required=False,
            example="2",
        ),
        Column("findings", gettext_lazy("findings"), required=False, example="警示牌被损坏"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._waters: dict[str, list[RiskWater]] = {}

    def load_chunk(self, values):
        names = {str(v.get("water") or "").strip() for v in values} - {""}
        for w in usable_waters(self.user).filter(name__in=names):
            self._waters.setdefault(w.name, []).append(w)

    def resolve_more(self, values, unit):
        name = str(values.get("water") or "").strip()
        water = None
        if name:
            # A water of the unit's own district (or above it) by that name.
            ancestors = set(unit.ancestor_ids())
            found = [w for w in self._waters.get(name, []) if w.unit_id in ancestors]
            if len(found) != 1:
                raise ColumnError("water", _("no single risk water of this district has this name"))
            water = found[0]
        values.update(
            water=water,
            dissuaded=values.get("dissuaded") or 0,
            findings=values.get("findings") or "",
        )
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "water":
            return obj.water.name if obj.water_id else ""
        return super().export_value(obj, field)


@register_importer("safety.purchase")
class PurchaseImporter(_CanteenLedger):
    """大宗食材 deliveries; the supplier is one the user sees (the district's or the
    school's), and a supplier whose licence had expired on the day is refused."""

    model = FoodPurchase
    key = ("canteen", "date", "supplier", "goods")
    title = gettext_lazy("Bulk food purchases (大宗食材)")
    columns = [
        SCHOOL_CODE,
        Column("canteen", gettext_lazy("canteen"), example="学生食堂"),
        Column("date", gettext_lazy("delivered on"), parse=parse_date, example="2023-09-18"),
        Column("supplier", gettext_lazy("supplier"), example="南昌市某粮油有限公司"),
        Column("goods", gettext_lazy("goods"), example="大米"),
        Column("quantity", gettext_lazy("quantity"), parse=parse_amount, example="500"),
        Column("unit_of_measure", gettext_lazy("unit of measure"), required=False, example="kg"),
        Column("amount", gettext_lazy("amount (元)"), parse=parse_amount, example="2100.00"),
        Column(
            "certificates_checked",
            gettext_lazy("licence and certificates checked"),
            parse=parse_bool,
            example="是",
        ),
        Column("accepted_by", gettext_lazy("accepted by"), example="张师傅"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._suppliers: dict[str, list[Supplier]] = {}

    def load_chunk(self, values):
        super().load_chunk(values)
        names = {str(v.get("supplier") or "").strip() for v in values}
        for s in usable_suppliers(self.user).filter(name__in=names):
            self._suppliers.setdefault(s.name, []).append(s)

    def resolve_more(self, values, unit):
        values = super().resolve_more(values, unit)
        ancestors = set(unit.ancestor_ids())
        found = [
            s
            for s in self._suppliers.get(str(values["supplier"]).strip(), [])
            if s.unit_id in ancestors
        ]
        if len(found) != 1:
            raise ColumnError("supplier", _("no single supplier of this school has this name"))
        values.update(supplier=found[0], unit_of_measure=values.get("unit_of_measure") or "kg")
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "supplier":
            return obj.supplier.name
        return super().export_value(obj, field)


@register_importer("safety.sample")
class SampleImporter(_CanteenLedger):
    model = SampleCheck
    key = ("canteen", "date", "meal")
    title = gettext_lazy("Food sample checks (留样)")
    columns = [
        SCHOOL_CODE,
        Column("canteen", gettext_lazy("canteen"), example="学生食堂"),
        Column("date", gettext_lazy("date"), parse=parse_date, example="2023-09-18"),
        Column("meal", gettext_lazy("meal"), parse=_choice(Meal.choices), example="午餐"),
        Column("dishes", gettext_lazy("dishes served"), parse=parse_count, example="5"),
        Column("sampled", gettext_lazy("dishes kept as samples"), parse=parse_count, example="5"),
        Column(
            "weight_ok", gettext_lazy("each sample at least 125 g"), parse=parse_bool, example="是"
        ),
        Column("hours_ok", gettext_lazy("kept at least 48 hours"), parse=parse_bool, example="是"),
        Column("fridge_ok", gettext_lazy("in a fridge of its own"), parse=parse_bool, example="是"),
        Column("checked_by", gettext_lazy("checked by"), example="刘老师"),
        Column("problems", gettext_lazy("problems found"), required=False, example=""),
    ]

    def resolve_more(self, values, unit):
        values = super().resolve_more(values, unit)
        values["problems"] = values.get("problems") or ""
        return values


@register_importer("safety.claim")
class ClaimImporter(_UnitLedger):
    """Claims on a school's policy of the year, keyed by policy and claim number. The
    export masks the student's name: a masked name read back keeps the stored one."""

    model = InsuranceClaim
    key = ("policy", "claim_no")
    title = gettext_lazy("Liability insurance claims")
    unit_field = "school"
    columns = [
        SCHOOL_CODE,
        Column("year", gettext_lazy("year"), parse=parse_year, example="2023"),
        Column("claim_no", gettext_lazy("claim number"), example="LP2023000123"),
        Column(
            "incident_date",
            gettext_lazy("date of the incident"),
            parse=parse_date,
            example="2023-05-10",
        ),
        Column("student_name", gettext_lazy("student"), required=False, example="张三"),
        Column("injury", gettext_lazy("what happened"), example="体育课摔伤右臂"),
        Column("claimed", gettext_lazy("amount claimed (元)"), parse=parse_amount, example="3200"),
        Column(
            "status", gettext_lazy("status"), parse=_choice(ClaimStatus.choices), example="已赔付"
        ),
        Column(
            "paid",
            gettext_lazy("amount paid (元)"),
            parse=parse_amount,
            required=False,
            example="3000",
        ),
        Column(
            "settled_on",
            gettext_lazy("settled on"),
            parse=parse_date,
            required=False,
            example="2023-06-20",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._policies: dict[tuple[int, int], InsurancePolicy] = {}

    def load_chunk(self, values):
        years = {v.get("year") for v in values}
        codes = {str(v.get("school_code") or "").strip() for v in values}
        for p in (
            InsurancePolicy.objects.visible_to(self.user, "view")
            .filter(year__in=years)
            .filter(Q(school__code__in=codes) | Q(school__name__in=codes))
            .select_related("school")
        ):
            self._policies[(p.school_id, p.year)] = p

    def resolve_more(self, values, unit):
        policy = self._policies.get((unit.pk, values.pop("year")))
        if policy is None:
            raise ColumnError(
                "year", _("this school has no liability insurance policy of this year")
            )
        values.pop("school")
        values["policy"] = policy
        name = str(values.get("student_name") or "").strip()
        if "*" in name:
            # A masked name from the export: keep what is stored.
            values.pop("student_name")
        else:
            values["student_name"] = name
        values["paid"] = values.get("paid") or Decimal("0")
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "school_code":
            return obj.policy.school.code
        if field == "year":
            return obj.policy.year
        return super().export_value(obj, field)

    def save(self, instance, created):
        from .services import claim_save

        claim_save(claim=instance, user=self.user, audit=False)


@register_importer("safety.canteen")
class CanteenImporter(_UnitLedger):
    """A school's canteens, keyed by school and canteen name: the food business licence
    (number, expiry), 明厨亮灶, a contractor or not, the food-safety officer."""

    model = Canteen
    key = ("school", "name")
    title = gettext_lazy("School canteens")
    columns = [
        SCHOOL_CODE,
        Column("name", gettext_lazy("canteen"), example="学生食堂"),
        Column("licence_no", gettext_lazy("licence number"), example="JY33601020000123"),
        Column(
            "licence_expiry",
            gettext_lazy("licence expires"),
            parse=parse_date,
            example="2026-08-31",
        ),
        Column("bright_kitchen", gettext_lazy("明厨亮灶"), parse=parse_bool, example="是"),
        Column("contracted", gettext_lazy("run by a contractor"), parse=parse_bool, example="否"),
        Column("officer", gettext_lazy("food-safety officer"), example="陈主任"),
    ]


@register_importer("safety.supplier")
class SupplierImporter(_AnyUnitLedger):
    """Suppliers chosen by a district (统一配送) or a school, keyed by the unit and the
    supplier's name, with the food business licence the 30-day alert watches."""

    model = Supplier
    key = ("unit", "name")
    title = gettext_lazy("Food suppliers (大宗食材)")
    columns = [
        UNIT_CODE,
        Column("name", gettext_lazy("supplier"), example="南昌市某粮油有限公司"),
        Column(
            "credit_code",
            gettext_lazy("unified social credit code"),
            required=False,
            example="91360100MA35XXXX0X",
        ),
        Column("goods", gettext_lazy("goods"), example="米面粮油"),
        Column("licence_no", gettext_lazy("licence number"), example="JY13601000012345"),
        Column(
            "licence_expiry",
            gettext_lazy("licence expires"),
            parse=parse_date,
            example="2026-05-01",
        ),
    ]

    def resolve_more(self, values, unit):
        values["credit_code"] = str(values.get("credit_code") or "").strip().upper()
        return values


@register_importer("safety.uniform")
class UniformImporter(_UnitLedger):
    """A school's 校服 procurement of a year, keyed by school and year; the purchase rate
    is exported for the reader and computed, never read."""

    model = UniformProcurement
    key = ("school", "year")
    title = gettext_lazy("School uniform procurement (校服)")
    columns = [
        SCHOOL_CODE,
        Column("year", gettext_lazy("year"), parse=parse_year, example="2023"),
        Column(
            "committee_took_part",
            gettext_lazy("家长委员会 took part"),
            parse=parse_bool,
            example="是",
        ),
        Column(
            "decision_record",
            gettext_lazy("record of the decision"),
            required=False,
            example="2023年6月家委会会议纪要",
        ),
        Column("supplier", gettext_lazy("supplier"), example="江西某服饰有限公司"),
        Column("price", gettext_lazy("price per set (元)"), parse=parse_amount, example="180"),
        Column("students", gettext_lazy("students offered"), parse=parse_count, example="320"),
        Column("bought", gettext_lazy("students who bought"), parse=parse_count, example="290"),
        Column(
            "quality_report",
            gettext_lazy("quality-inspection report"),
            required=False,
            example="赣质检2023-0456",
        ),
        Column("purchase_rate", gettext_lazy("purchase rate (%)"), required=False),
    ]
    derived = ("purchase_rate",)

    def resolve_more(self, values, unit):
        values["decision_record"] = values.get("decision_record") or ""
        values["quality_report"] = values.get("quality_report") or ""
        return values


@register_importer("safety.insurance")
class InsuranceImporter(_UnitLedger):
    """A school's 校方责任险 policy of a year, keyed by school and year. The gap, the claim
    count and the amount paid are exported but never read: the gap is enrolled less
    insured, the others the sums of the claim rows (``services.claim_save``), imported
    on the claims' own page."""

    model = InsurancePolicy
    key = ("school", "year")
    title = gettext_lazy("School liability insurance (校方责任险)")
    columns = [
        SCHOOL_CODE,
        Column("year", gettext_lazy("year"), parse=parse_year, example="2023"),
        Column("insurer", gettext_lazy("insurer"), example="中国人保南昌分公司"),
        Column("policy_no", gettext_lazy("policy number"), example="PZAB2023360100000123"),
        Column("insured", gettext_lazy("students insured"), parse=parse_count, example="1200"),
        Column("enrolled", gettext_lazy("students enrolled"), parse=parse_count, example="1210"),
        Column("premium", gettext_lazy("premium (元)"), parse=parse_amount, example="6000"),
        Column("gap", gettext_lazy("not insured"), required=False),
        Column("claims", gettext_lazy("claims"), required=False),
        Column("claims_paid", gettext_lazy("claims paid (元)"), required=False),
    ]
    derived = ("gap", "claims", "claims_paid")
