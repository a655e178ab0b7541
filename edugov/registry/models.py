"""The registry's own data beside ``org.Unit``: status history, education groups and
alliances, the annual statistics (学年基础数据), district population and the thresholds.

Institutions themselves are ``org.Unit`` rows (kind=school); this app never edits them.
What changes over time — ownership, 普惠 recognition, 标准化/示范 status — is kept here as
dated rows, so that "public as of 2023-09-01" is a query, not a guess.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.relations import Below
from edugov.core.scoping import Action, ScopedModel
from edugov.engines.indicators import INDICATORS
from edugov.org.models import InstitutionType, Ownership, Unit, UnitKind

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Standardization(models.TextChoices):
    """标准化幼儿园 status. A 示范园 (provincial or city demonstration) has passed the
    standardization line too, so both count towards the 达标率."""

    NONE = "none", _("Not standardized")
    STANDARDIZED = "standardized", _("Standardized (达标)")
    DEMONSTRATION = "demonstration", _("Demonstration (示范)")


class InstitutionStatus(ScopedModel):
    """One dated change of an institution's ownership / 普惠 / standardization status.

    The status on a date is the latest row with ``effective_on`` ≤ that date; before the
    first row, the ``org.Unit`` fields apply. A kindergarten that turns public on
    2023-03-01 counts as public in the 2023 statistics from that date on.
    """

    scope_unit_field = "school"

    school = models.ForeignKey(
        Unit,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="status_history",
        limit_choices_to={"kind": UnitKind.SCHOOL},
    )
    effective_on = models.DateField(_("effective on"))
    ownership = models.CharField(_("ownership"), max_length=8, choices=Ownership.choices)
    inclusive = models.BooleanField(
        _("inclusive (普惠)"),
        default=False,
        help_text=_("Private kindergartens recognised as 普惠性"),
    )
    standardization = models.CharField(
        _("standardization"),
        max_length=16,
        choices=Standardization.choices,
        default=Standardization.NONE,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("institution status")
        verbose_name_plural = _("institution status history")
        ordering = ["school", "-effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "effective_on"], name="registry_status_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.effective_on}"

    def get_absolute_url(self) -> str:
        return reverse("registry:status_edit", args=[self.pk])

    def clean(self) -> None:
        if self.school_id and self.school.kind != UnitKind.SCHOOL:
            raise ValidationError({"school": _("Choose an institution.")})
        not_kg = self.school_id and self.school.institution_type != InstitutionType.KINDERGARTEN
        if not_kg and (self.inclusive or self.standardization != Standardization.NONE):
            raise ValidationError(_("普惠 and standardization apply to kindergartens only."))


class AllianceKind(models.TextChoices):
    GROUP = "group", _("Education group (教育集团)")
    ALLIANCE = "alliance", _("Urban–rural alliance (城乡联盟)")


class Alliance(ScopedModel):
    """An education group or an urban–rural alliance, organised by a district (or the
    city). Member schools may read it; only the organising unit writes it."""

    scope_unit_field = "unit"
    scope_view_fields = ("members",)

    unit = models.ForeignKey(
        Unit, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AllianceKind.choices)
    lead_school = models.ForeignKey(
        Unit,
        verbose_name=_("lead school"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.SCHOOL},
    )
    members = models.ManyToManyField(
        Unit,
        verbose_name=_("members"),
        through="AllianceMembership",
        related_name="alliances",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("education group / alliance")
        verbose_name_plural = _("education groups and alliances")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:alliance_edit", args=[self.pk])


class AllianceMembership(models.Model):
    """A school's membership of a group or alliance, with its dates."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(
        Unit, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "school"], name="registry_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.alliance} / {self.school}"


class StatsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", pgettext_lazy("data review", "Approved")
    RETURNED = "returned", _("Returned")


# Grade fields: k1–k3 (小/中/大班), g1–g12. Their sums give students per stage.
KG_GRADES = ("k1", "k2", "k3")
PRIMARY_GRADES = tuple(f"g{i}" for i in range(1, 7))
JUNIOR_GRADES = tuple(f"g{i}" for i in range(7, 10))
SENIOR_GRADES = tuple(f"g{i}" for i in range(10, 13))
GRADE_FIELDS = KG_GRADES + PRIMARY_GRADES + JUNIOR_GRADES + SENIOR_GRADES

# The grades each institution type may enrol (a 九年一贯制 school: g1–g9, …).
TYPE_GRADES: dict[str, tuple[str, ...]] = {
    InstitutionType.KINDERGARTEN: KG_GRADES,
    InstitutionType.PRIMARY: PRIMARY_GRADES,
    InstitutionType.TEACHING_POINT: PRIMARY_GRADES,
    InstitutionType.JUNIOR: JUNIOR_GRADES,
    InstitutionType.NINE_YEAR: PRIMARY_GRADES + JUNIOR_GRADES,
    InstitutionType.COMPLETE_SECONDARY: JUNIOR_GRADES + SENIOR_GRADES,
    InstitutionType.SENIOR: SENIOR_GRADES,
    InstitutionType.VOCATIONAL: SENIOR_GRADES,
    InstitutionType.SPECIAL: PRIMARY_GRADES + JUNIOR_GRADES,
}


def _count(label):
    return models.PositiveIntegerField(label, default=0)


def _area(label):
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=0)


def _sizes(label):
    return models.JSONField(label, default=list, blank=True)


class AnnualStatistics(ScopedModel):
    """学年基础数据: one institution's figures for one school year (``year`` = the year
    the school year starts, 2023 = 2023–24).

    Entered by import or by the school; district staff approve. Evaluations read only
    approved rows (``status == approved``), so a draft never moves a district's CV.
    """

    scope_unit_field = "school"
    actions = {
        # Approve, return, and correct figures once submitted: a unit above the school
        # (its district, the city), never the school itself.
        "review": Action("change", Below("school")),
    }

    school = models.ForeignKey(
        Unit,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="annual_statistics",
        limit_choices_to={"kind": UnitKind.SCHOOL},
    )
    year = models.PositiveSmallIntegerField(_("school year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=12, choices=StatsStatus.choices, default=StatsStatus.DRAFT
    )
    return_reason = models.CharField(_("reason for return"), max_length=300, blank=True)

    k1 = _count(_("小班 children"))
    k2 = _count(_("中班 children"))
    k3 = _count(_("大班 children"))
    g1 = _count(_("grade 1"))
    g2 = _count(_("grade 2"))
    g3 = _count(_("grade 3"))
    g4 = _count(_("grade 4"))
    g5 = _count(_("grade 5"))
    g6 = _count(_("grade 6"))
    g7 = _count(_("grade 7"))
    g8 = _count(_("grade 8"))
    g9 = _count(_("grade 9"))
    g10 = _count(_("grade 10"))
    g11 = _count(_("grade 11"))
    g12 = _count(_("grade 12"))

    classes_kg = _count(_("kindergarten classes"))
    classes_primary = _count(_("primary classes"))
    classes_junior = _count(_("junior classes"))
    classes_senior = _count(_("senior classes"))
    max_class_size_kg = _count(_("largest kindergarten class"))
    max_class_size_primary = _count(_("largest primary class"))
    max_class_size_junior = _count(_("largest junior class"))
    max_class_size_senior = _count(_("largest senior class"))
    class_sizes_primary = _sizes(_("primary class sizes"))
    class_sizes_junior = _sizes(_("junior class sizes"))

    teachers = _count(_("full-time teachers"))
    teachers_associate = _count(_("teachers with 专科"))
    teachers_bachelor = _count(_("teachers with 本科"))
    teachers_postgraduate = _count(_("teachers with 研究生"))
    backbone_county = _count(_("county backbone teachers"))
    backbone_city = _count(_("city backbone teachers"))
    backbone_province = _count(_("provincial backbone teachers"))
    teachers_pe = _count(_("PE teachers"))
    teachers_music = _count(_("music teachers"))
    teachers_art = _count(_("art teachers"))

    floor_area = _area(_("teaching and auxiliary floor area (㎡)"))
    sports_ground_area = _area(_("sports ground area (㎡)"))
    sports_hall_area = _area(_("sports hall area (㎡)"))
    equipment_value = models.DecimalField(
        _("teaching equipment value (元)"), max_digits=14, decimal_places=2, default=0
    )
    multimedia_classrooms = _count(_("networked multimedia classrooms"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("annual statistics")
        verbose_name_plural = _("annual statistics")
        ordering = ["-year", "school__code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="registry_stats_once_a_year")
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.school} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("registry:stats_detail", args=[self.pk])

    # Derived figures -------------------------------------------------------------

    def stage_students(self, grades: tuple[str, ...]) -> int:
        return sum(getattr(self, g) or 0 for g in grades)

    @property
    def children(self) -> int:
        return self.stage_students(KG_GRADES)

    @property
    def students_primary(self) -> int:
        return self.stage_students(PRIMARY_GRADES)

    @property
    def students_junior(self) -> int:
        return self.stage_students(JUNIOR_GRADES)

    @property
    def students_senior(self) -> int:
        return self.stage_students(SENIOR_GRADES)

    @property
    def enrolment(self) -> int:
        return self.stage_students(GRADE_FIELDS)

    def consistency_errors(self) -> dict[str, str]:
        """Cross-field checks shared by the form, the import and the API: field → message.

        Each stage's classes × largest class must hold its enrolment; teachers by
        qualification and by subject cannot exceed all teachers; backbone teachers and
        class-size lists must agree with the totals; no grade outside the type.
        """
        errors: dict[str, str] = {}
        itype = self.school.institution_type if self.school_id else ""
        allowed = set(TYPE_GRADES.get(itype, GRADE_FIELDS))
        for g in GRADE_FIELDS:
            if (getattr(self, g) or 0) and g not in allowed:
                errors[g] = str(_("this type of institution has no such grade"))
        for stage, grades in (
            ("kg", KG_GRADES),
            ("primary", PRIMARY_GRADES),
            ("junior", JUNIOR_GRADES),
            ("senior", SENIOR_GRADES),
        ):
            students = self.stage_students(grades)
            classes = getattr(self, f"classes_{stage}") or 0
            largest = getattr(self, f"max_class_size_{stage}") or 0
            if classes * largest < students:
                errors[f"classes_{stage}"] = str(
                    _(
                        "%(classes)s classes of at most %(largest)s cannot hold "
                        "%(students)s students"
                    )
                    % {"classes": classes, "largest": largest, "students": students}
                )
            sizes = getattr(self, f"class_sizes_{stage}", None)
            if sizes:
                if not all(isinstance(s, int) for s in sizes):
                    errors[f"class_sizes_{stage}"] = str(_("class sizes must be whole numbers"))
                elif min(sizes) < 1:
                    # 0 is a whole number: name what is wrong with it.
                    errors[f"class_sizes_{stage}"] = str(
                        _("a class has at least 1 pupil; %(size)s is not a class size")
                        % {"size": min(sizes)}
                    )
                elif len(sizes) != classes or max(sizes) != largest or sum(sizes) != students:
                    errors[f"class_sizes_{stage}"] = str(
                        _("the class sizes do not match the classes, largest class and students")
                    )
        total = self.teachers or 0
        qualified = (
            (self.teachers_associate or 0)
            + (self.teachers_bachelor or 0)
            + (self.teachers_postgraduate or 0)
        )
        if qualified > total:
            errors["teachers_associate"] = str(
                _("teachers by qualification exceed the full-time teachers")
            )
        subjects = (self.teachers_pe or 0) + (self.teachers_music or 0) + (self.teachers_art or 0)
        if subjects > total:
            errors["teachers_pe"] = str(_("teachers by subject exceed the full-time teachers"))
        backbone = (
            (self.backbone_county or 0) + (self.backbone_city or 0) + (self.backbone_province or 0)
        )
        if backbone > total:
            errors["backbone_county"] = str(_("backbone teachers exceed the full-time teachers"))
        return errors

    def clean(self) -> None:
        if self.school_id and self.school.kind != UnitKind.SCHOOL:
            raise ValidationError({"school": _("Choose an institution.")})
        errors = self.consistency_errors()
        if errors:
            raise ValidationError(errors)


class DistrictPopulation(ScopedModel):
    """The resident population aged 3–5 of a district or zone in a year (for 毛入园率)."""

    scope_unit_field = "district"

    district = models.ForeignKey(
        Unit,
        verbose_name=_("district / zone"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": [UnitKind.DISTRICT, UnitKind.ZONE]},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    population_3_5 = models.PositiveIntegerField(_("population aged 3–5"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("district population aged 3–5")
        verbose_name_plural = _("district populations aged 3–5")
        ordering = ["-year", "district__code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="registry_pop_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("registry:population_edit", args=[self.pk])

    def clean(self) -> None:
        if self.district_id and self.district.kind not in (UnitKind.DISTRICT, UnitKind.ZONE):
            raise ValidationError({"district": _("Choose a district or zone.")})


class TargetKind(models.TextChoices):
    NATIONAL = "national", _("National standard")
    CITY = "city", _("City target")
    DISTRICT = "district", _("District target")


class Level(models.TextChoices):
    ANY = "", _("Any stage")
    PRIMARY = "primary", _("Primary")
    JUNIOR = "junior", _("Junior")


INDICATOR_CHOICES = [(code, f"{i.name_zh} ({code})") for code, i in INDICATORS.items()]


class Target(ScopedModel):
    """A threshold or target as data. Rows here override the engine's defaults
    (``engines.indicators.DEFAULT_TARGETS``: the national standards and the city's 2023
    targets) — a later, more specific row wins. ``unit`` owns the row: the city for
    national and city rows, the district for its own targets."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(Unit, verbose_name=_("set by"), on_delete=models.PROTECT)
    indicator = models.CharField(_("indicator"), max_length=40, choices=INDICATOR_CHOICES)
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    level = models.CharField(
        pgettext_lazy("school stage", "stage"), max_length=10, choices=Level.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("threshold or target")
        verbose_name_plural = _("thresholds and targets")
        ordering = ["indicator", "kind", "year"]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.get_kind_display()} {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("registry:target_edit", args=[self.pk])

    def clean(self) -> None:
        if not self.unit_id:
            return
        is_district = self.unit.kind in (UnitKind.DISTRICT, UnitKind.ZONE)
        if self.kind == TargetKind.DISTRICT and not is_district:
            raise ValidationError({"unit": _("A district target is set by a district or zone.")})
        if self.kind != TargetKind.DISTRICT and self.unit.kind != UnitKind.CITY:
            raise ValidationError({"unit": _("National and city rows are set by the city.")})
