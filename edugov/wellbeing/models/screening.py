"""Screening campaigns, one-use answer codes, guardians' consent, results and the
counts by tier (the only form in which results leave the three reading roles)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.fields import EncryptedTextField
from edugov.core.relations import InScope
from edugov.core.scoping import Action, ScopedModel

from ..readers import confined_to, readers
from ..suppression import shown


class Tier(models.TextChoices):
    RED = "red", _("Red (红)")
    ORANGE = "orange", _("Orange (橙)")
    YELLOW = "yellow", _("Yellow (黄)")
    NONE = "none", _("None (无)")


class Campaign(ScopedModel):
    """A screening organised by a school or a district for some grades, with the
    instruments it uses and the days it is open."""

    scope_unit_field = "unit"
    # A district's campaign is read by its schools (their count rows name them) and
    # its codes are issued there, by the class teachers.
    scope_view_fields = ("counts__school",)
    actions = {"issue_codes": Action("wellbeing.add_answercode", InScope("counts__school"))}

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    grades = models.JSONField(_("grades"), default=list)
    instruments = models.JSONField(_("instruments"), default=list)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:campaign_detail", args=[self.pk])

    @property
    def grades_text(self) -> str:
        return "、".join(str(g) for g in self.grades)


class AnswerCode(ScopedModel):
    """A one-time code the class teacher hands a student: only its SHA-256 is kept, it
    answers once (``used_at``) and expires (``expires_at``). No student account."""

    scope_unit_field = "school"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    school = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        "students.Student", verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("answer code")
        verbose_name_plural = _("answer codes")
        ordering = ["-issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.pk}"


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("Signed paper form")
    ONLINE = "online", _("Online confirmation by the guardian")
    PHONE = "phone", _("Phone call, recorded")
    MEETING = "meeting", _("In person at school")


class Consent(ScopedModel):
    """A guardian's consent for a student under 14 to take part (PIPL art. 31), and how
    it was given. A student under 14 without one cannot start."""

    scope_unit_field = "school"
    personal_fields = {"guardian_name": "name"}

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="consents"
    )
    school = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        "students.Student", verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    guardian_name = EncryptedTextField(_("guardian name"))
    relation = models.CharField(_("relation to the student"), max_length=20)
    method = models.CharField(
        _("how consent was given"), max_length=12, choices=ConsentMethod.choices
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")
        ordering = ["-recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "student"], name="wellbeing_consent_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_method_display()}"


class Submission(ScopedModel):
    """One student's answers in a campaign and what the engine made of them: the
    individual result. Confined to the readers (``readers.py``): nobody else, whatever
    their scope, lists, opens, exports or counts it; counts leave through ``TierCount``."""

    scope_unit_field = "school"
    confinement = staticmethod(confined_to(readers("case_file", school="school")))

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    student = models.ForeignKey(
        "students.Student", verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    grade = models.PositiveSmallIntegerField(_("grade"))
    answers = models.JSONField(default=dict)
    totals = models.JSONField(_("totals"), default=dict)
    flags = models.JSONField(_("flags"), default=list)
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    submitted_at = models.DateTimeField(_("submitted"))
    case_file = models.ForeignKey(
        "wellbeing.CaseFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "student"], name="wellbeing_one_sheet")
        ]
        indexes = [models.Index(fields=["school", "tier"], name="wellbeing_sub_tier")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_tier_display()}"

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:result_detail", args=[self.pk])


class TierCount(ScopedModel):
    """How many of a school's sheets in a campaign fell in each tier: the aggregate a
    principal, a district or the city reads (never a list of students), kept in the
    transaction that stores each sheet."""

    scope_unit_field = "school"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="counts")
    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("count by tier")
        verbose_name_plural = _("counts by tier")
        ordering = ["campaign", "school__path", "tier"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "school", "tier"], name="wellbeing_tiercount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.school} · {self.tier}"

    @property
    def count_shown(self) -> str:
        """The count as every page, export and API answer shows it: "<5" for 1–4."""
        return shown(self.count)
