"""The pages' forms over HTTP: a report paying over a source's budget is shown on that
field and saves nothing; a milestone's date and photo are saved from its page (the photo
without its EXIF); 投用 from the page adds the capacity."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..models import CapacityAddition, ProgressReport, Stage
from .world import PLANNED, jpeg, project, reach

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    settings.EDUGOV_PROJECTS = {"late_days": 3650}
    return project(cast.donghu_officer, cast.donghu_school, "F-01")


def test_a_report_over_the_budget_is_refused_on_its_field(cast, client_for, p):
    client = client_for(cast.donghu_principal)
    data = {"project": p.pk, "month": "2023-09-01", "percent": "10", "paid_central": "200000.01"}
    for s in ("province", "city", "county", "other"):
        data[f"paid_{s}"] = "0"
    response = client.post(reverse("projects:report_create"), data)
    assert response.status_code == 400
    assert "paid_central" in response.context["form"].errors
    assert not ProgressReport.objects.exists()
    data["paid_central"] = "200000.00"
    response = client.post(reverse("projects:report_create"), data)
    assert response.status_code == 302
    assert ProgressReport.objects.get().filed_by == cast.donghu_principal


def test_a_milestone_is_dated_with_a_photo_from_its_page(cast, client_for, p):
    from PIL import Image

    m = p.milestones.get(stage=Stage.APPROVAL)
    response = client_for(cast.donghu_principal).post(
        reverse("projects:milestone_edit", args=[m.pk]),
        {
            "planned": "2023-01-10",
            "actual": "2023-01-12",
            "photos": [SimpleUploadedFile("site.jpg", jpeg(), content_type="image/jpeg")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    m.refresh_from_db()
    assert m.actual == dt.date(2023, 1, 12)
    [photo] = m.photos.all()
    with photo.file.open("rb") as fh, Image.open(fh) as image:
        assert not image.getexif()
    page = client_for(cast.donghu_officer).get(reverse("projects:project_detail", args=[p.pk]))
    assert "site.jpg" in page.content.decode()


def test_in_use_from_the_page_adds_the_capacity(cast, client_for, p):
    for stage in list(Stage.values)[:-1]:
        reach(cast.donghu_officer, p, stage, min(PLANNED[stage], dt.date(2023, 8, 1)))
    m = p.milestones.get(stage=Stage.IN_USE)
    response = client_for(cast.donghu_officer).post(
        reverse("projects:milestone_edit", args=[m.pk]),
        {"planned": "2024-08-25", "actual": "2023-08-20"},
    )
    assert response.status_code == 302
    assert CapacityAddition.objects.get(project=p).year == 2023
