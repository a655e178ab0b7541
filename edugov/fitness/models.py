"""One student's 体质健康 test in one school year: the raw results and the engine's scores.

The student is the roll's (``students.Student``): no name or number is copied here, the
pages show the roll's masked values. The scores are written by ``services`` from the
engine and never edited by hand.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.fields import EncryptedJSONField
from edugov.core.relations import InScope
from edugov.core.scoping import Action, ClassDimension, ScopedModel
from edugov.engines.fitness import LEVEL_NAMES, SCORED_ITEMS


class Level(models.IntegerChoices):
    EXCELLENT = 0, _("excellent (优秀)")
    GOOD = 1, _("good (良好)")
    PASS = 2, _("pass (及格)")
    FAIL = 3, _("fail (不及格)")
    EXEMPT = 4, _("exempt (免测)")


assert len(Level.choices) == len(LEVEL_NAMES)

ITEM_LABELS = {
    "bmi": _("BMI"),
    "vital_capacity": _("vital capacity"),
    "run_50m": _("50 m run"),
    "sit_and_reach": _("sit and reach"),
    "rope_skipping": _("one-minute rope skipping"),
    "sit_ups": _("one-minute sit-ups"),
    "shuttle_50x8": _("50 m × 8 shuttle run"),
    "standing_long_jump": _("standing long jump"),
    "pull_ups": _("pull-ups"),
    "run_1000m": _("1000 m run"),
    "run_800m": _("800 m run"),
}
assert set(ITEM_LABELS) == set(SCORED_ITEMS)


class FitnessResult(ScopedModel):
    """A student's year: what was measured (``raw``, the engine's units) and its scores."""

    scope_unit_field = "school"
    # "count" opens the rows to the report's aggregates only: a district's figures, never
    # a student's result.
    actions = {"count": Action("fitness.count_fitnessresult", InScope())}
    # A teacher reads the rows of her class's students: the roll's class today.
    class_dimension = ClassDimension.of("student")

    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="fitness_results",
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts in")
    )
    grade = models.CharField(_("grade"), max_length=3)
    sex = models.CharField(_("sex"), max_length=1)
    class_name = models.CharField(_("class"), max_length=30, blank=True)
    exempt = models.BooleanField(_("exempt (免测)"), default=False)
    # Height, weight and the measured results are health data of children, many under 14
    # (个人信息保护法 art. 28, 31): encrypted at rest like every personal field; the
    # scores and levels, which the reports group and count, stay plain.
    raw = EncryptedJSONField(_("raw results"), default=dict)
    scores = models.JSONField(_("item scores"), default=dict)
    standard_tenths = models.SmallIntegerField(null=True, blank=True)
    bonus = models.SmallIntegerField(_("bonus points"), null=True, blank=True)
    total_tenths = models.SmallIntegerField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(
        pgettext_lazy("fitness", "level"), choices=Level.choices
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("fitness test result")
        verbose_name_plural = _("fitness test results")
        ordering = ["school", "-school_year", "grade", "class_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["student", "school_year"], name="fitness_one_per_year")
        ]
        indexes = [models.Index(fields=["school", "school_year", "grade", "class_name"])]
        permissions = [("count_fitnessresult", _("Can count fitness test results"))]

    def __str__(self) -> str:
        return f"{self.school_year} {self.student}"

    @property
    def total(self) -> str:
        return "" if self.total_tenths is None else f"{self.total_tenths / 10:.1f}"

    @property
    def standard_score(self) -> str:
        return "" if self.standard_tenths is None else f"{self.standard_tenths / 10:.1f}"

    def item_rows(self) -> list[dict]:
        """The card: each scored item, weakest first, with what to work on."""
        rows = [
            {"item": item, "label": ITEM_LABELS[item], "score": score, "raw": self.raw.get(item)}
            for item, score in self.scores.items()
        ]
        return sorted(rows, key=lambda r: r["score"])

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("fitness:result_detail", args=[self.pk])
