"""The checklist import: one row per item of a checklist version, through
``core.io.importer`` (two phases; a file with one bad row writes nothing and names it)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer

from .models import ChecklistItem, Inspection, Level, Topic


def _version(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise CellError(_("expected a whole number from 1"))
    return int(text)


def _choice(choices):
    """A cell holding a choice's value or its label, in Chinese or English."""

    def parse(text: str) -> str:
        text = text.strip()
        for value, label in choices:
            if text in (value, str(label)) or str(label).startswith(text):
                return value
        raise CellError(
            _("not one of: %(options)s") % {"options": "、".join(str(lb) for _v, lb in choices)}
        )

    return parse


@register_importer("safety.checklist")
class ChecklistImporter(Importer):
    """Keyed by checklist code, version and item code: re-importing a sheet changes
    nothing, and a changed item of a version inspections have used is refused (import
    the change as the next version)."""

    model = ChecklistItem
    key = ("checklist", "version", "code")
    title = gettext_lazy("Checklist")
    columns = [
        Column("checklist", gettext_lazy("checklist code"), example="XF"),
        Column("version", gettext_lazy("version"), parse=_version, example="1"),
        Column("title", gettext_lazy("checklist"), example="消防安全检查表"),
        Column(
            "topic", pgettext_lazy("safety", "topic"), parse=_choice(Topic.choices), example="fire"
        ),
        Column(
            "school_types",
            gettext_lazy("school types"),
            required=False,
            example="primary,junior",
        ),
        Column("code", gettext_lazy("item code"), example="XF-01"),
        Column("text", pgettext_lazy("safety", "item"), example="疏散通道畅通，无杂物堆放"),
        Column(
            "level",
            gettext_lazy("level if failed"),
            parse=_choice(Level.choices),
            required=False,
            example="general",
        ),
        Column("position", gettext_lazy("order"), parse=int, required=False, example="1"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._used: dict[tuple[str, int], bool] = {}

    def resolve_chunk(self, values):
        pairs = {(str(v.get("checklist") or "").strip().upper(), v.get("version")) for v in values}
        codes = {c for c, _v in pairs}
        used = set(
            Inspection.objects.filter(checklist__in=codes)
            .values_list("checklist", "version")
            .distinct()
        )
        for pair in pairs:
            self._used.setdefault(pair, pair in used)

    def resolve(self, values, row):
        values["checklist"] = values["checklist"].strip().upper()
        if self._used.get((values["checklist"], values["version"])):
            raise ColumnError(
                "version",
                _("this version has been used by inspections; import the change as a new version"),
            )
        values.update(
            # A department's checklist is the city's: the schools below use it.
            unit=self.user.scope_root(),
            school_types=(values.get("school_types") or "").replace("，", ",").replace(" ", ""),
            level=values.get("level") or Level.GENERAL,
            position=values.get("position") or 0,
        )
        return values

    def save(self, instance, created):
        from .services import checklist_item_save

        checklist_item_save(item=instance, user=self.user, audit=False)
