"""An identifier that must be unique city-wide, checked one chunk at a time.

The students', the teachers' and the 公费师范生 imports each refuse an ID number that an
earlier row of the same file had, or that another record holds: the records keep only the
number's blind index (the number itself is encrypted), so the check runs on the index. One
query per chunk; the file's earlier keys are kept by ``SeenKeys`` on disk, not in memory.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .spool import SeenKeys


class UniqueIndex:
    def __init__(
        self, model, *, taken_message: str, index: str = "id_number_index", field: str = "id_number"
    ) -> None:
        self.model = model
        self.taken_message = taken_message
        self.index = index
        self.field = field
        self._seen = SeenKeys()

    def errors(self, rows) -> dict[int, tuple[str, str]]:
        """``{row number: (field, message)}`` for the rows of ``rows`` (the importer's
        chunk) whose key repeats an earlier row's or belongs to another record. The words
        do not say which record: the other may be outside the importer's scope."""
        keyed = [r for r in rows if getattr(r.instance, self.index)]
        # A hash of the index, not the 64-character index, kept on disk (see SeenKeys).
        earlier = self._seen.add([(hash(getattr(r.instance, self.index)), r.number) for r in keyed])
        holders = dict(
            self.model.objects.filter(
                **{f"{self.index}__any": {getattr(r.instance, self.index) for r in keyed}}
            ).values_list(self.index, "pk")
        )
        errors = {
            r.number: (self.field, self.taken_message)
            for r in keyed
            if holders.get(getattr(r.instance, self.index), r.instance.pk) != r.instance.pk
        }
        for number, other in earlier.items():
            errors[number] = (
                self.field,
                _("the same ID number as row %(other)s") % {"other": other},
            )
        return errors

    def close(self) -> None:
        self._seen.close()
