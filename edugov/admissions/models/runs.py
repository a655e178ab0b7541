"""Admission runs and what they produced.

A run is one configuration applied to a session's inputs. It records the SHA-256 of the
canonical inputs and of the configuration, the engine version and the result hash
(docs/engines/admission.md §5), so a replay can prove it reproduces the result byte for
byte. Once published a run is locked: no service changes, re-runs or deletes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import ScopedModel

from .session import AdmissionSession, Candidate, Programme


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Computed")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published (locked)")


class Run(ScopedModel):
    """One admission run: batch configuration, status, audit hashes, summary figures."""

    scope_unit_field = "session__city"

    session = models.ForeignKey(
        AdmissionSession,
        verbose_name=pgettext_lazy("exam", "session"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    name = models.CharField(_("name"), max_length=100)
    config = models.JSONField(_("batch configuration"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    engine_version = models.CharField(_("engine version"), max_length=40, blank=True)
    inputs_sha256 = models.CharField(_("input SHA-256"), max_length=64, blank=True)
    config_sha256 = models.CharField(_("configuration SHA-256"), max_length=64, blank=True)
    config_json = models.TextField(_("engine configuration"), blank=True)
    result_sha256 = models.CharField(_("result SHA-256"), max_length=64, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("admission run")
        verbose_name_plural = _("admission runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.session.year} {self.name}"

    @property
    def is_locked(self) -> bool:
        return self.status == RunStatus.PUBLISHED

    @property
    def has_results(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.PUBLISHED)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("admissions:run_detail", args=[self.pk])


class CandidateResult(ScopedModel):
    """Where one candidate landed in one run (programme null = unplaced). The junior
    school's units see it, and so does the admitting high school (read only)."""

    scope_unit_field = "candidate__junior_school"
    scope_view_fields = ("programme__school",)
    # The candidate's name reaches this model's tables and exports as ``candidate__name``:
    # declared here so that the export masks it like the candidate's own.
    personal_fields = {"name": "name"}

    run = models.ForeignKey(
        Run, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="results"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("admitted to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    batch = models.CharField(_("batch"), max_length=16, blank=True)
    quota = models.BooleanField(_("quota seat"), default=False)
    choice = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("admission score"))
    returned = models.CharField(_("returned (退档)"), max_length=40, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("admission result")
        verbose_name_plural = _("admission results")
        ordering = ["run", "-score", "candidate__exam_number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "candidate"], name="admissions_one_result")
        ]
        indexes = [models.Index(fields=["run", "programme"])]

    def __str__(self) -> str:
        return f"{self.candidate.exam_number}"


class ProgrammeCutoff(ScopedModel):
    """A programme's outcome in one batch of a run (one row per open target; quota
    targets are summed per programme): seats, filled, and the 录取分数线 with its
    tie-break detail — the lowest admitted candidate's score and tie-break values."""

    scope_unit_field = "run__session__city"
    scope_view_fields = ("programme__school",)

    run = models.ForeignKey(
        Run, verbose_name=_("run"), on_delete=models.CASCADE, related_name="cutoffs"
    )
    batch = models.CharField(_("batch"), max_length=16)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    quota = models.BooleanField(_("quota seats"), default=False)
    seats = models.PositiveIntegerField(_("seats"))
    sent = models.PositiveIntegerField(_("files sent"), default=0)
    returned = models.PositiveIntegerField(_("returned"), default=0)
    admitted = models.PositiveIntegerField(_("admitted"))
    cutoff_score = models.PositiveSmallIntegerField(_("cutoff score"), null=True, blank=True)
    cutoff_exam_number = models.CharField(_("cutoff candidate"), max_length=16, blank=True)
    tie_break = models.JSONField(_("tie-break detail"), default=dict, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("programme cutoff")
        verbose_name_plural = _("programme cutoffs")
        ordering = ["run", "batch", "programme__code", "quota"]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.batch}"

    @property
    def fill_rate(self) -> float | None:
        return self.admitted / self.seats if self.seats else None

    def tie_break_text(self) -> str:
        return " · ".join(f"{k} {v}" for k, v in self.tie_break.items())
