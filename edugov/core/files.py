"""Evidence files (a photo of the site, a signed reply): the one check every module runs on
them before it keeps one.

Refused: a file over the size limit, a type the bureau does not keep, and a file whose first
bytes do not match its extension (an .exe renamed .pdf). Kept files go under MEDIA_ROOT,
which no URL serves; each module hands them out through a scoped download view.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Evidence is what bureaus attach in practice: documents, sheets, photos, PDFs.
EVIDENCE_TYPES = {
    ".pdf": b"%PDF",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG",
}
# Enough for every signature above.
HEAD_BYTES = 16


def check_evidence(name: str, size: int, head: bytes) -> None:
    """Refuse evidence that is too large, of a type we do not keep, or whose bytes do
    not match its extension (an .exe renamed .pdf)."""
    suffix = PurePath(name).suffix.lower()
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("An evidence file may be at most 10 MB."))
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(_("Evidence must be PDF, Word, Excel, JPEG or PNG."))
    if not head.startswith(EVIDENCE_TYPES[suffix]):
        raise ValidationError(_("The file's content does not match its extension."))


def read_evidence(upload: Any) -> str:
    """Check an uploaded file (``check_evidence``) and return its SHA-256, read in chunks;
    the file is left at its start for saving."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    check_evidence(upload.name, upload.size, head)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
