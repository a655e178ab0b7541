"""A case and what hangs on it: its number counter, timeline, comments and evidence.

One ``Case`` table holds every type; the type's declaration (``casework.registry``) gives
its states and moves. A case belongs to its owning unit (the unit that opened it and
numbers it); its 主办, 协办 and 督办 units read it too, and make the moves the type gives
them. The school a case concerns does not read it: a complaint about a school is not the
school's to see unless the case names it as a party.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import ScopedModel

from .. import registry
from ..rules import CaseActions, Confinement

# The units that read a case besides its owning unit's scope (see rules.READERS).
CASE_READERS = ("lead_unit", "co_units", "supervising_unit")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Case(ScopedModel):
    """One case of a declared type: numbered 〔2023〕第 N 号 per type, year and owning unit."""

    scope_unit_field = "unit"
    scope_view_fields = CASE_READERS
    actions = CaseActions()
    # Types declaring ``readers`` (a crisis case) are read by those readers alone.
    confinement = Confinement()

    case_type = models.CharField(_("case type"), max_length=32)
    number = models.CharField(pgettext_lazy("case", "number"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(_("state"), max_length=32)
    is_open = models.BooleanField(_("open"), default=True)
    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("lead unit (主办)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    co_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("co-operating units (协办)"), related_name="+", blank=True
    )
    supervising_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("supervising unit (督办)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # What the case concerns: any row (a hazard, a task, a student) by content type and
    # id, with its label stored so that the list never loads the row; the school as its
    # own column because most cases concern one.
    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school concerned"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("concerns"), max_length=200, blank=True)

    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"))
    # The overall deadline: counted from the clock's start (opening, or 交办), moved by
    # an approved extension. ``state_due_at``: the current state's own time limit.
    # ``deadline_at``: the earlier of the two while they apply, the one the overdue
    # filter, the statistics and the escalation ladder use.
    clock_started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(pgettext_lazy("case", "due"), null=True, blank=True)
    state_entered_at = models.DateTimeField()
    state_due_at = models.DateTimeField(_("state due"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("case", "closed"), null=True, blank=True)
    # Stored at 办结 so that the statistics average them in SQL over 100,000 cases.
    working_days = models.PositiveIntegerField(_("working days taken"), null=True, blank=True)
    on_time = models.BooleanField(_("closed on time"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    extensions = models.PositiveSmallIntegerField(_("extensions approved"), default=0)
    extension_pending = models.BooleanField(_("extension requested"), default=False)
    extension_until = models.DateField(_("extension requested until"), null=True, blank=True)
    # The highest escalation level reached for the current deadline, and when the next
    # level falls due: the scan reads only cases whose moment has come.
    escalation = models.PositiveSmallIntegerField(pgettext_lazy("case", "escalation"), default=0)
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(pgettext_lazy("case", "outcome"), blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    # Fields a type's moves record (a 答复, a result class), by name.
    attrs = models.JSONField(default=dict, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "year", "unit", "seq"], name="casework_case_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["is_open", "deadline_at"], name="casework_open_deadline"),
            models.Index(
                fields=["next_escalation_at"],
                name="casework_next_escalation",
                condition=models.Q(next_escalation_at__isnull=False),
            ),
            models.Index(fields=["case_type", "state"], name="casework_type_state"),
            models.Index(fields=["opened_at"], name="casework_opened"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("casework:case_detail", args=[self.pk])

    @property
    def type(self):
        return registry.get(self.case_type)

    @property
    def type_label(self) -> str:
        try:
            return str(self.type.label)
        except LookupError:
            return self.case_type

    @property
    def state_label(self) -> str:
        try:
            return str(self.type.state(self.state).label)
        except (LookupError, KeyError):
            return self.state


class CaseCounter(models.Model):
    """The last number given per type, year and owning unit. Locked (``select_for_update``)
    in the transaction that inserts the case, so numbers have no gap and no twin."""

    case_type = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "year", "unit"], name="casework_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_type} {self.year} {self.unit_id}: {self.last}"


class _CasePart(ScopedModel):
    """Rows read with their case: the same owning unit and readers."""

    scope_unit_field = "case__unit"
    scope_view_fields = tuple(f"case__{f}" for f in CASE_READERS)
    confinement = Confinement("case")

    class Meta(ScopedModel.Meta):
        abstract = True


class EntryKind(models.TextChoices):
    OPEN = "open", _("Opened")
    MOVE = "move", _("Move")
    ESCALATION = "escalation", _("Escalation")


class CaseTransition(_CasePart):
    """One line of the timeline: the opening, a move (who, from, to, why, the fields it
    recorded) or an escalation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=12, choices=EntryKind.choices, default=EntryKind.MOVE)
    move = models.CharField(_("move"), max_length=40, blank=True)
    label = models.CharField(_("step"), max_length=100, blank=True)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    actor_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reason = models.TextField(pgettext_lazy("case", "note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta(_CasePart.Meta):
        verbose_name = _("case timeline entry")
        verbose_name_plural = _("case timeline entries")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["actor", "at"], name="casework_step_actor")]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.label}"

    @property
    def display_label(self) -> str:
        """The step's name in the reader's language: the declaration's label where the
        type still declares the move or level, else the label stored when it was taken."""
        if self.kind == EntryKind.OPEN:
            return str(EntryKind.OPEN.label)
        try:
            ct = self.case.type
            if self.kind == EntryKind.MOVE and ct.has_transition(self.move):
                return str(ct.transition(self.move).label)
            if self.kind == EntryKind.ESCALATION:
                level = int(self.move.partition(":")[2])
                return next(str(r.label) for r in ct.escalation if r.level == level)
        except (LookupError, ValueError, StopIteration):
            pass
        return self.label

    @property
    def to_state_label(self) -> str:
        try:
            return str(self.case.type.state(self.to_state).label)
        except (LookupError, KeyError):
            return self.to_state


class CaseComment(_CasePart):
    """A remark on a case by anyone who may read it and holds the change permission."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    at = models.DateTimeField(_("at"))

    class Meta(_CasePart.Meta):
        verbose_name = _("case comment")
        verbose_name_plural = _("case comments")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.author}"


class CaseEvidence(_CasePart):
    """A file attached by a move: checked by type, size and first bytes, kept with its
    SHA-256 under MEDIA_ROOT (no URL serves it) and handed out by the scoped download."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    step = models.ForeignKey(
        CaseTransition, on_delete=models.CASCADE, related_name="evidence", null=True, blank=True
    )
    file = models.FileField(_("file"), upload_to="casework/evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta(_CasePart.Meta):
        verbose_name = _("case evidence")
        verbose_name_plural = _("case evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
