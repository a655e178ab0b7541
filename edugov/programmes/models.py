"""The programme registry (plan points 1–3, 7, 8, 10, 11, 13–15, 19, 24): one model with
kinds, each programme tied to the work-plan task it serves; its evidence files; and the
schools' party organizations, whose coverage is a computed KPI (``kpis.py``).

A programme is owned by a unit (the bureau's department, a district, a school) and
written there; the schools taking part read it too (``scope_view_fields``), as a task's
co-operating units read the task. The unit above the owner confirms it (认定).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.relations import Below
from edugov.core.scoping import Action, ScopedModel

from .kinds import ProgrammeKind, clean_extra, extra_fields


class State(models.TextChoices):
    FILED = "filed", _("filed")
    CONFIRMED = "confirmed", _("confirmed (已认定)")


class Programme(ScopedModel):
    """One activity, base, competition, pairing, 专业 or project: who owns it, when it
    runs, who takes part, what came of it, and the plan task it serves."""

    scope_unit_field = "unit"
    scope_view_fields = ("schools",)
    actions = {
        # 认定: a unit above the owner, never the owner itself.
        "confirm": Action("change", Below("unit")),
    }

    code = models.CharField(_("registry number"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProgrammeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner unit")
    )
    task = models.ForeignKey(
        "workplan.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work-plan task"),
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    schools = models.ManyToManyField(
        "org.Unit",
        blank=True,
        related_name="programmes_joined",
        verbose_name=_("participating schools"),
    )
    school_count = models.PositiveIntegerField(
        _("participating schools (count)"),
        default=0,
        help_text=_("Schools taking part in all, listed above or not."),
    )
    student_count = models.PositiveIntegerField(_("participating students"), default=0)
    results = models.TextField(_("results"), blank=True)
    awards = models.TextField(_("awards"), blank=True, help_text=_("One award a line."))
    extra = models.JSONField(_("fields of the kind"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.FILED)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True, editable=False)

    class Meta(ScopedModel.Meta):
        verbose_name = pgettext_lazy("registry", "programme")
        verbose_name_plural = pgettext_lazy("registry", "programmes")
        ordering = ["-year", "kind", "code"]
        indexes = [models.Index(fields=["kind", "year"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = [_("The end date is before the start date.")]
        try:
            self.extra = clean_extra(self.kind, self.extra)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        if self.start_date:
            self.year = self.start_date.year

    def extra_rows(self) -> list[tuple]:
        """(label, shown value) of the kind's extra fields that hold a value."""
        return [
            (f.label, f.display(self.extra[f.name]))
            for f in extra_fields(self.kind)
            if f.name in self.extra
        ]

    def award_lines(self) -> list[str]:
        return [line.strip() for line in self.awards.splitlines() if line.strip()]


class ProgrammeEvidence(ScopedModel):
    """A file proving a programme (a photo, the award's certificate), checked by
    ``core.files.read_evidence`` and read through the programme's scope."""

    scope_unit_field = "programme__unit"
    scope_view_fields = ("programme__schools",)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="programmes/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("programme evidence")
        verbose_name_plural = _("programme evidence")
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.programme_id])


class PartyForm(models.TextChoices):
    NONE = "none", _("not established")
    COMMITTEE = "committee", _("party committee (党委)")
    GENERAL_BRANCH = "general_branch", _("general branch (党总支)")
    BRANCH = "branch", _("branch (党支部)")
    JOINT_BRANCH = "joint_branch", _("joint branch (联合党支部)")


class PartyOrganization(ScopedModel):
    """A school's party organization (points 1–3): whether it exists, in which form,
    since when and with how many members, and the school's 一校一品 brand. One row per
    school; a school without a row counts as without an organization."""

    scope_unit_field = "school"

    school = models.OneToOneField(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="party_organization",
        verbose_name=_("school"),
        limit_choices_to={"kind": "school"},
    )
    form = models.CharField(
        pgettext_lazy("party", "form"),
        max_length=16,
        choices=PartyForm.choices,
        default=PartyForm.NONE,
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    members = models.PositiveIntegerField(_("party members"), default=0)
    brand = models.CharField(_("one school, one brand (一校一品)"), max_length=100, blank=True)
    brand_description = models.TextField(_("about the brand"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        ordering = ["school__path"]

    def __str__(self) -> str:
        return f"{self.school} {self.get_form_display()}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:party_detail", args=[self.pk])

    @property
    def established(self) -> bool:
        return self.form != PartyForm.NONE

    def clean(self) -> None:
        if self.school_id and self.school.kind != "school":
            raise ValidationError({"school": _("A party organization belongs to a school.")})
        if self.established and not self.established_on:
            raise ValidationError(
                {"established_on": _("An established organization has its founding date.")}
            )
        if not self.established and self.established_on:
            raise ValidationError(
                {"established_on": _("A school without an organization has no founding date.")}
            )
