"""A year's 中考 and its inputs: candidates, programmes with their 指标到校 quotas, and
preference lists (DOMAIN.md §5).

The session belongs to the city (the 招生考试中心 is a department under the city, and a
department's scope is the whole city). A candidate belongs to their junior school, so a
district officer sees the candidates of their district's junior schools and a junior
school its own; a programme belongs to its high school.

Scores are whole points (engine units with ``score_scale = 1``). A candidate's subject
scores are a list in the order of ``AdmissionSession.subjects``: one JSON column instead
of a row per subject, because a run loads 70,000 candidates at once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.fields import EncryptedTextField
from edugov.core.scoping import ScopedModel
from edugov.engines.codes import mask_value

# Nanchang 中考 subjects (DOMAIN.md §5) and their maxima.
DEFAULT_SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "道德与法治", "历史", "体育"]
DEFAULT_SUBJECT_MAX = [120, 120, 120, 100, 70, 80, 70, 60]
DEFAULT_FLAGS = ["本市户籍", "体育特长", "艺术特长"]

# Preference lists a candidate fills; a batch reads one of them.
PREFERENCE_LISTS = [
    ("提前批", _("Early batch")),
    ("指标到校", _("Quota batch (指标到校)")),
    ("统招", _("General batch")),
    ("征集", _("Supplementary batch")),
]

exam_number_validator = RegexValidator(r"^\d{6,16}$", _("An exam number is 6 to 16 digits."))


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class AdmissionSession(ScopedModel):
    """One year's 中考 in the city: its subjects, score ranges, flags and the limit K on
    choices per list. Owned by the city bureau; locked once a run is published."""

    scope_unit_field = "city"

    city = models.ForeignKey(
        "org.Unit",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "city"},
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=100)
    subjects = models.JSONField(_("subjects"), default=list)
    subject_max = models.JSONField(_("subject maxima"), default=list)
    max_total = models.PositiveSmallIntegerField(_("maximum total"), default=760)
    max_bonus = models.PositiveSmallIntegerField(_("maximum bonus"), default=20)
    bonus_cap = models.PositiveSmallIntegerField(
        _("bonus cap"), default=10, help_text=_("Bonus points counted in the admission score")
    )
    flags = models.JSONField(_("eligibility flags"), default=list)
    max_choices = models.PositiveSmallIntegerField(
        _("choices per list (K)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("admission session")
        verbose_name_plural = _("admission sessions")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="admissions_one_session_a_year")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.city_id and self.city.kind != "city":
            raise ValidationError({"city": _("A session belongs to the city bureau.")})
        if len(self.subjects) != len(self.subject_max) or not self.subjects:
            raise ValidationError({"subject_max": _("One maximum per subject is required.")})
        if len(set(self.subjects)) != len(self.subjects):
            raise ValidationError({"subjects": _("A subject is listed twice.")})

    def is_locked(self) -> bool:
        """A published run fixes its inputs: the session can no longer change."""
        from .runs import RunStatus

        return self.runs.filter(status=RunStatus.PUBLISHED).exists()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("admissions:session_detail", args=[self.pk])


class Candidate(ScopedModel):
    """A 中考 candidate: exam number, junior school, scores, capped bonus, flags.

    The name is personal data: encrypted at rest, masked on every page, in the API and in
    exports. The exam number is the key everywhere else (results, lookups, hashes).
    """

    scope_unit_field = "junior_school"
    personal_fields = {"name": "name"}

    session = models.ForeignKey(
        AdmissionSession,
        verbose_name=pgettext_lazy("exam", "session"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    exam_number = models.CharField(
        _("exam number"), max_length=16, validators=[exam_number_validator]
    )
    name = EncryptedTextField(pgettext_lazy("person", "name"), blank=True)
    junior_school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("junior school"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "school"},
    )
    total = models.PositiveSmallIntegerField(_("total score"))
    scores = models.JSONField(_("subject scores"), default=list)
    bonus = models.PositiveSmallIntegerField(_("bonus points"), default=0)
    flag_bits = models.BigIntegerField(_("eligibility flags"), default=0)
    # The roll's student this candidate is (中考报名 carries the 学籍号): what a derived
    # flag reads (the portfolio's 综评达标, ``flag_sources``). Empty: no derived flag.
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["session", "exam_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exam_number"], name="admissions_unique_exam_number"
            )
        ]
        indexes = [models.Index(fields=["session", "junior_school"])]

    def __str__(self) -> str:
        # Masked: str() reaches audit object_repr, logs and error pages.
        return (
            f"{self.exam_number} {mask_value('name', self.name)}" if self.name else self.exam_number
        )

    def masked_name(self) -> str:
        return mask_value("name", self.name) if self.name else ""

    def flag_names(self) -> list[str]:
        return [f for i, f in enumerate(self.session.flags) if self.flag_bits >> i & 1]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        session = self.session
        if len(self.scores) != len(session.subjects):
            errors["scores"] = _("One score per subject is required.")
        else:
            for value, top in zip(self.scores, session.subject_max, strict=True):
                if not isinstance(value, int) or not 0 <= value <= top:
                    errors["scores"] = _("A subject score is out of range.")
        if self.total is not None and self.total > session.max_total:
            errors["total"] = _("The total is out of range.")
        if self.bonus is not None and self.bonus > session.max_bonus:
            errors["bonus"] = _("The bonus is out of range.")
        if self.flag_bits < 0 or self.flag_bits >> len(session.flags):
            errors["flag_bits"] = _("Unknown eligibility flag.")
        if self.junior_school_id and self.junior_school.kind != "school":
            errors["junior_school"] = _("A candidate's junior school must be a school.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("admissions:candidate_detail", args=[self.pk])


class Programme(ScopedModel):
    """A high school's programme in one session: its open (统招) seats, sector, category,
    its own line and 投档比例, and whether it is a key school (for the what-if)."""

    scope_unit_field = "school"

    session = models.ForeignKey(
        AdmissionSession,
        verbose_name=pgettext_lazy("exam", "session"),
        on_delete=models.CASCADE,
        related_name="programmes",
    )
    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("high school"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "school"},
    )
    code = models.CharField(
        _("programme code"),
        max_length=16,
        validators=[RegexValidator(r"^[0-9A-Za-z_-]+$", _("Letters, digits, - and _ only."))],
    )
    name = models.CharField(_("name"), max_length=100)
    sector = models.CharField(_("sector"), max_length=8, choices=Sector.choices)
    category = models.CharField(_("category"), max_length=16, default="general")
    is_key = models.BooleanField(_("key school"), default=False)
    open_seats = models.PositiveIntegerField(_("open seats"))
    min_score = models.PositiveSmallIntegerField(_("own minimum line"), default=0)
    ratio_permille = models.PositiveSmallIntegerField(
        _("投档比例 (‰)"),
        default=0,
        help_text=_("1000–1100; 0 = the batch's ratio"),
    )
    required_flag_bits = models.BigIntegerField(_("required flags"), default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["session", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "code"], name="admissions_unique_programme_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.ratio_permille and not 1000 <= self.ratio_permille <= 1100:
            raise ValidationError({"ratio_permille": _("投档比例 is between 1.00 and 1.10.")})
        if self.school_id and self.school.institution_type not in ("senior", "complete_secondary"):
            raise ValidationError({"school": _("A programme belongs to a senior high school.")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("admissions:programme_list") + f"?code={self.code}"


class ProgrammeQuota(ScopedModel):
    """指标到校: seats of a programme reserved for one junior school's candidates."""

    scope_unit_field = "programme__school"
    scope_view_fields = ("junior_school",)

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="quotas"
    )
    junior_school = models.ForeignKey(
        "org.Unit", verbose_name=_("junior school"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveIntegerField(_("seats"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("quota allocation")
        verbose_name_plural = _("quota allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "junior_school"], name="admissions_one_quota_per_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} → {self.junior_school.code}: {self.seats}"


class Preference(ScopedModel):
    """One choice on a candidate's list: (list, rank) → programme. At most K per list,
    a programme at most once per list."""

    scope_unit_field = "candidate__junior_school"

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="preferences"
    )
    batch = models.CharField(_("list"), max_length=8, choices=PREFERENCE_LISTS, default="统招")
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        ordering = ["candidate", "batch", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "batch", "rank"], name="admissions_one_choice_per_rank"
            ),
            models.UniqueConstraint(
                fields=["candidate", "batch", "programme"], name="admissions_programme_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate.exam_number} {self.batch} {self.rank}"
