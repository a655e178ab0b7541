"""学业大数据: exams, their candidates' scores and the cached analysis.

Storage is shaped by volume. A city exam has up to a million candidates × 9 subjects,
so a candidate is **one row** whose subject marks (and item marks) are packed into a
fixed-width little-endian int16 blob, scaled to integers by the exam's ``scale`` (2 when
any subject allows half marks), with ``-1`` for 缺考 — the engine's own representation
(``engines.exams.ABSENT``). There is never one row per candidate × subject.

What the reports read is computed once per exam by a background job and cached:
``UnitResult`` rows (one per city, district, school and class) hold every statistic,
the 一分一段表 and the item analysis; ``Candidate.ranks`` holds each candidate's ranks.
A report therefore reads a handful of rows, never the candidates.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.fields import EncryptedTextField
from edugov.core.scoping import ScopedModel
from edugov.engines.codes import mask_value

#: Marks of one candidate: little-endian int16, scaled, -1 = 缺考 (engines.exams.ABSENT).
MARK_DTYPE = np.dtype("<i2")
#: Ranks of one candidate: little-endian int32, (columns, city/district/school), -1 = none.
RANK_DTYPE = np.dtype("<i4")


class ExamStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IMPORTED = "imported", _("Scores imported")
    READY = "ready", _("Analysed")


class TotalPolicy(models.TextChoices):
    PRESENT_SUM = "present_sum", _("A missed paper counts 0")
    ALL_REQUIRED = "all_required", _("No total with a missed paper")


class Exam(ScopedModel):
    """One exam sitting (a city 统考 or a district 联考) of one grade.

    Owned by the unit that runs it (the city bureau or a district); the schools that
    sat it may read it (``scope_view_fields``), so a principal finds her school's
    report under the city's exam without seeing the others."""

    scope_unit_field = "owner"
    scope_view_fields = ("schools",)

    name = models.CharField(_("name"), max_length=100)
    date = models.DateField(_("date"))
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    owner = models.ForeignKey(
        "org.Unit",
        verbose_name=pgettext_lazy("exam", "organised by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city bureau for a city exam, a district for a district exam"),
    )
    schools = models.ManyToManyField(
        "org.Unit", verbose_name=_("schools"), related_name="+", blank=True, editable=False
    )
    pass_fraction = models.DecimalField(
        _("pass threshold"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of full marks needed to pass (DOMAIN.md §6: 0.60)"),
    )
    excellent_fraction = models.DecimalField(
        _("excellent threshold"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.85"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    total_policy = models.CharField(
        _("total with a missed paper"),
        max_length=16,
        choices=TotalPolicy.choices,
        default=TotalPolicy.PRESENT_SUM,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExamStatus.choices, default=ExamStatus.DRAFT
    )
    candidate_count = models.PositiveIntegerField(
        pgettext_lazy("count", "candidates"), default=0, editable=False
    )
    analysed_at = models.DateTimeField(_("analysed at"), null=True, blank=True, editable=False)
    analysis_seconds = models.FloatField(null=True, blank=True, editable=False)
    prior = models.ForeignKey(
        "self",
        verbose_name=_("prior exam of the cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For value added: an earlier exam of the same students"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("academics:exam_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.owner_id and self.owner.kind not in ("city", "district", "zone"):
            errors["owner"] = _("An exam is run by the city bureau or a district.")
        if (
            self.pass_fraction is not None
            and self.excellent_fraction is not None
            and self.excellent_fraction < self.pass_fraction
        ):
            errors["excellent_fraction"] = _("Excellent cannot be below pass.")
        if self.prior_id and self.prior_id == self.pk:
            errors["prior"] = _("An exam cannot be its own prior exam.")
        if errors:
            raise ValidationError(errors)

    # The layout of the packed blobs, in one place ---------------------------------

    def subject_list(self) -> list[Subject]:
        """Subjects in column order (cached on the instance)."""
        if not hasattr(self, "_subjects"):
            # ``all()`` (Subject.Meta.ordering is position, pk) uses a prefetch when the
            # queryset has one, so an API page costs one subjects query, not one a row.
            self._subjects = list(self.subjects.all())
        return self._subjects

    def item_list(self) -> list[Item]:
        """Items in blob order: by subject position, then item number."""
        if not hasattr(self, "_items"):
            self._items = list(
                Item.objects.filter(subject__exam=self)
                .select_related("subject")
                .order_by("subject__position", "subject__pk", "number")
            )
        return self._items

    @property
    def scale(self) -> int:
        """Stored integer = mark × scale: 2 as soon as one subject allows half marks."""
        subjects = self.subject_list()
        return 2 if any(s.half_marks for s in subjects) else 1

    def columns(self) -> list[str]:
        from edugov.engines.exams import TOTAL

        return [s.name for s in self.subject_list()] + [TOTAL]


class Subject(ScopedModel):
    """A paper of an exam with its full marks; ``half_marks`` allows x.5 marks."""

    scope_unit_field = "exam__owner"
    scope_view_fields = ("exam__schools",)

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="subjects"
    )
    name = models.CharField(_("subject"), max_length=30)
    full_marks = models.DecimalField(
        _("full marks"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("300"))],
    )
    half_marks = models.BooleanField(_("half marks allowed"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["exam", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "name"], name="academics_subject_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.full_marks:g})"

    def clean(self) -> None:
        if self.full_marks is not None and (self.full_marks * 2) % 1:
            raise ValidationError({"full_marks": _("Full marks are whole or half marks.")})


class Item(ScopedModel):
    """A question (小题) of a subject. A multiple-choice item has an answer key; its
    mark is full marks for the key and 0 otherwise, computed at import."""

    scope_unit_field = "subject__exam__owner"
    scope_view_fields = ("subject__exam__schools",)

    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("item", "number"))
    full_marks = models.DecimalField(
        _("full marks"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    key = models.CharField(
        _("answer key"),
        max_length=1,
        blank=True,
        help_text=_("A–H for a multiple-choice item; empty otherwise"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["subject", "number"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "number"], name="academics_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject.name} {self.number}"

    @property
    def is_choice(self) -> bool:
        return bool(self.key)

    @property
    def column_label(self) -> str:
        """The import column of this item: ``数学#3``."""
        return f"{self.subject.name}#{self.number}"


class Candidate(ScopedModel):
    """One candidate of one exam, owned by the school they sat for.

    ``marks`` packs the subject marks and ``item_marks`` the item marks (int16, scaled,
    -1 = 缺考); ``answers`` holds the option letters of the multiple-choice items, one
    character each ("-" blank). ``ranks`` is written by the analysis. The 学籍号 is
    personal data: encrypted, with a blind index to match the same student across exams
    (value added) and to find one result by a POST."""

    scope_unit_field = "school"
    personal_fields = {"student_number": "id"}

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="candidates"
    )
    exam_no = models.CharField(pgettext_lazy("exam", "exam number"), max_length=24)
    student_number = EncryptedTextField(_("student number (学籍号)"), blank=True)
    student_number_index = models.CharField(max_length=64, blank=True, editable=False)
    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    class_name = models.CharField(_("class"), max_length=30)
    marks = models.BinaryField(_("marks"))
    item_marks = models.BinaryField(_("item marks"), blank=True, default=b"")
    answers = models.CharField(_("answers"), max_length=200, blank=True)
    ranks = models.BinaryField(_("ranks"), null=True, blank=True, editable=False)

    class Meta(ScopedModel.Meta):
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["exam", "school", "class_name", "exam_no"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "exam_no"], name="academics_candidate_no")
        ]
        indexes = [
            models.Index(fields=["exam", "school", "class_name"]),
            models.Index(fields=["student_number_index"]),
        ]

    def __str__(self) -> str:
        # Masked: str() reaches audit object_repr, logs and error pages.
        return f"{self.exam_no} {mask_value('id', self.student_number)}"

    def get_absolute_url(self) -> str:
        return reverse("academics:candidate_detail", args=[self.pk])

    def scaled_marks(self) -> np.ndarray:
        return np.frombuffer(bytes(self.marks), dtype=MARK_DTYPE)

    def rank_array(self) -> np.ndarray | None:
        """(columns, 3) ranks by city, district and school, -1 when absent."""
        if not self.ranks:
            return None
        return np.frombuffer(bytes(self.ranks), dtype=RANK_DTYPE).reshape(-1, 3)


class Level(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    SCHOOL = "school", _("School")
    CLASS = "class", _("Class")


class UnitResult(ScopedModel):
    """The cached analysis of one unit (city, district, school or class) in one exam.

    Written by the analysis job, read by every report. ``stats`` holds, per column
    (subjects, then 总分): n, absent, mean, std, min, max, the five percentiles, pass
    and excellent counts. ``reference`` copies the district's and the city's means and
    rates, so a school compares itself with them without seeing their rows. ``bands``
    is the 一分一段表 (city, district, school), ``items`` the item analysis (city,
    district, school). Owned by the unit itself — a class's row by its school."""

    scope_unit_field = "unit"

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="results"
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    class_name = models.CharField(_("class"), max_length=30, blank=True)
    candidates = models.PositiveIntegerField(pgettext_lazy("count", "candidates"))
    mean_total = models.FloatField(_("mean total"), null=True)
    city_rank = models.PositiveIntegerField(_("city rank"), null=True)
    district_rank = models.PositiveIntegerField(_("district rank"), null=True)
    stats = models.JSONField(default=list)
    reference = models.JSONField(default=dict, blank=True)
    bands = models.JSONField(default=dict, blank=True)
    items = models.JSONField(default=dict, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["exam", "level", "city_rank", "unit", "class_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "level", "unit", "class_name"], name="academics_result_unit"
            )
        ]
        indexes = [models.Index(fields=["unit", "level"])]

    def __str__(self) -> str:
        label = f"{self.unit.name} {self.class_name}".strip()
        return f"{label} · {self.exam.name}"

    def get_absolute_url(self) -> str:
        return reverse("academics:result_detail", args=[self.pk])

    def stat(self, column: int, name: str):
        return self.stats[column].get(name)


class ValueAddedResult(ScopedModel):
    """A school's or class's value added from the exam's prior exam: the mean
    residual of the current total regressed on the prior total, with its 95 %
    confidence interval (engines.exams.value_added). Owned by the school."""

    scope_unit_field = "unit"

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="value_added"
    )
    prior = models.ForeignKey(
        Exam, verbose_name=_("prior exam"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    class_name = models.CharField(_("class"), max_length=30, blank=True)
    n = models.PositiveIntegerField(_("matched students"))
    mean = models.FloatField(_("mean residual"))
    ci_low = models.FloatField(_("lower bound"), null=True)
    ci_high = models.FloatField(_("upper bound"), null=True)
    slope = models.FloatField(_("slope"))
    intercept = models.FloatField(_("intercept"))
    r2 = models.FloatField(_("R²"), null=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("value added")
        verbose_name_plural = _("value added")
        ordering = ["exam", "level", "-mean"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "level", "unit", "class_name"], name="academics_va_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.class_name} {self.mean:+.2f}".strip()
