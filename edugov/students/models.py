"""The 学籍 registry: one row per student, owned by a school.

Personal data (name, ID number, 学籍号, guardian, phone, address) is stored encrypted
(``core.fields.EncryptedTextField``); the ID number and the 学籍号 also get a blind index
(``core.crypto.blind_index``) for duplicate detection and exact lookup. A G-type 学籍号
*is* "G" + the ID number, so it is personal data like the ID itself: encrypted, masked,
and never searched by prefix. Birth date and sex are derived from the ID when there is
one; "under 14" (PIPL: sensitive personal information) is computed from the birth date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.core.crypto import blind_index
from edugov.core.fields import EncryptedTextField
from edugov.core.relations import InScope, Person
from edugov.core.scoping import Action, ClassDimension, ScopedModel, ScopedQuerySet
from edugov.engines import codes
from edugov.engines.codes import mask_value

MINOR_AGE = 14  # PIPL art. 28/31: personal information of children under 14 is sensitive


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    SUSPENDED = "suspended", _("Suspended")
    TRANSFERRED = "transferred", _("Transferred out")
    GRADUATED = "graduated", _("Graduated")
    LEFT = "left", _("Left school")
    # A child placed by the enrolment (义务教育招生入学) for the coming school year, put on
    # the roll before the term starts; the school enrols them when they arrive.
    PRE_REGISTERED = "pre_registered", _("Pre-registered (new intake)")


def minor_cutoff(today: dt.date | None = None) -> dt.date:
    """Born strictly after this date means under 14 on ``today``."""
    today = today or clock.today()
    try:
        return today.replace(year=today.year - MINOR_AGE)
    except ValueError:  # 29 February: the birthday falls on the 28th that year
        return today.replace(year=today.year - MINOR_AGE, day=28)


def id_error_message(err: str) -> str:
    """The user's words for an ``engines.codes`` reason code; never echoes the value."""
    return {
        "length": _("An ID number has 18 characters."),
        "charset": _("An ID number is 17 digits and a digit or X."),
        "province": _("The ID number's region code is not valid."),
        "date": _("The ID number's birth date is not a real past date."),
        "checksum": _("The ID number's check character is wrong."),
    }.get(err, _("The ID number is not valid."))


# Worded so that they do not say whether, or where, the other record exists: the same
# words whether it is in the user's scope, in another district, or an index collision
# (finding L3). ``students.services.student_duplicates`` audits and rate-limits the hits.
DUPLICATE_MESSAGES = {
    "id_number": _(
        "This ID number cannot be registered. Please check with the education bureau above you."
    ),
    "student_number": _(
        "This student number cannot be registered. "
        "Please check with the education bureau above you."
    ),
}


def student_number_message(err: str) -> str:
    if err == "length":
        return _("A student number (学籍号) has 19 characters.")
    if err == "charset":
        return _("A student number starts with G, J or L followed by 18 letters or digits.")
    return _("A G student number is G followed by a valid ID number.")


def derived_fields(
    *,
    student_number: str,
    id_number: str,
    birth_date: dt.date | None,
    sex: str,
    today: dt.date | None = None,
) -> tuple[dict[str, object], dict[str, str]]:
    """Normalise and derive: the stored values, and errors per field.

    Shared by ``Student.clean`` and the importer so that re-importing an unchanged file
    compares equal and writes nothing. ``today`` is ``clock.today()`` unless given: the
    importer asks the clock once a chunk, not once a row.
    """
    errors: dict[str, str] = {}
    today = today or clock.today()
    number = codes.normalise_id_number(student_number or "")
    idn = codes.normalise_id_number(id_number or "")
    if number:
        err = codes.student_number_error(number, today=today)
        if err:
            errors["student_number"] = student_number_message(err)
        elif number[0] == "G":
            # A G number is the ID number itself: fill or check the ID from it.
            if not idn:
                idn = number[1:]
            elif idn != number[1:]:
                errors["id_number"] = _(
                    "The ID number differs from the one in the G student number."
                )
    if idn:
        err = codes.id_number_error(idn, today=today)
        if err:
            errors["id_number"] = id_error_message(err)
        else:
            born = codes.id_birth_date(idn)
            if birth_date and birth_date != born:
                errors["birth_date"] = _("The birth date differs from the one in the ID number.")
            birth_date = born
            id_sex = Sex.MALE if codes.id_is_male(idn) else Sex.FEMALE
            if sex and sex != id_sex:
                errors["sex"] = _("The sex differs from the one in the ID number.")
            sex = id_sex
    values = {
        "student_number": number,
        "id_number": idn,
        "birth_date": birth_date,
        "sex": sex or "",
        "student_number_index": blind_index(number, "student_number") if number else "",
        "id_number_index": blind_index(idn, "id") if idn else None,
    }
    return values, errors


class StudentQuerySet(ScopedQuerySet):
    def minors(self, today: dt.date | None = None):
        """Students under 14 on ``today`` (by the birth date from their ID)."""
        return self.filter(birth_date__gt=minor_cutoff(today))

    def on_roll(self):
        """Students in school now: not those transferred out, graduated or gone, nor the
        new intake pre-registered for the coming year (who count from the day they
        arrive). What a screening, a roster or a head count means by "our students"."""
        return self.filter(status=EnrolmentStatus.ENROLLED)


class Student(ScopedModel):
    """A student on a school's 学籍 roll. Personal fields are encrypted at rest and
    shown masked unless the viewer holds ``students.view_full_personal_data``."""

    scope_unit_field = "school"
    # A dropdown of more than a person reads becomes this picker (core/autocomplete.py).
    picker = "students:autocomplete"
    # A teacher reads the roll of the classes she teaches (core.scoping.ClassDimension).
    class_dimension = ClassDimension()
    # Reading a student's unmasked personal data: the permission, on a school in scope.
    actions = {"view_full": Action("students.view_full_personal_data", InScope("school"))}
    personal_fields = {
        "student_number": "id",
        "name": "name",
        "id_number": "id",
        "guardian_name": "name",
        "guardian_phone": "phone",
        "home_address": "text",
    }

    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="students",
        limit_choices_to={"kind": "school"},
    )
    student_number = EncryptedTextField(
        _("student number (学籍号)"),
        help_text=_("19 characters: G + ID number, J + generated number, or L + temporary number"),
    )
    student_number_index = models.CharField(max_length=64, unique=True, editable=False)
    name = EncryptedTextField(_("name"))
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_index = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, help_text=_("Taken from the ID number if any")
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    class_name = models.CharField(_("class"), max_length=30, blank=True)
    guardian_name = EncryptedTextField(_("guardian name"), blank=True)
    guardian_phone = EncryptedTextField(_("guardian phone"), blank=True)
    home_address = EncryptedTextField(_("home address"), blank=True)
    status = models.CharField(
        _("enrolment status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = models.Manager.from_queryset(StudentQuerySet)()

    class Meta(ScopedModel.Meta):
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school", "grade", "class_name", "pk"]
        indexes = [
            models.Index(fields=["school", "grade", "class_name"]),
            models.Index(fields=["birth_date"]),
            # The list's status filter and ``on_roll()``: counting a city's 1% suspended
            # students read all 1M rows (200 ms) without it.
            models.Index(fields=["status"]),
        ]
        permissions = [
            ("view_full_personal_data", _("Can view students' full personal data")),
            ("approve_export", _("Can approve exports of minors' personal data")),
        ]

    def __str__(self) -> str:
        # Masked: str() reaches audit object_repr, logs, admin and error pages.
        return f"{mask_value('name', self.name)} {mask_value('id', self.student_number)}"

    @property
    def is_minor_under_14(self) -> bool:
        return self.birth_date is not None and self.birth_date > minor_cutoff()

    def masked(self, field: str) -> object:
        return mask_value(self.personal_fields[field], getattr(self, field))

    def clean(self) -> None:
        errors = self.own_errors()
        others = Student.objects.exclude(pk=self.pk) if self.pk else Student.objects.all()
        # Duplicates are found through the blind index, city-wide: one child, one roll.
        # The message does not say where the other record is.
        if (
            "id_number" not in errors
            and self.id_number_index
            and others.filter(id_number_index=self.id_number_index).exists()
        ):
            errors["id_number"] = DUPLICATE_MESSAGES["id_number"]
        if (
            "student_number" not in errors
            and self.student_number_index
            and others.filter(student_number_index=self.student_number_index).exists()
        ):
            errors["student_number"] = DUPLICATE_MESSAGES["student_number"]
        if errors:
            raise ValidationError(errors)

    def own_errors(self, *, derive: bool = True, today: dt.date | None = None) -> dict[str, Any]:
        """The checks of ``clean`` that need no query: derived fields and the birth
        date. An import runs these per row and the duplicate checks per chunk; its
        ``resolve`` has already derived the fields (``derive=False``) and gives the day
        it took once for the chunk (``today``, else ``clock.today()``)."""
        today = today or clock.today()
        errors: dict[str, Any] = {}
        if derive:
            values, errors = derived_fields(
                student_number=self.student_number,
                id_number=self.id_number,
                birth_date=self.birth_date,
                sex=self.sex,
                today=today,
            )
            for name, value in values.items():
                setattr(self, name, value)
        if self.school_id and self.school.kind != "school":
            errors["school"] = _("A student belongs to a school.")
        if not self.birth_date and "birth_date" not in errors:
            errors["birth_date"] = _("A birth date is required when there is no ID number.")
        elif self.birth_date and not (dt.date(1950, 1, 1) <= self.birth_date <= today):
            errors["birth_date"] = _("The birth date is out of range.")
        return errors

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("students:student_detail", args=[self.pk])


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DOWNLOADED = "downloaded", _("Downloaded")


class ExportApproval(ScopedModel):
    """A request to export students' data that includes children under 14 (PIPL):
    approved by someone else holding ``students.approve_export`` in the same or a
    higher scope, then downloadable once by the requester, watermarked."""

    scope_unit_field = "unit"
    actions = {
        # Someone else, holding the approval permission, whose scope holds the requester's
        # unit (the same unit or a higher one): never the requester.
        "approve": Action("students.approve_export", InScope("unit") & ~Person("requested_by")),
        # Only the requester downloads, and only with the export permission.
        # (and only while the requester's scope still holds the approval's unit).
        "download": Action("students.export_student", Person("requested_by") & InScope("unit")),
    }

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # Kept whole: a query cut short loses its filters, and the download would hold rows
    # nobody approved (finding M1).
    query = models.TextField(_("filter"), blank=True)
    file_format = models.CharField(_("format"), max_length=4, default="xlsx")
    full = models.BooleanField(_("unmasked"), default=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    minor_count = models.PositiveIntegerField(_("students under 14"), default=0)
    # SHA-256 over the ids of the rows the approver saw: the download must hold exactly
    # these, however the query is re-read or the registry has changed since.
    row_digest = models.CharField(_("digest of the approved rows"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("export approval")
        verbose_name_plural = _("export approvals")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.requested_by.username} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("students:approval_detail", args=[self.pk])


class TeachingRole(models.TextChoices):
    HEAD = "head", _("class teacher (班主任)")
    SUBJECT = "subject", _("subject teacher (任课教师)")


class ClassAssignment(ScopedModel):
    """A user teaching one class of her school (as the roll names it: grade and class),
    as its 班主任 or a 任课教师. Recorded by the school; read by the scoping mechanism,
    which holds a class-bound role (the teacher) to these classes on every model that
    declares a class dimension (``core.scoping.ClassDimension``).

    The link is to the account, not to the registry's ``teachers.Teacher``: scope is a
    user's, and the registry row has no account of its own."""

    scope_unit_field = "school"
    choice_rules = {"user": "edugov.students.classes.assignable_users"}

    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "school"},
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    class_name = models.CharField(_("class"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher's account"),
        on_delete=models.CASCADE,
        related_name="class_assignments",
    )
    role = models.CharField(
        _("teaching role"), max_length=8, choices=TeachingRole.choices, default=TeachingRole.SUBJECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("class assignment")
        verbose_name_plural = _("class assignments")
        ordering = ["school", "grade", "class_name", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "grade", "class_name"], name="students_class_once"
            ),
            # A class has one 班主任.
            models.UniqueConstraint(
                fields=["school", "grade", "class_name"],
                condition=models.Q(role="head"),
                name="students_one_head_teacher",
            ),
        ]
        indexes = [models.Index(fields=["user"])]

    def __str__(self) -> str:
        return f"{self.grade}年级{self.class_name} {self.user} {self.get_role_display()}"

    def clean(self) -> None:
        if self.user_id and self.school_id and self.user.unit_id != self.school_id:
            raise ValidationError({"user": _("The teacher's account belongs to another unit.")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("students:class_detail", args=[self.pk])
