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


class TermRow(ScopedModel):
    """What a record and an activity share: a student's term at a school, with the grade
    and class the student was in then. Each declares its own ``student`` (their reverse
    names differ)."""

    scope_unit_field = "school"
    # A teacher reads the rows of her class's students: the roll's class today.
    class_dimension = ClassDimension.of("student")

    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts in")
    )
    term = models.PositiveSmallIntegerField(
        pgettext_lazy("school", "term"), choices=[(1, _("first term")), (2, _("second term"))]
    )
    grade_level = models.PositiveSmallIntegerField(_("grade"))
    class_name = models.CharField(_("class"), max_length=30, blank=True)

    class Meta(ScopedModel.Meta):
        abstract = True


class PortfolioRecord(TermRow):
    """A student's term in one dimension: evidence and grade by the school, then 公示 for
    the configured working days, then the school's sign-off (never before the notice ends).
    """

    # 公示 and sign-off belong to the student's school (and the city, which holds all);
    # "count" opens the rows to aggregation only: the district's figures, never its rows.
    actions = {
        "publish": Action("portfolio.signoff_portfoliorecord", InScope()),
        "sign_off": Action("portfolio.signoff_portfoliorecord", InScope()),
        # An objection during 公示 is the school's to record and answer (a casework case).
        "object": Action("portfolio.signoff_portfoliorecord", InScope()),
        "count": Action("portfolio.count_portfoliorecord", InScope()),
        # The term's summary (.docx) names the student in full: it is handed to the
        # family, so it needs the roll's full-data permission in the student's school.
        "summary": Action("students.view_full_personal_data", InScope()),
    }

    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="portfolio_records",
    )
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
            ("signoff_portfoliorecord", _("Can put on notice and sign off portfolio records")),
            ("count_portfoliorecord", _("Can count portfolio records")),
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


class ActivityKind(models.TextChoices):
    PRACTICE = "practice", _("social practice (社会实践)")
    READING = "reading", _("reading (智慧阅读)")


# The programme kinds that are practice bases (劳动教育 and 德育 bases of the registry).
BASE_KINDS = ("labour", "moral")


class PortfolioActivity(TermRow):
    """A student's hours in one activity of a term: social practice at a base of the
    programme registry or at the school, or a book read (智慧阅读). One model with a kind:
    the two share who, when, how long and the whole entry path; a book has an author, a
    practice may name its base. The term's totals show on the portfolio record's page."""

    # The form offers the bases the user's schools take part in or own.
    choice_rules = {"programme": "edugov.portfolio.selectors.practice_bases"}

    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="portfolio_activities",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    on = models.DateField(
        _("date"), help_text=_("The day of the practice, or the day the book was finished")
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("practice base"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": BASE_KINDS},
        help_text=_("Empty: the school's own activity"),
    )
    title = models.CharField(
        _("activity or book"), max_length=200, help_text=_("What was done, or the book's title")
    )
    author = models.CharField(_("author"), max_length=100, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("practice or reading record")
        verbose_name_plural = _("practice and reading records")
        ordering = ["school", "-school_year", "-term", "class_name", "student", "kind", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "kind", "on", "title"], name="portfolio_activity_once"
            )
        ]
        indexes = [models.Index(fields=["student", "school_year", "term", "kind"])]

    def __str__(self) -> str:
        return f"{self.school_year}-{self.term} {self.student} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:activity_edit", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.hours is not None and not (0 < self.hours <= 500):
            errors["hours"] = _("Hours are more than 0 and at most 500.")
        if self.kind == ActivityKind.READING and self.programme_id:
            errors["programme"] = _("A book is read, not done at a practice base.")
        if self.kind == ActivityKind.PRACTICE and self.author:
            errors["author"] = _("Only a book has an author.")
        if self.programme_id and self.programme.kind not in BASE_KINDS:
            errors["programme"] = _("Not a practice base (劳动教育 or 德育) of the registry.")
        if errors:
            raise ValidationError(errors)
