"""The registry of off-campus training institutions (校外培训机构) as the national
platform holds it, kept in sync by re-import: the institution, its courses with their
dated lessons, and its staff (personal data: encrypted, masked)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.fields import EncryptedTextField
from edugov.core.scoping import ScopedModel
from edugov.engines.codes import mask_value


class Category(models.TextChoices):
    SUBJECT = "subject", _("Academic subjects (学科类)")
    NONSUBJECT = "nonsubject", _("Non-academic (非学科类)")


class Field(models.TextChoices):
    SUBJECT = "subject", _("Academic subjects")
    SPORTS = "sports", _("Sports (体育)")
    ARTS = "arts", _("Culture and arts (文化艺术)")
    TECH = "tech", _("Science and technology (科技)")


class Status(models.TextChoices):
    NORMAL = "normal", _("Operating (正常)")
    RECTIFY = "rectify", _("Under rectification (整改)")
    SUSPENDED = "suspended", _("Suspended (停业)")
    CANCELLED = "cancelled", _("Deregistered (注销)")


class Custody(models.TextChoices):
    BANK = "bank", _("Bank custody (银行托管)")
    GUARANTEE = "guarantee", _("Risk guarantee (风险保证金)")


class Institution(ScopedModel):
    """One licensed institution of the national platform's registry, in its district."""

    scope_unit_field = "district"
    # A dropdown of more than a person reads becomes this picker (core/autocomplete.py).
    picker = "training:institution_autocomplete"

    code = models.CharField(_("platform code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    licence_no = models.CharField(_("licence number"), max_length=60, blank=True, db_index=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    field = models.CharField(
        pgettext_lazy("training", "field"), max_length=16, choices=Field.choices
    )
    online = models.BooleanField(_("teaches online"), default=False)
    address = models.CharField(_("address"), max_length=300)
    district = models.ForeignKey(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NORMAL
    )
    custody = models.CharField(
        _("prepaid-fee account"), max_length=16, choices=Custody.choices, default=Custody.BANK
    )
    penalty = models.TextField(
        _("public penalty"), blank=True, help_text=_("Shown on the public lookup page.")
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("training institution")
        verbose_name_plural = _("training institutions")
        ordering = ["district__path", "name"]
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:institution_detail", args=[self.pk])

    @property
    def subject(self) -> bool:
        return self.category == Category.SUBJECT


class Course(ScopedModel):
    """A course an institution sells; its lessons are dated (``Session``) so that the
    time rules can be checked against the calendar."""

    scope_unit_field = "institution__district"

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="courses"
    )
    code = models.CharField(_("course code"), max_length=40)
    name = models.CharField(_("course"), max_length=200)
    online = models.BooleanField(_("online"), default=False)
    price = models.DecimalField(_("price per lesson (元)"), max_digits=10, decimal_places=2)

    class Meta(ScopedModel.Meta):
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["institution", "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="training_course_once")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.institution.get_absolute_url()


class Session(ScopedModel):
    """One scheduled lesson of a course."""

    scope_unit_field = "course__institution__district"

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "start"]

    def __str__(self) -> str:
        return f"{self.course} {self.date} {self.start:%H:%M}–{self.end:%H:%M}"

    def get_absolute_url(self) -> str:
        return self.course.institution.get_absolute_url()


class Qualification(models.TextChoices):
    TEACHER = "teacher", _("Teacher certificate (教师资格证)")
    SKILL = "skill", _("Professional certificate")
    NONE = "none", _("None")


class Staff(ScopedModel):
    """A member of an institution's staff (从业人员): personal data, encrypted and masked;
    never on the public lookup page."""

    scope_unit_field = "institution__district"
    personal_fields = {"name": "name", "phone": "phone", "certificate_no": "id"}

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="staff"
    )
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"), blank=True)
    qualification = models.CharField(
        _("qualification"), max_length=16, choices=Qualification.choices
    )
    certificate_no = EncryptedTextField(_("certificate number"), blank=True)
    teaches_subjects = models.BooleanField(_("teaches academic subjects"), default=False)
    in_service = models.BooleanField(
        _("in-service school teacher"),
        default=False,
        help_text=_("A serving school teacher may not teach for an institution."),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["institution", "pk"]

    def __str__(self) -> str:
        return str(mask_value("name", self.name))

    def get_absolute_url(self) -> str:
        return reverse("training:staff_edit", args=[self.pk])
