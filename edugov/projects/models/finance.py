"""预算绩效 and the funding checks (plan point 16).

The chain (《关于全面实施预算绩效管理的意见》, 2018): 绩效目标 declared with the budget
(``BudgetLine`` and its ``Indicator`` rows) → 双监控 during the year (execution against
the straight line of time: ``LineExecution`` or, for a project's line, the project's
monthly payments) → 自评 at year end (``Indicator.self_score``) → the results report that
feeds next year's budget. The funding checks: 生均公用经费 allocated per school
(``PublicFundAllocation``) against the base and the provincial standard, and the
"两个只增不减" from the yearly totals the city enters (``EducationSpending``).
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

from .ledger import money

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class BudgetLine(ScopedModel):
    """A budget line of one year: a project (``project``) or a recurring fund such as
    生均公用经费, with its amount and the 绩效目标 declared at budget time."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("budget unit")
    )
    year = models.PositiveSmallIntegerField(_("budget year"), validators=YEAR)
    code = models.CharField(_("budget line code"), max_length=30, unique=True)
    name = models.CharField(_("budget line"), max_length=200)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("project"),
    )
    amount = money(_("budget (元)"))
    goal = models.TextField(_("performance goal (绩效目标)"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ("-year", "code")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("projects:line_detail", args=[self.pk])


class LineExecution(ScopedModel):
    """The amount a (non-project) budget line spent in one month; a project's line reads
    the project's monthly payments instead."""

    scope_unit_field = "line__unit"

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="executions")
    month = models.DateField(_("month"))
    spent = money(_("spent in the month (元)"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("budget execution")
        verbose_name_plural = _("budget executions")
        ordering = ("line", "month")
        constraints = [
            models.UniqueConstraint(fields=("line", "month"), name="projects_execution_monthly")
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("projects:line_detail", args=[self.line_id])


class IndicatorCategory(models.TextChoices):
    QUANTITY = "quantity", _("数量")
    QUALITY = "quality", _("质量")
    TIMELINESS = "timeliness", _("时效")
    COST = "cost", _("成本")
    BENEFIT = "benefit", _("效益")
    SATISFACTION = "satisfaction", _("满意度")


class Indicator(ScopedModel):
    """One indicator of a line's 绩效目标: its target, what was achieved (monitoring) and
    the 自评 score at year end, out of ``weight`` points."""

    scope_unit_field = "line__unit"

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="indicators")
    category = models.CharField(
        pgettext_lazy("performance", "category"), max_length=12, choices=IndicatorCategory.choices
    )
    name = models.CharField(pgettext_lazy("performance", "indicator"), max_length=200)
    target = models.CharField(_("target value"), max_length=100)
    achieved = models.CharField(_("achieved"), max_length=100, blank=True)
    weight = models.DecimalField(
        _("weight (points)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    self_score = models.DecimalField(
        _("self-evaluation score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")
        ordering = ("line", "category", "pk")

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("projects:line_detail", args=[self.line_id])

    def clean(self) -> None:
        if (
            self.self_score is not None
            and self.weight is not None
            and self.self_score > self.weight
        ):
            raise ValidationError({"self_score": _("The score may not exceed the weight.")})


class PublicFundAllocation(ScopedModel):
    """生均公用经费 actually allocated to one school for one year, with the students it was
    allocated for by level; the standard it is held against is configuration
    (``config``: the national base and the provincial standard)."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    students_primary = models.PositiveIntegerField(_("primary students"), default=0)
    students_junior = models.PositiveIntegerField(_("junior students"), default=0)
    students_special = models.PositiveIntegerField(_("special-education students"), default=0)
    allocated = money(_("allocated (元)"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("public-fund allocation (生均公用经费)")
        verbose_name_plural = _("public-fund allocations (生均公用经费)")
        ordering = ("-year", "school__path")
        constraints = [
            models.UniqueConstraint(fields=("school", "year"), name="projects_allocation_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.school}"

    def get_absolute_url(self) -> str:
        return reverse("projects:allocation_list")

    @property
    def students(self) -> int:
        return (
            (self.students_primary or 0)
            + (self.students_junior or 0)
            + (self.students_special or 0)
        )

    def required(self, rates: dict[str, Decimal]) -> Decimal:
        """What the rates require for this school's students, in 元."""
        return (
            rates["primary"] * (self.students_primary or 0)
            + rates["junior"] * (self.students_junior or 0)
            + rates["special"] * (self.students_special or 0)
        )


class EducationSpending(ScopedModel):
    """The yearly totals of one level of government (the city, a district) the city
    enters for the "两个只增不减" (国办发〔2018〕82号): 一般公共预算教育支出 and the students
    it is spread over (在校学生人数)."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("government level")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    spending = money(_("general public budget education spending (元)"))
    students = models.PositiveIntegerField(_("students enrolled"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("education spending")
        verbose_name_plural = _("education spending")
        ordering = ("unit__path", "-year")
        constraints = [
            models.UniqueConstraint(fields=("unit", "year"), name="projects_spending_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("projects:spending_list")

    @property
    def per_student(self) -> Decimal | None:
        if not self.students:
            return None
        return (self.spending / self.students).quantize(Decimal("0.01"))
