"""The organisation tree: city → district/zone → school, with departments under the city.

A parent foreign key plus a stored materialised path of primary keys ("/1/4/310/"):
scoping is a single indexed ``path LIKE '/1/4/%'`` and the tree is shallow (four levels),
so nothing heavier (mptt, closure tables) earns its keep.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core.relations import InScope
from edugov.core.scoping import Action, ScopedModel
from edugov.engines import codes

from .validators import code_error_message


class UnitKind(models.TextChoices):
    CITY = "city", _("City bureau")
    DISTRICT = "district", _("District / county")
    ZONE = "zone", _("Functional zone")
    DEPARTMENT = "department", _("Department")
    SCHOOL = "school", _("School")


class InstitutionType(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    COMPLETE_SECONDARY = "complete_secondary", _("Complete secondary school")
    SENIOR = "senior", _("Senior secondary school")
    VOCATIONAL = "vocational", _("Vocational school")
    SPECIAL = "special", _("Special education school")
    TEACHING_POINT = "teaching_point", _("Teaching point")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class UrbanRural(models.TextChoices):
    URBAN = "urban", _("Urban")
    TOWN = "town", _("Town")
    RURAL = "rural", _("Rural")


# 学校标识码 category digits each institution type may carry (DOMAIN.md §2).
SCHOOL_CODE_CATEGORIES: dict[str, set[str]] = {
    InstitutionType.KINDERGARTEN: {"11"},
    InstitutionType.PRIMARY: {"21"},
    InstitutionType.TEACHING_POINT: {"21"},
    InstitutionType.JUNIOR: {"31"},
    InstitutionType.NINE_YEAR: {"21", "31"},
    InstitutionType.COMPLETE_SECONDARY: {"34"},
    InstitutionType.SENIOR: {"34"},
    InstitutionType.VOCATIONAL: {"36"},
    InstitutionType.SPECIAL: {"51"},
}

# Which kinds may sit under which: the tree's grammar.
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    UnitKind.CITY: {None},
    UnitKind.DISTRICT: {UnitKind.CITY},
    UnitKind.ZONE: {UnitKind.CITY},
    UnitKind.DEPARTMENT: {UnitKind.CITY},
    # 局属学校 hang directly under the city bureau.
    UnitKind.SCHOOL: {UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE},
}


class Unit(ScopedModel):
    """One node of the organisation: the city bureau, a district bureau, a functional
    zone's education office, a bureau department (科室), or an institution."""

    scope_unit_field = ""
    # A form's dropdown of more units than a person reads (a city-wide user's ~1,800
    # schools) becomes this scoped autocomplete (``core.views.narrow_form_fields``).
    picker = "org:unit_autocomplete"

    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("GB/T 2260 for districts, 学校标识码 for schools, internal otherwise"),
    )
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    legal_district = models.ForeignKey(
        "self",
        verbose_name=_("legal district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a functional zone: the legal district it lies in"),
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, db_index=True
    )
    institution_type = models.CharField(
        _("institution type"), max_length=24, choices=InstitutionType.choices, blank=True
    )
    ownership = models.CharField(
        _("ownership"), max_length=8, choices=Ownership.choices, blank=True
    )
    inclusive = models.BooleanField(
        _("inclusive (普惠)"),
        default=False,
        help_text=_("Private kindergartens recognised as 普惠性"),
    )
    urban_rural = models.CharField(
        _("urban / rural"), max_length=8, choices=UrbanRural.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    enrolment = models.PositiveIntegerField(_("students enrolled"), default=0)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # A capability, not a name: renaming the 督导室 must not change who supervises. The
    # security admin grants it (accounts' supervision page); seeds and the migration
    # that introduced it give it to the bureaus and to the 办公室 and 督导室.
    actions = {
        # The security admin grants or withdraws the supervising power.
        "grant_supervision": Action("org.manage_supervision", InScope()),
    }

    supervises = models.BooleanField(
        _("supervising power (督办)"),
        default=False,
        help_text=_("Members may issue 督办单 and strike off tasks of units in their scope."),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        permissions = [("manage_supervision", "Can grant or withdraw the supervising power")]
        indexes = [models.Index(fields=["kind", "path"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="school") | ~models.Q(institution_type=""),
                name="org_school_has_type",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # The tree ------------------------------------------------------------------

    def scope_root(self) -> Unit:
        """The subtree a member of this unit works in: a department works city-wide."""
        if self.kind == UnitKind.DEPARTMENT and self.parent_id:
            return self.parent
        return self

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def district(self) -> Unit | None:
        """The district or zone a unit belongs to (itself for a district)."""
        if self.kind in (UnitKind.DISTRICT, UnitKind.ZONE):
            return self
        ids = self.ancestor_ids()[:-1]
        return Unit.objects.filter(pk__in=ids, kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]).first()

    # Validation ----------------------------------------------------------------

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(field: str, msg: str) -> None:
            errors.setdefault(field, []).append(msg)

        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind not in ALLOWED_PARENTS.get(self.kind, set()):
            add(
                "parent",
                _("A %(kind)s cannot sit under this parent.") % {"kind": self.get_kind_display()},
            )
        if self.pk and self.parent_id and str(self.pk) in self.parent.ancestor_ids_str():
            add("parent", _("A unit cannot be moved under itself."))

        if self.kind in (UnitKind.CITY, UnitKind.DISTRICT):
            err = codes.admin_code_error(self.code)
            if err:
                add("code", code_error_message("admin", err))
        if self.kind == UnitKind.SCHOOL:
            err = codes.school_code_error(self.code)
            if err:
                add("code", code_error_message("school", err))
            elif self.institution_type and self.code[:2] not in SCHOOL_CODE_CATEGORIES.get(
                self.institution_type, set()
            ):
                add("code", _("The code's category digits do not match the institution type."))
            if not self.institution_type:
                add("institution_type", _("A school needs an institution type."))
            if not self.ownership:
                add("ownership", _("A school needs an ownership."))
        else:
            for field in ("institution_type", "ownership"):
                if getattr(self, field):
                    add(field, _("Only schools have this field."))
        if self.inclusive and not (
            self.institution_type == InstitutionType.KINDERGARTEN
            and self.ownership == Ownership.PRIVATE
        ):
            add("inclusive", _("Only private kindergartens can be recognised as 普惠."))
        if self.kind == UnitKind.ZONE:
            if not self.legal_district_id or self.legal_district.kind != UnitKind.DISTRICT:
                add("legal_district", _("A functional zone needs the legal district it lies in."))
        elif self.legal_district_id:
            add("legal_district", _("Only functional zones have a legal district."))
        if self.credit_code:
            err = codes.credit_code_error(self.credit_code)
            if err:
                add("credit_code", code_error_message("credit", err))
            elif self.ownership == Ownership.PUBLIC and not self.credit_code.startswith("12"):
                add("credit_code", _("A public institution's credit code starts with 12."))
            elif self.ownership == Ownership.PRIVATE and self.credit_code[:2] not in ("52", "91"):
                add("credit_code", _("A private school's credit code starts with 52 or 91."))
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            add("closed_on", _("A unit cannot close before it opens."))
        if errors:
            raise ValidationError(errors)

    def ancestor_ids_str(self) -> list[str]:
        return [p for p in self.path.strip("/").split("/") if p]


def _unit_url(self) -> str:
    from django.urls import reverse

    return reverse("org:unit_detail", args=[self.pk])


Unit.get_absolute_url = _unit_url
