"""县管校聘: the county holds each school's approved posts (编制) by subject; schools hire
to them. Where a school stands against its posts (surplus, shortage) is read from the
registry (``selectors.post_balance``), never stored, and feeds the rotation plan."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel

from .registry import Subject


class ApprovedPost(ScopedModel):
    """The number of established posts of one subject at one school for a school year,
    approved by the district (a school reads its own)."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "school"},
    )
    year = models.PositiveSmallIntegerField(
        _("school year"),
        help_text=_("The year the school year starts in"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    posts = models.PositiveSmallIntegerField(_("approved posts"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("approved post")
        verbose_name_plural = _("approved posts")
        ordering = ["school", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "subject"], name="teachers_post_once")
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.year} {self.get_subject_display()} {self.posts}"


class SchoolSite(ScopedModel):
    """Where a school is (WGS-84): the rotation plan's commuting distances."""

    scope_unit_field = "school"

    school = models.OneToOneField(
        "org.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="teacher_site",
        limit_choices_to={"kind": "school"},
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(73), MaxValueValidator(136)]
    )
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(3), MaxValueValidator(54)]
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("school site")
        verbose_name_plural = _("school sites")
        ordering = ["school"]

    def __str__(self) -> str:
        return f"{self.school} ({self.longitude:.4f}, {self.latitude:.4f})"
