"""Photos: images only (magic bytes, then Pillow must decode them), at most 10 MB, the EXIF
and its GPS position gone from every stored copy (read back from storage), and a
thumbnail made by the background task."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from edugov.casework.models import CaseEvidence
from edugov.core.files import read_photo

from ..models import Inspection, InspectionPhoto
from ..services import make_thumbnails
from .world import inspect, jpeg

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def _exif(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


def test_the_test_photo_does_carry_a_gps_position():
    # Without this the stripping test below could pass on a photo that had none.
    assert _exif(jpeg(gps=True)).get_ifd(GPS_IFD)


def test_an_uploaded_photo_is_stored_without_its_exif_gps(cast, items):
    inspect(
        cast.donghu_principal,
        cast.donghu_school,
        items,
        failed=("XF-01",),
        photos=[("gps.jpg", jpeg(gps=True))],
    )
    photo = InspectionPhoto.objects.get()
    evidence = CaseEvidence.objects.get()  # the same photo, kept on the hazard's case
    for stored in (photo.file, evidence.file):
        with stored.open("rb") as fh:
            data = fh.read()
        exif = _exif(data)
        assert not exif.get_ifd(GPS_IFD) and GPS_IFD not in exif and not len(exif)
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and image.size == (64, 48)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.jpg", b"%PDF-1.7 a document renamed"),  # wrong magic bytes
        ("fake.jpg", b"\xff\xd8\xff\xe0" + b"not a picture" * 10),  # right bytes, no image
        ("photo.pdf", b"%PDF-1.7"),  # evidence, but not a photo
        ("site.png", None),  # a JPEG named .png
    ],
)
def test_a_non_image_is_refused(name, content):
    upload = SimpleUploadedFile(name, content if content is not None else jpeg())
    with pytest.raises(ValidationError):
        read_photo(upload)


def test_a_refused_photo_stores_nothing_and_names_the_item(cast, items):
    with pytest.raises(ValidationError, match="XF-01"):
        inspect(
            cast.donghu_principal,
            cast.donghu_school,
            items,
            failed=("XF-01",),
            photos=[("x.jpg", b"MZ\x90\x00 an exe")],
        )
    assert not Inspection.objects.exists() and not InspectionPhoto.objects.exists()


def test_a_photo_over_ten_megabytes_is_refused():
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10 MB"):
        read_photo(big)


def test_the_background_task_makes_the_thumbnail(cast, items, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inspect(
            cast.donghu_principal,
            cast.donghu_school,
            items,
            failed=("XF-01",),
            photos=[("big.jpg", jpeg(size=(1200, 900)))],
        )
    photo = InspectionPhoto.objects.get()
    assert photo.thumbnail  # made by the task (the test backend runs it at once)
    with photo.thumbnail.open("rb") as fh, Image.open(fh) as image:
        assert max(image.size) == 320
    assert make_thumbnails([photo.pk]) == 0  # done once
