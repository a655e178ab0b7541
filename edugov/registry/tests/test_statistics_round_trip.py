"""The statistics import round trip (issue 15, defect 8): the import page names what it
imports, the template has a Chinese file name, the list's export goes back in unchanged
through the real views, and a class size of 0 is refused for what it is."""

import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.jobs.models import Job
from edugov.registry.importers import StatisticsImporter
from edugov.registry.models import AnnualStatistics, StatsStatus

from .conftest import make_stats
from .test_statistics_import import good_row, run

pytestmark = pytest.mark.django_db


def _upload(client, name, content):
    response = client.post(
        reverse("registry:stats_import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content[:500]
    return Job.objects.order_by("-pk").first()


def test_the_import_page_names_what_it_imports(cast, client_for):
    html = client_for(cast.donghu_officer).get(reverse("registry:stats_import")).content.decode()
    assert '<h1 class="h4">导入 · 学年基础数据</h1>' in html


def test_the_template_has_a_chinese_file_name(cast, client_for):
    response = client_for(cast.donghu_officer).get(
        reverse("registry:stats_import"), {"template": "1"}
    )
    disposition = response["Content-Disposition"]
    assert f"filename*=utf-8''{quote('学年基础数据导入模板.xlsx')}" in disposition
    assert "registry" not in disposition


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_lists_export_imports_back_unchanged(cast, client_for, fmt):
    draft = make_stats(cast.donghu_school, 2023, primary=178, status=StatsStatus.DRAFT)
    approved = make_stats(cast.donghu_school, 2022, primary=150, teachers=9, floor_area=812.5)
    AnnualStatistics.objects.filter(pk=draft.pk).update(class_sizes_primary=[30] * 4 + [29, 29])
    AnnualStatistics.objects.filter(pk=draft.pk).update(
        classes_primary=6, max_class_size_primary=30
    )
    client = client_for(cast.donghu_officer)
    params = {"format": "csv"} if fmt == "csv" else {}
    exported = client.get(reverse("registry:stats_export"), params)
    content = b"".join(exported.streaming_content)
    labels = [str(c.label) for c in StatisticsImporter.columns]
    if fmt == "csv":
        header = content.decode("utf-8-sig").splitlines()[0].split(",")
    else:
        import python_calamine

        sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        header = sheet.get_sheet_by_index(0).to_python()[0]
    assert header == labels  # every column the import reads, 42 of them
    assert len(header) == len(StatisticsImporter.columns) > 40

    job = _upload(client, f"export.{fmt}", content)
    assert job.status == "succeeded", job.result
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 2)
    draft.refresh_from_db()
    assert draft.class_sizes_primary == [30, 30, 30, 30, 29, 29]
    assert approved.status == StatsStatus.APPROVED


def test_a_changed_approved_row_is_still_refused(cast):
    make_stats(cast.donghu_school, 2023, primary=40)
    report = run(
        cast.donghu_officer,
        [good_row("2136000001", classes_primary="6", max_class_size_primary="30")],
    )
    assert len(report.errors) == 1 and "已审核通过" in report.errors[0]


def test_a_class_size_of_0_is_refused_for_what_it_is(cast):
    report = run(
        cast.donghu_officer,
        [good_row("2136000001", class_sizes_primary="30,30,30,30,30,0,28")],
    )
    assert len(report.errors) == 1
    message = report.errors[0]
    assert "班额须为整数" not in message
    assert "至少" in message and "0" in message


def test_the_form_and_the_model_refuse_a_class_size_of_0_for_what_it_is(cast):
    from edugov.registry.forms import SizesField

    assert SizesField().clean("45, 0") == [45, 0]  # the model's check names the problem
    stats = AnnualStatistics(
        school=cast.donghu_school,
        year=2023,
        g1=45,
        classes_primary=2,
        max_class_size_primary=45,
        class_sizes_primary=[45, 0],
    )
    errors = stats.consistency_errors()
    assert "至少" in errors["class_sizes_primary"]
