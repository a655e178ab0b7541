"""Evidence files (a photo of the site, a signed reply): the one check every module runs on
them before it keeps one.

Refused: a file over the size limit, a type the bureau does not keep, and a file whose first
bytes do not match its extension (an .exe renamed .pdf). Kept files go under MEDIA_ROOT,
which no URL serves; each module hands them out through a scoped download view.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
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


# Photos taken on site (a hazard, a canteen): images only, and what the camera wrote
# beside the picture (EXIF: the GPS position, the phone's model, the time) is not kept.
PHOTO_TYPES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
# A decompression bomb (a tiny file that decodes to gigapixels) is refused, not decoded.
PHOTO_MAX_PIXELS = 50_000_000


def read_photo(upload: Any) -> tuple[SimpleUploadedFile, str]:
    """Check a photo like any evidence (``check_evidence``: size, type, first bytes),
    then decode it with Pillow (a file whose first bytes pass but is no picture is
    refused) and re-encode it without its metadata: EXIF, the GPS position in
    particular, is dropped. The picture is turned upright first, since the EXIF
    orientation that would have done it is dropped with the rest.

    Returns the clean file (to be kept instead of the upload) and its SHA-256."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in PHOTO_TYPES:
        raise ValidationError(_("A photo must be JPEG or PNG."))
    upload.seek(0)
    check_evidence(upload.name, upload.size, upload.read(HEAD_BYTES))
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format != PHOTO_TYPES[suffix]:
                raise ValidationError(_("The file's content does not match its extension."))
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("The photo is too large to decode."))
            probe.load()
            image = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not a readable image.")) from None
    # Pixels only: the copy's info (exif, icc_profile, comments, text chunks) is
    # emptied, and nothing is passed to save() that would write them back.
    clean = image.convert("RGB") if PHOTO_TYPES[suffix] == "JPEG" else image.convert("RGBA")
    clean.info = {}
    out = io.BytesIO()
    if PHOTO_TYPES[suffix] == "JPEG":
        clean.save(out, "JPEG", quality=88)
    else:
        clean.save(out, "PNG")
    data = out.getvalue()
    name = PurePath(upload.name).name[:150]
    return (
        SimpleUploadedFile(name, data, content_type=f"image/{PHOTO_TYPES[suffix].lower()}"),
        hashlib.sha256(data).hexdigest(),
    )
