"""One student's 综合素质评价 record: a term, one of the five national dimensions, the
school's evidence and grade, and its life — draft, 公示 in the class, signed off.

The student is the roll's (``students.Student``): no name or number is copied here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.relations import InScope
from edugov.core.scoping import Action, ClassDimension, ScopedModel


class Dimension(models.TextChoices):
    MORAL = "moral", _("moral character (思想品德)")
    ACADEMIC = "academic", _("academic level (学业水平)")
    HEALTH = "health", _("physical and mental health (身心健康)")
    ARTS = "arts", _("artistic literacy (艺术素养)")
    PRACTICE = "practice", _("social practice (社会实践)")


# A→D, best first; the order is what the minimum line compares.
GRADES = ("A", "B", "C", "D")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


assert tuple(Grade.values) == GRADES


def grade_rank(grade: str) -> int:
    """0 for A … 3 for D: a lower rank is a better grade."""
    return GRADES.index(grade)


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    NOTICE = "notice", _("on public notice (公示)")
    SIGNED = "signed", _("signed off")


class PortfolioRecord(ScopedModel):
    """A student's term in one dimension: evidence and grade by the school, then 公示 for
    the configured working days, then the school's sign-off (never before the notice ends).
    """

    scope_unit_field = "school"
    # A teacher reads the rows of her class's students: the roll's class today.
    class_dimension = ClassDimension.of("student")
    # 公示 and sign-off belong to the student's school (and the city, which holds all);
    # "count" opens the rows to aggregation only: the district's figures, never its rows.
    actions = {
        "publish": Action("portfolio.signoff_portfoliorecord", InScope()),
        "sign_off": Action("portfolio.signoff_portfoliorecord", InScope()),
        # An objection during 公示 is the school's to record and answer (a casework case).
        "object": Action("portfolio.signoff_portfoliorecord", InScope()),
        "count": Action("portfolio.count_portfoliorecord", InScope()),
    }

    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="portfolio_records",
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts in")
    )
    term = models.PositiveSmallIntegerField(
        pgettext_lazy("school", "term"), choices=[(1, _("first term")), (2, _("second term"))]
    )
    grade_level = models.PositiveSmallIntegerField(_("grade"))
    class_name = models.CharField(_("class"), max_length=30, blank=True)
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    evidence = models.TextField(_("evidence"))
    grade = models.CharField(
        pgettext_lazy("portfolio", "grade"), max_length=1, choices=Grade.choices
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    notice_start = models.DateField(_("notice from"), null=True, blank=True)
    notice_end = models.DateField(
        _("notice until"), null=True, blank=True, help_text=_("The last working day of 公示")
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("portfolio record")
        verbose_name_plural = _("portfolio records")
        ordering = ["school", "-school_year", "-term", "class_name", "student", "dimension"]
        permissions = [
            ("signoff_portfoliorecord", "Can put on notice and sign off portfolio records"),
            ("count_portfoliorecord", "Can count portfolio records"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "school_year", "term", "dimension"],
                name="portfolio_one_per_dimension",
            )
        ]
        indexes = [models.Index(fields=["school", "school_year", "grade_level", "class_name"])]

    def __str__(self) -> str:
        return f"{self.school_year}-{self.term} {self.student} {self.get_dimension_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:record_detail", args=[self.pk])
