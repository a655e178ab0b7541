"""User-facing messages for the code checks of engines.codes, in the user's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

_KIND_NAMES = {
    "admin": gettext_noop("Administrative division code"),
    "school": gettext_noop("School identification code"),
    "credit": gettext_noop("Unified social credit code"),
    "id": gettext_noop("ID number"),
}


def code_error_message(kind: str, reason: str) -> str:
    """Translate an engine reason code ("checksum", "length", …) for ``kind``."""
    name = _(_KIND_NAMES[kind])
    messages = {
        "length": _("%(name)s has the wrong length"),
        "charset": _("%(name)s contains characters that are not allowed"),
        "checksum": _("%(name)s has a wrong check character"),
        "date": _("%(name)s contains an impossible birth date"),
        "category": _("%(name)s starts with an unknown category"),
        "province": _("%(name)s has an unknown province code"),
    }
    return messages.get(reason, _("%(name)s is not valid")) % {"name": name}
