"""The private school's file. The institution itself is an ``org.Unit`` (ownership
private, its GB 32100 credit code checked there); this file adds what the supervising
bureau holds about it. Changes to the file are kept as dated ``FileChange`` rows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core import clock
from edugov.core.fields import EncryptedTextField
from edugov.core.relations import Below
from edugov.core.scoping import Action, ScopedModel
from edugov.engines.codes import mask_value

# Stages whose private schools may not trade with related parties (实施条例 2021 Art.45).
COMPULSORY_TYPES = ("primary", "junior", "nine_year", "teaching_point")


class ProfitType(models.TextChoices):
    NON_PROFIT = "non_profit", _("Non-profit")
    FOR_PROFIT = "for_profit", _("For-profit")


class SchoolStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing (筹设)")
    LICENSED = "licensed", _("Licensed")
    CLOSED = "closed", _("Closed (终止)")


class PrivateSchool(ScopedModel):
    """A 民办 institution's file: licence, legal-person registration, capacity, tuition
    account, 章程. One per ``org.Unit`` of private ownership."""

    scope_unit_field = "school"
    personal_fields = {"account_number": "text"}
    actions = {
        # Approvals are registered (受理) and risk is assessed by a bureau above the school.
        "apply": Action("change", Below("school")),
        "assess": Action("change", Below("school")),
    }

    school = models.OneToOneField(
        "org.Unit", on_delete=models.PROTECT, related_name="private_file", verbose_name=_("school")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SchoolStatus.choices, default=SchoolStatus.LICENSED
    )
    profit_type = models.CharField(_("profit type"), max_length=12, choices=ProfitType.choices)
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    licence_scope = models.CharField(_("licence scope"), max_length=200, blank=True)
    licence_valid_from = models.DateField(_("licence valid from"), null=True, blank=True)
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)
    registered_on = models.DateField(_("legal person registered on"), null=True, blank=True)
    registration_authority = models.CharField(
        _("registration authority"), max_length=100, blank=True
    )
    approved_capacity = models.PositiveIntegerField(_("approved capacity"), default=0)
    account_bank = models.CharField(_("tuition account bank"), max_length=100, blank=True)
    account_number = EncryptedTextField(_("tuition account number"), blank=True)
    account_supervised = models.BooleanField(_("tuition account supervised"), default=False)
    charter_approved_on = models.DateField(_("charter approved on"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("private school")
        verbose_name_plural = _("private schools")
        ordering = ("school__path",)

    def __str__(self) -> str:
        return self.school.name

    def get_absolute_url(self) -> str:
        return reverse("private:school_detail", args=[self.pk])

    def masked(self, field: str) -> str:
        return mask_value(self.personal_fields[field], getattr(self, field))

    @property
    def licence_expired(self) -> bool:
        return self.status == SchoolStatus.LICENSED and (
            self.licence_valid_until is None or self.licence_valid_until < clock.today()
        )

    def clean(self) -> None:
        errors = {}
        if self.school_id:
            school = self.school
            if school.kind != "school" or school.ownership != "private":
                errors["school"] = _("Only a private institution has a private-school file.")
            elif not school.credit_code:
                # org checks the code (GB 32100, prefix 52/91); a file needs one at all.
                errors["school"] = _(
                    "Record the school's unified social credit code in the registry first."
                )
        if (
            self.licence_valid_from
            and self.licence_valid_until
            and self.licence_valid_until < self.licence_valid_from
        ):
            errors["licence_valid_until"] = _("The licence ends before it starts.")
        if self.status == SchoolStatus.LICENSED and not (
            self.licence_number and self.licence_valid_until
        ):
            errors["licence_number"] = _("A licensed school needs a licence number and validity.")
        if errors:
            raise ValidationError(errors)


class Founder(ScopedModel):
    """A 举办者: a person (ID number and phone are personal data, encrypted and masked)
    or an organisation (its credit code)."""

    scope_unit_field = "file__school"
    personal_fields = {"id_number": "id", "phone": "phone"}

    file = models.ForeignKey(
        PrivateSchool, on_delete=models.CASCADE, related_name="founders", verbose_name=_("school")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    is_organisation = models.BooleanField(_("organisation"), default=False)
    id_number = EncryptedTextField(_("ID number or credit code"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("founder")
        verbose_name_plural = _("founders")
        ordering = ("file", "pk")

    def __str__(self) -> str:
        return self.name if self.is_organisation else mask_value("name", self.name)

    def get_absolute_url(self) -> str:
        return self.file.get_absolute_url()

    def masked(self, field: str) -> str:
        return mask_value(self.personal_fields[field], getattr(self, field))


class FeeFiling(ScopedModel):
    """A 收费备案: one fee item filed for a school year."""

    scope_unit_field = "file__school"

    file = models.ForeignKey(
        PrivateSchool, on_delete=models.CASCADE, related_name="fees", verbose_name=_("school")
    )
    year = models.PositiveSmallIntegerField(_("school year"))
    item = models.CharField(_("fee item"), max_length=100)
    amount = models.DecimalField(_("amount (元)"), max_digits=10, decimal_places=2)
    period = models.CharField(_("charged per"), max_length=20, default="学期")
    filed_on = models.DateField(_("filed on"))
    filing_number = models.CharField(_("filing number"), max_length=60, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("fee filing")
        verbose_name_plural = _("fee filings")
        ordering = ("file", "-year", "item")

    def __str__(self) -> str:
        return f"{self.year} {self.item}"

    def get_absolute_url(self) -> str:
        return self.file.get_absolute_url()


class RelatedPartyTransaction(ScopedModel):
    """A 关联交易 disclosure. A compulsory-stage school may not trade with a related party
    at all (实施条例 2021 Art.45), so its disclosure is refused."""

    scope_unit_field = "file__school"

    file = models.ForeignKey(
        PrivateSchool,
        on_delete=models.CASCADE,
        related_name="related_party_transactions",
        verbose_name=_("school"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    party = models.CharField(_("related party"), max_length=100)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount (元)"), max_digits=12, decimal_places=2)
    disclosed_on = models.DateField(_("disclosed on"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("related-party transaction")
        verbose_name_plural = _("related-party transactions")
        ordering = ("file", "-year")

    def __str__(self) -> str:
        return f"{self.year} {self.party}"

    def get_absolute_url(self) -> str:
        return self.file.get_absolute_url()

    def clean(self) -> None:
        if self.file_id and self.file.school.institution_type in COMPULSORY_TYPES:
            raise ValidationError(
                _(
                    "A private compulsory-education school may not trade with related "
                    "parties (实施条例 Art.45)."
                )
            )


class FileChange(ScopedModel):
    """One dated change of a file's field, like the registry's institution history."""

    scope_unit_field = "file__school"

    file = models.ForeignKey(PrivateSchool, on_delete=models.CASCADE, related_name="changes")
    effective_on = models.DateField(_("effective on"))
    field = models.CharField(_("field"), max_length=40)
    old = models.CharField(_("before"), max_length=200, blank=True)
    new = models.CharField(_("after"), max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("file change")
        verbose_name_plural = _("file changes")
        ordering = ("file", "-effective_on", "-pk")

    def __str__(self) -> str:
        return f"{self.effective_on} {self.field}"

    def get_absolute_url(self) -> str:
        return self.file.get_absolute_url()


class Placement(ScopedModel):
    """Where the students of a closing school go: a number of students of a grade, placed
    in a receiving school (in the city, or named when outside it)."""

    scope_unit_field = "file__school"

    file = models.ForeignKey(
        PrivateSchool, on_delete=models.CASCADE, related_name="placements", verbose_name=_("school")
    )
    grade = models.CharField(_("grade"), max_length=20)
    students = models.PositiveIntegerField(_("students"), validators=[MinValueValidator(1)])
    receiving_school = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving school"),
    )
    receiving_name = models.CharField(
        _("receiving school outside the city"), max_length=100, blank=True
    )
    placed_on = models.DateField(_("placed on"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("student placement")
        verbose_name_plural = _("student placements")
        ordering = ("file", "grade")

    def __str__(self) -> str:
        return f"{self.grade} {self.students}"

    def get_absolute_url(self) -> str:
        return self.file.get_absolute_url()

    def clean(self) -> None:
        if not self.receiving_school_id and not self.receiving_name.strip():
            raise ValidationError(
                {"receiving_school": _("Name the school that receives the students.")}
            )
