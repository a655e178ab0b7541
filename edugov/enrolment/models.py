"""义务教育招生入学 (issue 24): catchments with their communities and schools, the seats
each school offers, and the parents' applications with their documents.

A parent is a ``User`` without a unit holding the ``parent`` role; what they may read is
the ``own`` action (``Person("parent")``), so another family's application is a 404
through the same ``visible_to`` every other page uses. Schools and districts read and
review through the basic actions, scoped by the school applied to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.fields import EncryptedTextField
from edugov.core.relations import Below, InScope, Person, Where
from edugov.core.scoping import Action, ScopedModel

from . import rules

APPLY = "enrolment.apply_application"


class Stage(models.TextChoices):
    PRIMARY = "primary", _("Primary grade 1 (小学一年级)")
    JUNIOR = "junior", _("Junior grade 1 (初中一年级)")


class Catchment(ScopedModel):
    """A 学区 in one version: its communities and the school or schools (多校划片) that
    serve it, with an optional GeoJSON polygon. A change is a new version; an application
    is judged by the version published when the window opened."""

    scope_unit_field = "district"

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("catchment name"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    polygon = models.JSONField(_("polygon (GeoJSON)"), null=True, blank=True)
    schools = models.ManyToManyField(
        "org.Unit", verbose_name=_("schools"), related_name="enrolment_catchments"
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("catchment")
        verbose_name_plural = _("catchments")
        ordering = ["district__code", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "name", "version"], name="enrolment_catchment_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def contains(self, lon: float, lat: float) -> bool:
        return bool(self.polygon) and rules.point_in_polygon(lon, lat, self.polygon)


class Community(ScopedModel):
    """A residential community (小区) or 门牌 range in a catchment version."""

    scope_unit_field = "catchment__district"

    catchment = models.ForeignKey(
        Catchment, verbose_name=_("catchment"), on_delete=models.CASCADE, related_name="communities"
    )
    name = models.CharField(_("community"), max_length=100, db_index=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolPlan(ScopedModel):
    """The grade-1 seats a school offers in a year; a private (民办) school enrols at the
    same time (公民同招) and draws by lottery when oversubscribed."""

    scope_unit_field = "school"
    actions = {
        # Whoever runs the school's placement publishes its results, once.
        "publish": Action("change", InScope("school") & Where(results_published_at__isnull=True)),
        # After publication the school (or its district) puts the placed children on the
        # 学籍 roll as pre-registered (``preregister.preregister``).
        "preregister": Action(
            "change", InScope("school") & ~Where(results_published_at__isnull=True)
        ),
    }

    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    seats = models.PositiveIntegerField(_("seats"))
    private = models.BooleanField(_("private (民办)"), default=False)
    draw = models.ForeignKey(
        "admissions.LotteryDraw",
        verbose_name=_("lottery draw"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 对口直升: the primary schools whose pupils this junior plan takes first (config
    # ``junior_feeder_first``); empty for a primary plan.
    feeders = models.ManyToManyField(
        "org.Unit", verbose_name=_("paired primary schools (对口)"), blank=True, related_name="+"
    )
    # Set by ``preregister.results_publish``: the placements are final and the children
    # may be pre-registered in the 学籍 registry.
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("school plan")
        verbose_name_plural = _("school plans")
        ordering = ["school__code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "stage"], name="enrolment_one_plan")
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("enrolment:results") + f"?year={self.year}"


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, being reviewed")
    MORE = "more_requested", _("More documents requested")
    APPROVED = "approved", _("Documents approved")
    REFUSED = "refused", _("Refused")
    PLACED = "placed", _("Place offered")
    UNPLACED = "unplaced", _("Not placed: district allocation (统筹)")


class Category(models.TextChoices):
    HOME_AND_HOUSEHOLD = rules.HOME_AND_HOUSEHOLD, _("Household and home in the catchment")
    HOUSEHOLD_ONLY = rules.HOUSEHOLD_ONLY, _("Household in the catchment, no home")
    HOME_ONLY = rules.HOME_ONLY, _("Home in the catchment, household elsewhere")
    MIGRANT = rules.MIGRANT, _("Children of migrant workers (residence permit)")
    NONE = rules.NONE, _("No claim on the catchment")
    FEEDER = rules.FEEDER, _("From a paired primary school (对口直升)")


class Application(ScopedModel):
    """A parent's application for one child to one school in one year. The category is
    derived from the facts (``rules.category``), never typed. One active public
    application per child city-wide (blind index), one private; a repeated submission
    with the same idempotency key is the same application."""

    scope_unit_field = "school"
    personal_fields = {"child_name": "name", "child_id": "id"}
    actions = {
        "own": Action(APPLY, Person("parent")),
        "supplement": Action(APPLY, Person("parent") & Where(status="more_requested")),
        # 统筹: the district (or the city) places an unplaced child by hand. ``Below``: a
        # school, which may change its own applications, never assigns, not even its own.
        "assign": Action("change", Below("school") & Where(status="unplaced")),
    }

    number = models.CharField(_("application number"), max_length=20, unique=True)
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        related_name="enrolment_applications",
    )
    idempotency_key = models.CharField(max_length=64, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    private = models.BooleanField(_("private (民办)"), default=False)
    catchment = models.ForeignKey(
        Catchment, verbose_name=_("catchment"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Junior grade 1 only: the primary school the child leaves (对口直升 when it feeds
    # the school applied to).
    from_school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("primary school attended"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    community = models.CharField(_("community"), max_length=100, blank=True)
    child_name = EncryptedTextField(_("child's name"))
    child_id = EncryptedTextField(_("child's ID number"))
    child_index = models.CharField(max_length=64, editable=False, db_index=True)
    birth_date = models.DateField(_("date of birth"))
    household_in_catchment = models.BooleanField(_("household registration in the catchment"))
    household_since = models.DateField(_("household registered since"), null=True, blank=True)
    property_in_catchment = models.BooleanField(_("home (property or lease) in the catchment"))
    property_since = models.DateField(_("home held since"), null=True, blank=True)
    residence_permit = models.BooleanField(_("residence permit (居住证)"), default=False)
    permit_since = models.DateField(_("permit issued"), null=True, blank=True)
    category = models.CharField(_("priority category"), max_length=20, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.CharField(_("reason given to the parent"), max_length=300, blank=True)
    placed_school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school placed at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.OneToOneField(
        "casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set by the district's 统筹 (``application_assign``): the statistics count the
    # children placed by hand apart from those placed by category or by lottery.
    assigned_at = models.DateTimeField(_("assigned by the district at"), null=True, blank=True)
    # The 学籍 row the placed child was pre-registered as (or linked to, when the child
    # was already on a roll): set once, so a second run creates nothing.
    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("enrolment application")
        verbose_name_plural = _("enrolment applications")
        ordering = ["-submitted_at"]
        permissions = [("apply_application", _("Can apply for a school place for a child"))]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "idempotency_key"], name="enrolment_idempotent_submit"
            ),
            # One active application per child, year and sector, city-wide.
            models.UniqueConstraint(
                fields=["year", "child_index", "private"],
                condition=~models.Q(status="refused"),
                name="enrolment_one_active_per_child",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        # The staff's review page: what casework's case page links to as the case's subject
        # (a school or a district reading it). The family's own page is ``parent_url``.
        return reverse("enrolment:review_detail", args=[self.pk])

    def parent_url(self) -> str:
        return reverse("enrolment:application_detail", args=[self.pk])

    def masked(self, field: str) -> str:
        from edugov.engines.codes import mask_value

        return str(mask_value(self.personal_fields[field], getattr(self, field)))


class ApplicationDocument(ScopedModel):
    """A proof the parent uploaded (户口簿, 房产证, 租赁备案, 居住证): checked by
    ``core.files``, images re-encoded without EXIF, kept under MEDIA_ROOT (no URL
    serves it; the school reads it through a scoped download)."""

    scope_unit_field = "application__school"
    actions = {"own": Action(APPLY, Person("application__parent"))}

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("document"), max_length=40)
    name = models.CharField(_("file name"), max_length=200)
    path = models.CharField(max_length=300, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"
