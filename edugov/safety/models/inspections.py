"""Safety inspections (平安校园, plan point 25): checklists as versioned data, plans,
inspections with one result per checklist item, and the hazard register.

A failed item becomes a ``Hazard``; its closed loop (整改 → 复查 → 销号, deadline by
level) is a ``safety_hazard`` case on casework (``casetypes.py``), never a loop here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import Action, ScopedModel

from ..relations import Above


class Topic(models.TextChoices):
    FIRE = "fire", _("Fire safety (消防)")
    POWER = "power", _("Electricity (用电)")
    BUILDING = "building", _("School buildings (校舍)")
    CANTEEN = "canteen", _("Canteen (食堂)")
    SURROUNDINGS = "surroundings", _("Surroundings (周边)")
    TRAFFIC = "traffic", _("Traffic (交通)")
    DROWNING = "drowning", _("Drowning prevention (防溺水)")
    LAB = "lab", _("Laboratory chemicals (实验室危化品)")
    EVENTS = "events", _("Large events (大型活动)")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    """Hazard levels; the deadline of each is configuration (``casetypes``)."""

    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较大")
    MAJOR = "major", _("重大")


class InspectionKind(models.TextChoices):
    SELF = "self", _("School self-check")
    SPOT = "spot", _("District spot check")


class ChecklistItem(ScopedModel):
    """One line of a checklist version, imported from xlsx.

    A checklist is its ``checklist`` code and ``version``: a new version is a new set of
    rows, and an inspection keeps the version it used (its results point at these rows),
    so a version that has been used is frozen (the importer refuses to change it). The
    issuing unit (the city, a district) owns it; the schools below it use it."""

    scope_unit_field = "unit"
    actions = {"use": Action("safety.add_inspection", Above("unit"))}

    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("safety", "issued by"),
    )
    checklist = models.CharField(_("checklist code"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version"), validators=[MinValueValidator(1)])
    title = models.CharField(_("checklist"), max_length=100)
    topic = models.CharField(pgettext_lazy("safety", "topic"), max_length=20, choices=Topic.choices)
    school_types = models.CharField(
        _("school types"),
        max_length=200,
        blank=True,
        help_text=_("Institution types it applies to, separated by commas; empty: all."),
    )
    code = models.CharField(pgettext_lazy("checklist item", "item code"), max_length=20)
    text = models.CharField(pgettext_lazy("safety", "item"), max_length=300)
    level = models.CharField(
        _("level if failed"), max_length=10, choices=Level.choices, default=Level.GENERAL
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ("checklist", "-version", "position", "code")
        constraints = [
            models.UniqueConstraint(
                fields=("checklist", "version", "code"), name="safety_checklist_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.checklist} v{self.version} {self.code} {self.text[:30]}"

    def clean(self) -> None:
        from edugov.org.models import InstitutionType

        wanted = [t.strip() for t in self.school_types.split(",") if t.strip()]
        unknown = [t for t in wanted if t not in InstitutionType.values]
        if unknown:
            raise ValidationError(
                {"school_types": _("Unknown institution type: %(t)s") % {"t": "、".join(unknown)}}
            )

    def get_absolute_url(self) -> str:
        return reverse("safety:checklist_list") + f"?checklist={self.checklist}"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    TERMLY = "termly", _("Each term")


class InspectionPlan(ScopedModel):
    """Who must inspect how often: a district's (or the city's) plan of school
    self-checks (monthly by default) or of its own spot checks, with one checklist."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("safety", "issued by"),
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=10, choices=InspectionKind.choices, default=InspectionKind.SELF
    )
    checklist = models.CharField(_("checklist code"), max_length=30)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    due_day = models.PositiveSmallIntegerField(
        _("due by day"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the period's last month by which the check is due."),
    )
    spot_target = models.PositiveIntegerField(
        _("spot checks per period"), default=0, help_text=_("District spot checks only.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ("unit__path", "title")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("safety:plan_detail", args=[self.pk])


class Inspection(ScopedModel):
    """One inspection of one school with one checklist version, submitted from the phone
    form. ``key`` is the form's idempotency key: submitting the same form again (the
    connection dropped after the server saved it) finds this row instead of a second."""

    scope_unit_field = "school"

    key = models.UUIDField(unique=True, editable=False)
    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=InspectionKind.choices, default=InspectionKind.SELF
    )
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("plan"),
    )
    checklist = models.CharField(_("checklist code"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version"))
    date = models.DateField(_("date"))
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
    note = models.TextField(_("note"), blank=True)
    items = models.PositiveSmallIntegerField(
        pgettext_lazy("safety", "items checked"), default=0, editable=False
    )
    failed = models.PositiveSmallIntegerField(_("items failed"), default=0, editable=False)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("safety inspection")
        verbose_name_plural = _("safety inspections")
        ordering = ("-date", "-pk")
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.school} {self.checklist}"

    def get_absolute_url(self) -> str:
        return reverse("safety:inspection_detail", args=[self.pk])


class InspectionResult(ScopedModel):
    """The answer to one checklist item in one inspection."""

    scope_unit_field = "inspection__school"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="results", verbose_name=_("inspection")
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("safety", "item"),
    )
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ("inspection", "item__position", "item__code")
        constraints = [
            models.UniqueConstraint(fields=("inspection", "item"), name="safety_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {'✓' if self.passed else '✗'}"

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url()


class Hazard(ScopedModel):
    """The hazard register (隐患台账): one row per hazard found, by an inspection's
    failed item or reported on its own. ``case`` carries its loop on casework."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    level = models.CharField(pgettext_lazy("safety", "level"), max_length=10, choices=Level.choices)
    topic = models.CharField(pgettext_lazy("safety", "topic"), max_length=20, choices=Topic.choices)
    place = models.CharField(_("place"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300)
    found_on = models.DateField(_("found on"))
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("inspection"),
    )
    result = models.OneToOneField(
        InspectionResult,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazard",
    )
    # Null only between the row's insert and its case's opening, in one transaction
    # (the case names the hazard as its subject).
    case = models.OneToOneField(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ("-found_on", "-pk")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.description[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("safety:hazard_detail", args=[self.pk])


class InspectionPhoto(ScopedModel):
    """A photo taken during an inspection, kept without its EXIF (``core.files.read_photo``);
    the thumbnail is made afterwards by a background task."""

    scope_unit_field = "inspection__school"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    result = models.ForeignKey(
        InspectionResult, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField(upload_to="safety/%Y/%m/")
    thumbnail = models.FileField(upload_to="safety/thumbs/%Y/%m/", blank=True)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url()
