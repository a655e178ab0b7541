"""继续教育: training records with 学时 (the 国内培训 record of the national system), and
师德 records whose handling is a casework case."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import ScopedModel

# 《关于大力加强中小学教师培训工作的意见》 (2011): 360 学时 in every 5-year cycle.
CYCLE_HOURS = 360
CYCLE_YEARS = 5


class TrainingKind(models.TextChoices):
    NATIONAL = "national", _("National (国培)")
    PROVINCIAL = "provincial", _("Provincial (省培)")
    CITY = "city", _("City or county")
    SCHOOL = "school", _("School-based (校本)")
    ONLINE = "online", _("Online")


class TrainingRecord(ScopedModel):
    """One training a teacher completed, as the training platform exports it."""

    scope_unit_field = "teacher__school"

    teacher = models.ForeignKey(
        "teachers.Teacher",
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="training",
    )
    serial = models.CharField(_("platform serial"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(
        _("training year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("training type"), max_length=10, choices=TrainingKind.choices)
    project = models.CharField(pgettext_lazy("training", "project"), max_length=120)
    hours = models.DecimalField(
        _("hours (学时)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("360"))],
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-year", "teacher", "pk"]
        indexes = [models.Index(fields=["teacher", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.project} {self.hours}"


class EthicsRecord(ScopedModel):
    """A 师德 violation: its handling is a ``teacher_ethics`` case on casework. With the
    one-vote veto (一票否决) the teacher gets no title promotion and no award that year
    (``services.teacher_title_change`` and ``teacher_award`` refuse)."""

    scope_unit_field = "teacher__school"

    teacher = models.ForeignKey(
        "teachers.Teacher",
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="ethics",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.CharField(_("what happened"), max_length=300)
    veto = models.BooleanField(_("one-vote veto (一票否决)"), default=False)
    case = models.OneToOneField(
        "casework.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("professional ethics record")
        verbose_name_plural = _("professional ethics records")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.case.number}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()
