"""The import framework, exercised through the institution importer."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.core.io.importer import ImportReport
from edugov.org.importers import SchoolImporter
from edugov.org.models import Unit

pytestmark = pytest.mark.django_db

HEADER = [
    "学校标识码",
    "名称",
    "所属区县代码",
    "办学类型",
    "举办者类型",
    "普惠",
    "城乡",
    "统一社会信用代码",
    "地址",
    "在校生数",
]


def school_code(i: int) -> str:
    return f"2136{500000 + i:06d}"


def rows(n: int, district="360102"):
    return [
        [
            school_code(i),
            f"东湖区导入小学{i}",
            district,
            "小学",
            "公办",
            "否",
            "城区",
            "",
            "",
            str(100 + i),
        ]
        for i in range(n)
    ]


def csv_bytes(data, header=HEADER, encoding="utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(data)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(data, header=HEADER, formula=None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in data:
        ws.append(r)
    if formula:
        ws["J2"] = formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(user, content: bytes, name="schools.csv") -> ImportReport:
    with acting(user):
        return SchoolImporter(user).run(io.BytesIO(content), name, len(content))


def test_it_imports_good_rows_and_writes_one_audit_event(cast):
    before = AuditEvent.objects.count()
    report = run(cast.donghu_officer, csv_bytes(rows(5)))
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    school = Unit.objects.get(code=school_code(3))
    assert school.parent == cast.donghu and school.path.startswith(cast.donghu.path)
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-seq").first().event_type == "import"


def test_reimporting_an_unchanged_file_is_a_no_op(cast):
    content = csv_bytes(rows(20))
    run(cast.donghu_officer, content)
    again = run(cast.donghu_officer, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)


def test_a_changed_row_is_updated_by_its_natural_key(cast):
    run(cast.donghu_officer, csv_bytes(rows(3)))
    data = rows(3)
    data[1][9] = "999"
    report = run(cast.donghu_officer, csv_bytes(data))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Unit.objects.get(code=school_code(1)).enrolment == 999


def test_it_rejects_a_row_with_a_bad_school_code_and_names_row_and_column(cast):
    data = rows(3)
    data[2][0] = "9936000001"
    report = run(cast.donghu_officer, csv_bytes(data))
    assert report.errors == ["第 4 行 第 A 列（学校标识码）：学校标识码的类别代码未知"]
    assert not Unit.objects.filter(code__startswith="21365").exists()


def test_it_rejects_a_bad_credit_code_checksum(cast):
    data = rows(2)
    data[0][7] = "123601007485469190"
    report = run(cast.donghu_officer, csv_bytes(data))
    assert (
        len(report.errors) == 1
        and "第 2 行 第 H 列" in report.errors[0]
        and "校验" in report.errors[0]
    )


def test_it_reports_a_missing_column(cast):
    header = [h for h in HEADER if h != "举办者类型"]
    data = [r[:4] + r[5:] for r in rows(2)]
    report = run(cast.donghu_officer, csv_bytes(data, header))
    assert report.errors == ["第 1 行：缺少列“举办者类型”"]


def test_errors_are_in_english_for_english_users(cast):
    from django.utils import translation

    data = rows(2)
    data[0][0] = "9936000001"
    with translation.override("en"):
        report = run(cast.donghu_officer, csv_bytes(data))
    assert report.errors[0].startswith("Row 2, column A (School identification code):")


def test_it_reads_a_gb18030_file(cast):
    report = run(cast.donghu_officer, csv_bytes(rows(4), encoding="gb18030"))
    assert report.errors == [] and report.created == 4
    assert Unit.objects.get(code=school_code(0)).name == "东湖区导入小学0"


def test_it_reads_an_xlsx_file_with_english_headers(cast):
    header = [
        "School identification code",
        "name",
        "District code",
        "institution type",
        "ownership",
        "inclusive (普惠)",
        "urban / rural",
        "unified social credit code",
        "address",
        "students enrolled",
    ]
    data = rows(3)
    for r in data:
        r[3], r[4] = "primary", "public"
    report = run(cast.donghu_officer, xlsx_bytes(data, header), "schools.xlsx")
    assert report.errors == [] and report.created == 3


def test_it_refuses_a_formula_cell(cast):
    report = run(cast.donghu_officer, xlsx_bytes(rows(2), formula="=SUM(1,2)"), "schools.xlsx")
    assert len(report.errors) == 1 and "公式" in report.errors[0]
    assert not Unit.objects.filter(code__startswith="21365").exists()


def test_it_refuses_an_xlsx_whose_zip_would_expand_too_far(cast, settings):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"0" * (120 * 1024 * 1024) + b"</a>")
    report = run(cast.donghu_officer, buf.getvalue(), "bomb.xlsx")
    assert len(report.errors) == 1 and "不安全" in report.errors[0]


def test_it_refuses_a_file_whose_bytes_do_not_match_its_name(cast):
    report = run(cast.donghu_officer, b"PK\x03\x04 not really csv", "schools.csv")
    assert len(report.errors) == 1 and "不是文本文件" in report.errors[0]


def test_999_good_rows_and_one_bad_row_write_nothing(cast):
    data = rows(1000)
    data[637][3] = "大学"
    events = AuditEvent.objects.count()
    report = run(cast.donghu_officer, csv_bytes(data))
    assert report.errors == ["第 639 行 第 D 列（办学类型）：未知的值“大学”"]
    assert not Unit.objects.filter(code__startswith="21365").exists()
    # The failed attempt itself is audited, as a failure.
    last = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == events + 1 and last.outcome == "failure"


def test_rows_outside_the_importers_scope_are_refused(cast):
    report = run(cast.donghu_officer, csv_bytes(rows(2, district="360124")))
    assert report.errors == ["第 2 行：超出您的权限范围", "第 3 行：超出您的权限范围"]
    assert not Unit.objects.filter(code__startswith="21365").exists()


def test_duplicate_keys_inside_one_file_are_refused(cast):
    data = rows(3)
    data[2][0] = data[0][0]
    report = run(cast.donghu_officer, csv_bytes(data))
    assert report.errors == ["第 4 行：与第 2 行重复"]


def test_the_upload_page_runs_the_import_and_shows_the_result(cast, client_for):
    client = client_for(cast.donghu_officer)
    upload = SimpleUploadedFile("schools.csv", csv_bytes(rows(3)), content_type="text/csv")
    response = client.post(reverse("org:unit_import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert b'data-testid="job-succeeded"' in response.content
    assert Unit.objects.filter(code__startswith="21365").count() == 3


def test_a_large_upload_runs_on_the_task_worker(cast, client_for, settings):
    settings.EDUGOV_INLINE_IMPORT_BYTES = 10
    client = client_for(cast.donghu_officer)
    upload = SimpleUploadedFile("schools.csv", csv_bytes(rows(3)), content_type="text/csv")
    response = client.post(reverse("org:unit_import"), {"file": upload}, follow=True)
    # The test settings use django-tasks' immediate backend: the task ran at enqueue.
    from edugov.jobs.models import Job

    job = Job.objects.get()
    assert job.task_id and job.status == "succeeded" and job.result["created"] == 3
    assert response.status_code == 200


def test_the_template_has_the_importers_columns(cast, client_for):
    import python_calamine

    response = client_for(cast.donghu_officer).get(reverse("org:unit_import"), {"template": "1"})
    content = b"".join(response.streaming_content)
    header = (
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        .get_sheet_by_index(0)
        .to_python()[0]
    )
    assert header == HEADER


def test_a_counselor_cannot_open_the_import_page(cast, client_for):
    assert client_for(cast.counselor).get(reverse("org:unit_import")).status_code == 404


def test_a_principal_may_update_her_own_school_by_import_but_not_another(cast):
    own = [
        [
            cast.donghu_school.code,
            cast.donghu_school.name,
            "360102",
            "小学",
            "公办",
            "否",
            "城区",
            "",
            "",
            "950",
        ]
    ]
    assert run(cast.donghu_principal, csv_bytes(own)).updated == 1
    other = [
        [
            cast.jinxian_school.code,
            cast.jinxian_school.name,
            "360124",
            "小学",
            "公办",
            "否",
            "城区",
            "",
            "",
            "950",
        ]
    ]
    assert run(cast.donghu_principal, csv_bytes(other)).errors == ["第 2 行：超出您的权限范围"]


def test_the_uploaded_file_is_deleted_when_the_job_ends(cast, client_for, settings, tmp_path):
    from django.core.files.storage import default_storage

    from edugov.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.donghu_officer)
    for content in (
        csv_bytes(rows(2)),
        csv_bytes(rows(2), header=HEADER[:3]),
    ):  # success, then failure
        client.post(reverse("org:unit_import"), {"file": SimpleUploadedFile("s.csv", content)})
    assert [j.input_file.name for j in Job.objects.all()] == ["", ""]
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert default_storage.location == str(tmp_path)
