"""The teacher registry: one row per teacher (as the national 全国教师管理信息系统 holds
them), owned by her school, and the history of what changed (moves, titles, backbone
levels, awards, rotations).

Identity is personal data, handled exactly as the 学籍 roll handles it
(``students.models``): the ID number is encrypted, found and de-duplicated through a
blind index, shown masked; its checks and messages are the roll's (``derived_fields``,
``id_error_message``), not a copy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core import clock
from edugov.core.crypto import blind_index
from edugov.core.fields import EncryptedTextField
from edugov.core.relations import InScope
from edugov.core.scoping import Action, ScopedModel
from edugov.engines import codes
from edugov.engines.codes import mask_value
from edugov.students.models import Sex, id_error_message


class Subject(models.TextChoices):
    """任教学科, as the 教基4155 columns name them (the curriculum's subjects)."""

    CHINESE = "chinese", _("Chinese (语文)")
    MATHS = "maths", _("Mathematics (数学)")
    ENGLISH = "english", _("English (英语)")
    MORALITY = "morality", _("Morality and law (道德与法治)")
    HISTORY = "history", _("History (历史)")
    GEOGRAPHY = "geography", _("Geography (地理)")
    PHYSICS = "physics", _("Physics (物理)")
    CHEMISTRY = "chemistry", _("Chemistry (化学)")
    BIOLOGY = "biology", _("Biology (生物学)")
    SCIENCE = "science", _("Science (科学)")
    IT = "it", _("Information technology (信息科技)")
    PE = "pe", _("PE and health (体育与健康)")
    MUSIC = "music", _("Music (音乐)")
    ART = "art", _("Art (美术)")
    PSYCHOLOGY = "psychology", _("Mental health (心理健康)")


class PostType(models.TextChoices):
    """编制: on the county's establishment or not (县管校聘 counts the first)."""

    ESTABLISHED = "established", _("On establishment (在编)")
    CONTRACT = "contract", _("Contract (非在编)")


class Title(models.TextChoices):
    """职称 (专业技术职务), the 教基4153 rows."""

    SENIOR = "senior", _("Senior (正高级)")
    VICE_SENIOR = "vice_senior", _("Vice-senior (副高级)")
    INTERMEDIATE = "intermediate", _("Intermediate (中级)")
    ASSISTANT = "assistant", _("Assistant (助理级)")
    JUNIOR = "junior", _("Junior (员级)")
    NONE = "none", _("Not rated (未定职级)")


class Backbone(models.TextChoices):
    """骨干教师 level. "County level or above" is what the 优质均衡 indicator counts."""

    NONE = "", _("Not a backbone teacher")
    COUNTY = "county", _("County backbone (县级骨干)")
    CITY = "city", _("City backbone (市级骨干)")
    LEADER = "leader", _("Subject leader (学科带头人)")
    MASTER = "master", _("Master teacher (名师)")


class Qualification(models.TextChoices):
    """教师资格证 by stage."""

    KINDERGARTEN = "kindergarten", _("Kindergarten (幼儿园)")
    PRIMARY = "primary", _("Primary (小学)")
    JUNIOR = "junior", _("Junior secondary (初级中学)")
    SENIOR = "senior", _("Senior secondary (高级中学)")
    VOCATIONAL = "vocational", _("Vocational (中职)")
    NONE = "", _("None")


class Exemption(models.TextChoices):
    """Why a teacher who has served long enough does not rotate this year (recorded with
    a reason; near retirement is computed from the birth date, never recorded)."""

    NONE = "", _("None")
    PREGNANT = "pregnant", _("Pregnant or nursing")
    ILLNESS = "illness", _("Serious illness")
    FAMILY = "family", _("Family hardship")
    OTHER = "other", _("Other (see the reason)")


class TeacherStatus(models.TextChoices):
    ACTIVE = "active", _("In post")
    RETIRED = "retired", _("Retired")
    LEFT = "left", _("Left")


DUPLICATE_ID_MESSAGE = _(
    "This ID number cannot be registered. Please check with the education bureau above you."
)


def identity_fields(id_number: str) -> tuple[dict[str, Any], str]:
    """The stored ID, birth date, sex and blind index from an ID number, or the roll's
    message for a bad one (never the value)."""
    idn = codes.normalise_id_number(id_number or "")
    if not idn:
        return {}, str(_("An ID number has 18 characters."))
    err = codes.id_number_error(idn, today=clock.today())
    if err:
        return {}, str(id_error_message(err))
    return {
        "id_number": idn,
        "id_number_index": blind_index(idn, "id"),
        "birth_date": codes.id_birth_date(idn),
        "sex": Sex.MALE if codes.id_is_male(idn) else Sex.FEMALE,
    }, ""


class Teacher(ScopedModel):
    """A teacher of a school: identity (encrypted), post, subjects, title, backbone
    level, years at the school, qualification, and what rotation must know (exemption,
    the farthest she is willing to travel)."""

    scope_unit_field = "school"
    # A dropdown of more than a person reads becomes this picker (core/autocomplete.py).
    picker = "teachers:autocomplete"
    actions = {"view_full": Action("teachers.view_full_personal_data", InScope("school"))}
    personal_fields = {"name": "name", "id_number": "id"}

    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="teachers",
        limit_choices_to={"kind": "school"},
    )
    name = EncryptedTextField(pgettext_lazy("person", "name"))
    id_number = EncryptedTextField(_("ID number"))
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, editable=False)
    # Indexed: the teacher picker finds a teacher by it (teachers/autocomplete.py).
    staff_number = models.CharField(
        _("staff number (教职工号)"), max_length=30, blank=True, db_index=True
    )
    post_type = models.CharField(_("establishment (编制)"), max_length=12, choices=PostType.choices)
    subject = models.CharField(_("main subject"), max_length=12, choices=Subject.choices)
    other_subjects = models.JSONField(_("other subjects"), default=list, blank=True)
    title = models.CharField(_("professional title"), max_length=14, choices=Title.choices)
    backbone = models.CharField(
        _("backbone level"), max_length=8, choices=Backbone.choices, blank=True
    )
    qualification = models.CharField(
        _("teacher's certificate (教师资格证)"),
        max_length=14,
        choices=Qualification.choices,
        blank=True,
    )
    joined_school_on = models.DateField(_("at this school since"))
    free_normal_student = models.BooleanField(_("公费师范生"), default=False)
    exemption = models.CharField(
        _("rotation exemption"), max_length=10, choices=Exemption.choices, blank=True
    )
    exemption_reason = models.CharField(_("exemption reason"), max_length=200, blank=True)
    max_commute_km = models.PositiveSmallIntegerField(
        _("farthest commute accepted (km)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=8, choices=TeacherStatus.choices, default=TeacherStatus.ACTIVE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["school", "subject", "pk"]
        indexes = [models.Index(fields=["school", "subject"])]
        permissions = [("view_full_personal_data", _("Can view teachers' full personal data"))]

    def __str__(self) -> str:
        # Masked: str() reaches audit object_repr, logs and error pages.
        return f"{mask_value('name', self.name)} {mask_value('id', self.id_number)}"

    def masked(self, field: str) -> object:
        return mask_value(self.personal_fields[field], getattr(self, field))

    @property
    def is_backbone(self) -> bool:
        return bool(self.backbone)

    def years_at_school(self, on: dt.date | None = None) -> int:
        """Whole years at this school on ``on`` (today)."""
        on = on or clock.today()
        j = self.joined_school_on
        return on.year - j.year - ((on.month, on.day) < (j.month, j.day))

    @property
    def years(self) -> int:
        return self.years_at_school()

    def own_errors(self) -> dict[str, Any]:
        """The checks that need no query (the import runs them per row)."""
        errors: dict[str, Any] = {}
        if self.school_id and self.school.kind != "school":
            errors["school"] = _("A teacher belongs to a school.")
        if self.joined_school_on and not (
            dt.date(1960, 1, 1) <= self.joined_school_on <= clock.today()
        ):
            errors["joined_school_on"] = _("The date is not a real past date.")
        bad = [s for s in self.other_subjects or [] if s not in Subject.values]
        if bad:
            errors["other_subjects"] = _("A subject is not in the list.")
        if self.exemption and not self.exemption_reason.strip():
            errors["exemption_reason"] = _("An exemption needs its reason.")
        return errors

    def clean(self) -> None:
        values, err = identity_fields(self.id_number)
        errors = self.own_errors()
        if err:
            errors["id_number"] = err
        else:
            for k, v in values.items():
                setattr(self, k, v)
            others = Teacher.objects.exclude(pk=self.pk) if self.pk else Teacher.objects.all()
            if others.filter(id_number_index=self.id_number_index).exists():
                errors["id_number"] = DUPLICATE_ID_MESSAGE
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("teachers:teacher_detail", args=[self.pk])


class EventKind(models.TextChoices):
    MOVE = "move", _("Moved school")
    TITLE = "title", _("Title changed")
    BACKBONE = "backbone", _("Backbone level changed")
    AWARD = "award", _("Award")
    ROTATION = "rotation", _("Rotation (交流轮岗)")


class TeacherEvent(ScopedModel):
    """One change in a teacher's career, kept after the registry row has moved on: the
    history the registry itself overwrites (school, title, backbone level)."""

    scope_unit_field = "teacher__school"

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    on = models.DateField(_("date"))
    before = models.CharField(_("before"), max_length=100, blank=True)
    after = models.CharField(_("after"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("teacher history event")
        verbose_name_plural = _("teacher history events")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"
