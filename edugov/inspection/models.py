"""督导: inspectors and their schools, visits and their findings, evaluation campaigns.

A 责任督学 is appointed by a bureau (the city or a district) and holds about five schools
(``EDUGOV_INSPECTION_SCHOOLS_PER_INSPECTOR``). Visits record what was checked and found;
a finding that needs rectification opens an ``inspection_rectify`` case on casework. An
evaluation campaign (履行教育职责评价 of a county, 校长任期结束综合督导评估 of a school)
holds an indicator checklist, the evaluated unit's self-assessment, the experts' scores
and a result.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.fields import EncryptedTextField
from edugov.core.relations import Below, InScope, MemberOf, Where, Within
from edugov.core.scoping import Action, ScopedModel
from edugov.engines.codes import mask_value


class Background(models.TextChoices):
    """Where 督学 are drawn from (挂牌督导办法, 2013)."""

    PRINCIPAL = "principal", _("Serving principal")
    RETIRED = "retired", _("Retired principal or teacher")
    TEACHER = "teacher", _("Teacher")
    RESEARCH = "research", _("Teaching researcher (教研)")
    ADMIN = "admin", _("Administrative staff")


class Inspector(ScopedModel):
    """A 责任督学, appointed by a bureau. The name is public (it is on the sign at the
    school gate); the phone is personal data, encrypted and masked."""

    scope_unit_field = "unit"
    personal_fields = {"phone": "phone"}

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("appointed by")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = EncryptedTextField(_("phone"), blank=True)
    background = models.CharField(_("background"), max_length=20, choices=Background.choices)
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ("unit__path", "name")
        constraints = [
            models.UniqueConstraint(fields=("unit", "name"), name="inspection_inspector_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def masked(self, field: str) -> str:
        return mask_value(self.personal_fields[field], getattr(self, field))

    def get_absolute_url(self) -> str:
        return reverse("inspection:inspector_edit", args=[self.pk])


class Assignment(ScopedModel):
    """A school in an inspector's 责任区. Open (no end date) while it lasts; a school has
    one open assignment at most."""

    scope_unit_field = "school"

    inspector = models.ForeignKey(
        Inspector, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("inspector")
    )
    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspector assignment")
        verbose_name_plural = _("inspector assignments")
        ordering = ("school__path",)
        constraints = [
            models.UniqueConstraint(
                fields=("school",),
                condition=models.Q(end_date__isnull=True),
                name="inspection_one_open_assignment_per_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector} — {self.school}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    def get_absolute_url(self) -> str:
        return reverse("inspection:assignment_list")


class Visit(ScopedModel):
    """One 经常性督导 visit of an inspector to a school."""

    scope_unit_field = "school"

    date = models.DateField(_("date"))
    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    inspector = models.ForeignKey(
        Inspector, on_delete=models.PROTECT, related_name="visits", verbose_name=_("inspector")
    )
    items_checked = models.TextField(_("items checked"))
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ("-date", "school__path")

    def __str__(self) -> str:
        return f"{self.date} {self.school}"

    def get_absolute_url(self) -> str:
        return reverse("inspection:visit_detail", args=[self.pk])


class Severity(models.TextChoices):
    NOTE = "note", _("Remark")
    MINOR = "minor", _("Minor problem")
    MAJOR = "major", _("Major problem")


class Finding(ScopedModel):
    """What a visit found; ``case`` is the rectification case opened for it, if any."""

    scope_unit_field = "visit__school"
    # 下达整改 comes from a bureau above the school, never from the school itself.
    actions = {"rectify": Action("change", Below("visit__school"))}

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("visit")
    )
    description = models.TextField(_("description"))
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MINOR
    )
    case = models.OneToOneField(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectification case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ("visit", "pk")

    def __str__(self) -> str:
        return self.description[:40]

    def get_absolute_url(self) -> str:
        return self.visit.get_absolute_url()


class VisitPhoto(ScopedModel):
    """A checked file (``core.files``) kept with a visit: a photo, a form filled on site."""

    scope_unit_field = "visit__school"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="inspection/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta(ScopedModel.Meta):
        verbose_name = _("visit file")
        verbose_name_plural = _("visit files")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.visit.get_absolute_url()


class CampaignKind(models.TextChoices):
    COUNTY_DUTY = "county_duty", _("县级人民政府履行教育职责评价")
    PRINCIPAL_TERM = "principal_term", _("中小学校长任期结束综合督导评估")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Preparing the checklist")
    SELF = "self", _("Self-assessment")
    SCORING = "scoring", _("Expert scoring")
    FINISHED = "finished", _("Finished")


class Campaign(ScopedModel):
    """One evaluation of one unit (a county, or a school at its principal's term end).

    Owned by the organising bureau; the evaluated unit reads it and writes its
    self-assessment while the campaign is in that state; the organiser's experts score,
    but never a member of the evaluated unit."""

    scope_unit_field = "unit"
    scope_view_fields = ("evaluated_unit",)
    actions = {
        "start": Action("change", InScope("unit") & Where(state=CampaignState.DRAFT)),
        "self_assess": Action("change", Within("evaluated_unit") & Where(state=CampaignState.SELF)),
        "submit_self": Action("change", Within("evaluated_unit") & Where(state=CampaignState.SELF)),
        "score": Action(
            "change",
            InScope("unit") & ~MemberOf("evaluated_unit") & Where(state=CampaignState.SCORING),
        ),
        "finish": Action(
            "change",
            InScope("unit") & ~MemberOf("evaluated_unit") & Where(state=CampaignState.SCORING),
        ),
    }

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    evaluated_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluated unit")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    self_due = models.DateField(_("self-assessment due"), null=True, blank=True)
    total_score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(
        _("full marks"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("evaluation campaign")
        verbose_name_plural = _("evaluation campaigns")
        ordering = ("-year", "code")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("inspection:campaign_detail", args=[self.pk])


class Indicator(ScopedModel):
    """One line of a campaign's checklist, imported from xlsx, with its answers: the
    self-assessment (score, note, evidence) and the experts' score."""

    scope_unit_field = "campaign__unit"
    scope_view_fields = ("campaign__evaluated_unit",)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("campaign")
    )
    code = models.CharField(pgettext_lazy("indicator", "code"), max_length=20)
    name = models.CharField(_("indicator"), max_length=300)
    max_score = models.DecimalField(
        _("full marks"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    evidence_required = models.CharField(_("evidence required"), max_length=300, blank=True)
    self_score = models.DecimalField(
        _("self score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(_("self-assessment note"), blank=True)
    evidence = models.FileField(upload_to="inspection/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    # A district's 优质均衡 evaluation (registry) given as evidence: the area and year of
    # the registry's page, read with the reader's own scope.
    youzhi_area = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("优质均衡 evaluation of"),
    )
    youzhi_year = models.PositiveSmallIntegerField(_("优质均衡 year"), null=True, blank=True)
    expert_score = models.DecimalField(
        _("expert score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    expert_note = models.TextField(_("expert note"), blank=True)
    case = models.OneToOneField(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectification case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ("campaign", "code")
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "code"), name="inspection_indicator_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        errors = {}
        for field in ("self_score", "expert_score"):
            value = getattr(self, field)
            if (
                value is not None
                and self.max_score is not None
                and not (0 <= value <= self.max_score)
            ):
                errors[field] = _("The score must lie between 0 and the full marks.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url()
