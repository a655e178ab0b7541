"""The project ledger (plan point 18): 民生实事, 新改扩建, 薄弱环节改善 and 装备 projects,
their seven milestones with photos, and the monthly progress reports the districts send.

Money is Decimal to the fen everywhere (``MONEY``); a budget and a payment are split by
the five funding sources, so the city's roll-ups add like the bureau's sheets do.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import ScopedModel


def money(label) -> models.DecimalField:
    """元 to the fen, never negative."""
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )


class ProjectKind(models.TextChoices):
    LIVELIHOOD = "livelihood", _("民生实事")
    NEW_BUILD = "new_build", _("新改扩建")
    WEAK_LINK = "weak_link", _("薄弱环节改善")
    EQUIPMENT = "equipment", _("装备")
    OTHER = "other", _("Other")


# The five funding sources, in the order of the bureau's sheets: (suffix, label).
SOURCES = (
    ("central", _("中央")),
    ("province", _("省")),
    ("city", _("市")),
    ("county", _("县区")),
    ("other", _("其他")),
)
SOURCE_CODES = tuple(code for code, _label in SOURCES)

# Places added, by level: (suffix, label).
LEVELS = (
    ("kg", _("kindergarten")),
    ("primary", _("primary")),
    ("junior", _("junior secondary")),
    ("senior", _("senior secondary")),
)
LEVEL_CODES = tuple(code for code, _label in LEVELS)


class Stage(models.TextChoices):
    """The seven milestones, in the order they must be reached."""

    APPROVAL = "approval", _("立项")
    FEASIBILITY = "feasibility", _("可研批复")
    TENDER = "tender", _("招标")
    START = "start", _("开工")
    STRUCTURE = "structure", _("主体完工")
    ACCEPTANCE = "acceptance", _("竣工验收")
    IN_USE = "in_use", _("投用")


STAGE_ORDER = {code: i for i, code in enumerate(Stage.values)}


class Project(ScopedModel):
    """One project of the ledger: what it is, the task of the work plan it serves, where it
    is (a school, or the district for a site that has no school yet), the places it adds
    by level and its budget by funding source. Keyed by its ``code`` for the import."""

    scope_unit_field = "unit"

    code = models.CharField(_("project code"), max_length=30, unique=True)
    name = models.CharField(_("project name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ProjectKind.choices)
    year = models.PositiveSmallIntegerField(
        _("plan year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    task = models.ForeignKey(
        "workplan.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work-plan task"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("school or district"),
    )
    site = models.CharField(_("site"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    places_kg = models.PositiveIntegerField(_("places: kindergarten"), default=0)
    places_primary = models.PositiveIntegerField(_("places: primary"), default=0)
    places_junior = models.PositiveIntegerField(_("places: junior secondary"), default=0)
    places_senior = models.PositiveIntegerField(_("places: senior secondary"), default=0)
    budget_central = money(_("budget: 中央 (元)"))
    budget_province = money(_("budget: 省 (元)"))
    budget_city = money(_("budget: 市 (元)"))
    budget_county = money(_("budget: 县区 (元)"))
    budget_other = money(_("budget: 其他 (元)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ("-year", "code")
        indexes = [models.Index(fields=("kind", "year"))]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def places(self) -> int:
        return sum(getattr(self, f"places_{lv}") or 0 for lv in LEVEL_CODES)

    @property
    def budget(self) -> Decimal:
        return sum((getattr(self, f"budget_{s}") or Decimal(0) for s in SOURCE_CODES), Decimal(0))

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})


class ProjectMilestone(ScopedModel):
    """One of a project's seven milestones: planned and actual dates. A milestone may not
    be dated before the one preceding it (checked by ``services.milestone_save``); late by
    more than the configured days, it opens a ``project_delay`` case (``case``)."""

    scope_unit_field = "project__unit"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(
        pgettext_lazy("project", "milestone"), max_length=12, choices=Stage.choices
    )
    planned = models.DateField(_("planned date"), null=True, blank=True)
    actual = models.DateField(_("actual date"), null=True, blank=True)
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delay case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ("project", "planned")
        constraints = [
            models.UniqueConstraint(fields=("project", "stage"), name="projects_one_stage")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.project_id])

    @property
    def order(self) -> int:
        return STAGE_ORDER[self.stage]


class MilestonePhoto(ScopedModel):
    """A photo of a milestone on site, kept without its EXIF (``core.files.read_photo``)."""

    scope_unit_field = "milestone__project__unit"

    milestone = models.ForeignKey(ProjectMilestone, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="projects/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta(ScopedModel.Meta):
        verbose_name = _("milestone photo")
        verbose_name_plural = _("milestone photos")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.milestone.project_id])


class ProgressReport(ScopedModel):
    """A project's monthly report (月报): the percent complete at the month's end, the
    amounts paid during the month by funding source, and whether the project is behind,
    with the reasons. Cumulative payments may not exceed the budget of a source
    (``services.report_save``)."""

    scope_unit_field = "project__unit"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    percent = models.DecimalField(
        _("percent complete"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    paid_central = money(_("paid: 中央 (元)"))
    paid_province = money(_("paid: 省 (元)"))
    paid_city = money(_("paid: 市 (元)"))
    paid_county = money(_("paid: 县区 (元)"))
    paid_other = money(_("paid: 其他 (元)"))
    delayed = models.BooleanField(_("behind schedule"), default=False)
    delay_reason = models.CharField(_("reasons for the delay"), max_length=500, blank=True)
    filed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("monthly progress report")
        verbose_name_plural = _("monthly progress reports")
        ordering = ("-month", "project__code")
        constraints = [
            models.UniqueConstraint(fields=("project", "month"), name="projects_report_monthly")
        ]
        indexes = [models.Index(fields=("month",))]

    def __str__(self) -> str:
        return f"{self.project.code} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.project_id])

    @property
    def paid(self) -> Decimal:
        return sum((getattr(self, f"paid_{s}") or Decimal(0) for s in SOURCE_CODES), Decimal(0))

    def clean(self) -> None:
        errors = {}
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)
        if self.delayed and not (self.delay_reason or "").strip():
            errors["delay_reason"] = _("Give the reasons for the delay.")
        if errors:
            raise ValidationError(errors)


class CapacityAddition(ScopedModel):
    """Places a project brings into use (投用), added to its unit's capacity for the next
    school year (``year`` = the year that school year starts). The registry keeps no
    capacity of its own (its annual statistics count students, classes and floor area),
    so this is the capacity ledger the registry and enrolment read
    (``selectors.added_places_unscoped``)."""

    scope_unit_field = "unit"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="capacity")
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school or district")
    )
    year = models.PositiveSmallIntegerField(_("school year"))
    level = models.CharField(_("level"), max_length=10, choices=LEVELS)
    places = models.PositiveIntegerField(_("places"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("capacity added")
        verbose_name_plural = _("capacity added")
        ordering = ("-year", "unit__path", "level")
        constraints = [
            models.UniqueConstraint(fields=("project", "level"), name="projects_capacity_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.get_level_display()} +{self.places}"

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.project_id])
