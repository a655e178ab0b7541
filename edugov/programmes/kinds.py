"""The programme kinds and each kind's few extra fields: one declared registry.

A programme of any kind has the common fields of ``Programme``; what only one kind has
(a 专业's industry, a competition's level) is declared here as ``ExtraField``s, stored
in ``Programme.extra`` and validated by ``clean_extra`` on every save (form, import,
API, demo all go through ``Programme.clean``). The form and the detail page read the
same declaration, so a new field is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeKind(models.TextChoices):
    MORAL = "moral", _("Moral and ideological education (思政/德育)")
    ARTS = "arts", _("Arts festival and aesthetic education (艺术节/美育)")
    LABOUR = "labour", _("Labour education base (劳动教育)")
    COMPETITION = "competition", _("Science or defence-education competition (科技/国防教育)")
    RESEARCH = "research", _("Teaching research project or lesson case (教研)")
    PAIRING = "pairing", _("County high-school pairing (县中托管帮扶)")
    FEATURED = "featured", _("Distinctive high-school programme (特色高中)")
    VOCATIONAL = "vocational", _("Vocational major (职业教育专业设置)")
    INNOVATION = "innovation", _("Innovation or research project")
    PARTY = "party", _("Party building (党建)")


# The work-plan points each kind serves (the Nanchang 2023 工作要点's numbering): the
# demo links a programme to a task of these points, and the docs name them.
KIND_POINTS: dict[str, tuple[int, ...]] = {
    ProgrammeKind.MORAL: (10,),
    ProgrammeKind.ARTS: (13,),
    ProgrammeKind.LABOUR: (14,),
    ProgrammeKind.COMPETITION: (15,),
    ProgrammeKind.RESEARCH: (11, 24, 8),
    ProgrammeKind.PAIRING: (7,),
    ProgrammeKind.FEATURED: (7,),
    ProgrammeKind.VOCATIONAL: (8,),
    ProgrammeKind.INNOVATION: (19,),
    ProgrammeKind.PARTY: (1, 2, 3),
}

LEVELS = (
    ("school", _("school level")),
    ("district", _("district level")),
    ("city", _("city level")),
    ("province", _("provincial level")),
    ("national", _("national level")),
)

TRUE_WORDS = {"true", "1", "yes", "y", "是", "有"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "无", ""}


@dataclass(frozen=True)
class ExtraField:
    """One extra field of a kind: ``type`` is text, int (a whole number ≥ 0), bool or
    choice (one of ``choices``' values)."""

    name: str
    label: str | Promise
    type: str = "text"
    required: bool = False
    choices: tuple[tuple[str, Any], ...] = ()
    max_length: int = 200

    def parse(self, value: Any) -> Any:
        """The stored value of ``value`` (a form's, a cell's or the API's), or raise
        ``ValueError`` with the reason."""
        if self.type == "int":
            if isinstance(value, bool):
                raise ValueError(_("expected a whole number"))
            text = str(value).strip()
            if not text.isdigit():
                raise ValueError(_("expected a whole number"))
            return int(text)
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            word = str(value).strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValueError(_("expected yes (是) or no (否)"))
        text = str(value).strip()
        if self.type == "choice":
            for code, label in self.choices:
                if text in (code, str(label)):
                    return code
            raise ValueError(
                _("not one of: %(options)s")
                % {"options": "、".join(str(label) for _c, label in self.choices)}
            )
        if len(text) > self.max_length:
            raise ValueError(_("at most %(n)d characters") % {"n": self.max_length})
        return text

    def empty(self, value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def display(self, value: Any) -> Any:
        if self.type == "choice":
            return dict(self.choices).get(value, value)
        if self.type == "bool":
            return _("yes") if value else _("no")
        return value

    def form_field(self) -> forms.Field:
        if self.type == "int":
            return forms.IntegerField(label=self.label, required=self.required, min_value=0)
        if self.type == "bool":
            return forms.BooleanField(label=self.label, required=False)
        if self.type == "choice":
            blank = [] if self.required else [("", "---------")]
            return forms.ChoiceField(
                label=self.label, required=self.required, choices=[*blank, *self.choices]
            )
        return forms.CharField(label=self.label, required=self.required, max_length=self.max_length)


KIND_FIELDS: dict[str, tuple[ExtraField, ...]] = {
    ProgrammeKind.MORAL: (
        ExtraField(
            "form",
            pgettext_lazy("programme", "form"),
            "choice",
            required=True,
            choices=(("activity", _("activity")), ("base", _("education base"))),
        ),
        ExtraField("theme", _("theme")),
    ),
    ProgrammeKind.ARTS: (
        ExtraField(
            "art_form",
            _("art form"),
            "choice",
            required=True,
            choices=(
                ("music", _("music")),
                ("dance", _("dance")),
                ("drama", _("drama")),
                ("fine_arts", _("fine arts")),
                ("calligraphy", _("calligraphy")),
                ("recitation", _("recitation")),
                ("other", _("other")),
            ),
        ),
        ExtraField("level", pgettext_lazy("programme", "level"), "choice", choices=LEVELS),
    ),
    ProgrammeKind.LABOUR: (
        ExtraField("area_sqm", _("area (m²)"), "int"),
        ExtraField("capacity", _("students per session"), "int"),
    ),
    ProgrammeKind.COMPETITION: (
        ExtraField(
            "field",
            pgettext_lazy("programme", "field"),
            "choice",
            required=True,
            choices=(
                ("science", _("science and technology")),
                ("defence", _("national defence education")),
            ),
        ),
        ExtraField("level", pgettext_lazy("programme", "level"), "choice", choices=LEVELS),
    ),
    ProgrammeKind.RESEARCH: (
        ExtraField(
            "form",
            pgettext_lazy("programme", "form"),
            "choice",
            required=True,
            choices=(("project", _("research project")), ("lesson_case", _("lesson case"))),
        ),
        ExtraField("subject", _("subject"), max_length=50),
    ),
    ProgrammeKind.PAIRING: (
        ExtraField(
            "mode",
            _("mode"),
            "choice",
            required=True,
            choices=(
                ("trusteeship", _("trusteeship (托管)")),
                ("assistance", _("assistance (帮扶)")),
            ),
        ),
        ExtraField("term_years", _("term (years)"), "int"),
    ),
    ProgrammeKind.FEATURED: (
        ExtraField(
            "feature",
            _("feature"),
            "choice",
            required=True,
            choices=(
                ("science", _("science and technology")),
                ("humanities", _("humanities")),
                ("arts", _("arts")),
                ("sports", _("sports")),
                ("languages", _("foreign languages")),
            ),
        ),
    ),
    ProgrammeKind.VOCATIONAL: (
        ExtraField("major_code", _("major code (专业代码)"), required=True, max_length=20),
        ExtraField("industry", _("industry served"), required=True, max_length=100),
        ExtraField("pipeline_3_2", _("3+2 pipeline"), "bool"),
        ExtraField("partner_college", _("partner college (3+2)"), max_length=100),
    ),
    ProgrammeKind.INNOVATION: (
        ExtraField("field", pgettext_lazy("programme", "field"), max_length=100),
        ExtraField("funding_yuan", _("funding (元)"), "int"),
    ),
    ProgrammeKind.PARTY: (
        ExtraField("brand", _("one school, one brand (一校一品)"), max_length=100),
        ExtraField(
            "form",
            pgettext_lazy("programme", "form"),
            "choice",
            required=True,
            choices=(
                ("brand", _("one school, one brand (一校一品)")),
                ("activity", _("activity")),
                ("demonstration", _("demonstration site")),
            ),
        ),
    ),
}
assert set(KIND_FIELDS) == set(ProgrammeKind.values)


def extra_fields(kind: str) -> tuple[ExtraField, ...]:
    return KIND_FIELDS.get(kind, ())


def clean_extra(kind: str, data: Any) -> dict[str, Any]:
    """The kind's extra values, parsed; every problem at once as one ``ValidationError``
    on ``extra`` naming the field. Unknown keys are refused (a field of another kind is
    a mistake, not data to keep)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError({"extra": _("The extra fields must be a mapping.")})
    declared = {f.name: f for f in extra_fields(kind)}
    errors = [
        _("%(name)s is not a field of this kind") % {"name": name}
        for name in sorted(set(data) - set(declared))
    ]
    clean: dict[str, Any] = {}
    for name, f in declared.items():
        value = data.get(name)
        if f.empty(value):
            if f.required:
                errors.append(_("%(label)s: this field is required") % {"label": f.label})
            continue
        try:
            clean[name] = f.parse(value)
        except ValueError as exc:
            errors.append(f"{f.label}: {exc}")
    pipeline = kind == ProgrammeKind.VOCATIONAL and clean.get("pipeline_3_2")
    if pipeline and not clean.get("partner_college"):
        errors.append(_("A 3+2 pipeline names its partner college."))
    if errors:
        raise ValidationError({"extra": errors})
    return clean
