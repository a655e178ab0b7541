"""Model fields for personal data: stored encrypted, read back as plain ``str``.

``EncryptedTextField`` encrypts in ``get_prep_value`` (so ``save``, ``update`` and
``bulk_update`` all write envelopes) and decrypts in ``from_db_value``. The associated
data is ``app_label.model.field``: a value copied from another column does not decrypt.

Lookups other than ``isnull`` are refused: a random nonce makes ``name = '张三'`` match
nothing, and silently finding nothing is worse than an error. Search through a blind
index column (``core.crypto.blind_index``) instead.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Text stored as an AES-256-GCM (or SM4-GCM) envelope; see ``core.crypto``."""

    description = "Encrypted text"

    def context(self) -> str:
        # Built once per field: every value written or read asks for it.
        try:
            return self._context
        except AttributeError:
            self._context = f"{self.model._meta.label_lower}.{self.name}"
            return self._context

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            # Empty stays empty: a blank optional field holds no personal data.
            return value
        return crypto.encrypt(str(value), self.context())

    def from_db_value(self, value: Any, expression, connection) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, self.context())

    def get_lookup(self, lookup_name: str):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, name: str):
        return None


class EncryptedJSONField(EncryptedTextField):
    """A JSON object stored as an encrypted envelope of its text: for sensitive data
    read and written whole, never searched in SQL (children's health measurements)."""

    description = "Encrypted JSON"

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        # Sorted keys: the same object always encrypts the same plaintext.
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return crypto.encrypt(text, self.context())

    def from_db_value(self, value: Any, expression, connection) -> Any:
        if value is None or value == "":
            return None if value is None else {}
        return json.loads(crypto.decrypt(value, self.context()))

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def value_to_string(self, obj) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, sort_keys=True)
