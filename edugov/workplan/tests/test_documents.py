"""The period progress report (.docx) and the task ledger (.xlsx), made as background jobs."""

import datetime as dt
import io

from django.core.files.storage import default_storage
from django.urls import reverse

from edugov.core.context import acting
from edugov.jobs.models import JobStatus
from edugov.jobs.services import job_create
from edugov.workplan.models import Area
from edugov.workplan.services import report_submit


def run(kind, user, plan, today="2023-07-10"):
    with acting(user):
        return job_create(
            kind=f"workplan.{kind}",
            title=kind,
            owner=user,
            params={"plan": plan.pk, "today": today},
            inline=True,
        )


def lagging_task(cast, tasks):
    task = tasks["donghu"]
    with acting(cast.donghu_officer):
        for month in range(3, 7):
            report_submit(
                task=task,
                user=cast.donghu_officer,
                period_start=dt.date(2023, month, 1),
                text="场地协调困难，进度缓慢",
                percent=5,
            )
    return task


def test_the_docx_opens_and_has_every_area_heading_and_the_lagging_items(cast, plan, tasks):
    from docx import Document

    lagging_task(cast, tasks)
    job = run("docx", cast.city_admin, plan)
    assert job.status == JobStatus.SUCCEEDED, job.error
    doc = Document(default_storage.open(job.result["file"], "rb"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for area in Area.objects.filter(plan=plan):
        assert str(area) in headings
    assert "（5）推进学前教育普及普惠" in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "洪教办字〔2023〕" in text  # the 文号 placeholder keeps the bureau's prefix
    lagging = text.split(headings[-1])[-1]
    assert "东湖区普惠园认定" in lagging and "5%" in lagging
    assert job.result["tasks"] == 3


def test_a_district_officers_report_covers_her_districts_tasks_only(cast, plan, tasks):
    from docx import Document

    job = run("docx", cast.donghu_officer, plan)
    text = "\n".join(
        p.text for p in Document(default_storage.open(job.result["file"], "rb")).paragraphs
    )
    assert "东湖区普惠园认定" in text and "进贤县乡镇园建设" not in text


def test_the_ledger_lists_every_task_with_its_status(cast, plan, tasks):
    from python_calamine import CalamineWorkbook

    lagging_task(cast, tasks)
    job = run("xlsx", cast.city_admin, plan)
    data = default_storage.open(job.result["file"], "rb").read()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert len(rows) == 1 + 3
    by_title = {r[2]: r for r in rows[1:]}
    assert by_title["东湖区普惠园认定"][8] == "滞后"
    assert by_title["东湖区普惠园认定"][7] == 5


def test_the_pages_start_the_job_and_serve_the_file_to_its_owner(cast, plan, tasks, client_for):
    client = client_for(cast.dept_staff)
    response = client.post(reverse("workplan:plan_report", args=[plan.pk, "docx"]))
    assert response.status_code == 302
    from edugov.jobs.models import Job
    from edugov.jobs.services import job_run

    job = Job.objects.get(kind="workplan.docx")
    job_run(job.pk)  # what the task worker does
    page = client.get(response.url).content.decode()
    assert 'data-testid="download"' in page
    download = client.get(response.url, {"download": "1"})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        client_for(cast.jinxian_principal).get(response.url, {"download": "1"}).status_code == 404
    )


def test_a_user_without_export_permission_cannot_start_a_report(cast, plan, client_for):
    response = client_for(cast.counselor).post(
        reverse("workplan:plan_report", args=[plan.pk, "docx"])
    )
    assert response.status_code == 404


def test_a_co_units_documents_hold_no_report_text_or_point_she_cannot_open(cast, plan, tasks):
    # The auditor's finding (L2): a report that is a 404 for donghu_admin appeared in her
    # ledger. Here the lead unit's (学前教育科) report on a task shared with 东湖区.
    from docx import Document
    from python_calamine import CalamineWorkbook

    from edugov.workplan.models import ProgressReport, WorkPoint

    secret = "科室内部意见：暂缓东湖区两所园的认定"
    with acting(cast.dept_staff):
        report = report_submit(
            task=tasks["shared"],
            user=cast.dept_staff,
            period_start=dt.date(2023, 6, 1),
            text=secret,
            percent=40,
        )
    assert not ProgressReport.objects.visible_to(cast.donghu_officer).filter(pk=report.pk)
    ledger = run("xlsx", cast.donghu_officer, plan)
    sheet = CalamineWorkbook.from_filelike(
        io.BytesIO(default_storage.open(ledger.result["file"], "rb").read())
    ).get_sheet_by_index(0)
    cells = " ".join(str(c) for row in sheet.to_python() for c in row)
    assert "新建公办幼儿园" in cells and secret not in cells
    assert "40" in cells  # the task's percent, shown on its page too, stays
    report_job = run("docx", cast.donghu_officer, plan)
    doc = Document(default_storage.open(report_job.result["file"], "rb"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "新建公办幼儿园" in text and secret not in text
    hidden = WorkPoint.objects.filter(area__plan=plan).exclude(
        pk__in=WorkPoint.objects.visible_to(cast.donghu_officer)
    )
    assert hidden.exists() and not any(p.title in text for p in hidden)
    # The lead unit's own ledger keeps its text.
    own = run("xlsx", cast.dept_staff, plan)
    own_cells = CalamineWorkbook.from_filelike(
        io.BytesIO(default_storage.open(own.result["file"], "rb").read())
    ).get_sheet_by_index(0)
    assert secret in " ".join(str(c) for row in own_cells.to_python() for c in row)


def _english_words(text):
    """ASCII words of two letters or more: digits, %, symbols and codes are allowed."""
    import re

    return re.findall(r"[A-Za-z]{2,}", text)


def test_the_report_is_an_a4_official_document_all_in_chinese(cast, plan, tasks):
    # Issue 15, defect 3: "complete 62%" on every task line, on a US Letter page.
    from docx import Document
    from docx.oxml.ns import qn

    lagging_task(cast, tasks)
    job = run("docx", cast.city_admin, plan)
    doc = Document(default_storage.open(job.result["file"], "rb"))
    section = doc.sections[0]

    def mm(length):  # Word stores twips: 210 mm comes back as 210.01
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "5%" in text and not _english_words(text), _english_words(text)
    assert not _english_words(doc.core_properties.author or "")
    normal = doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert normal == "仿宋_GB2312"
    title = next(p for p in doc.paragraphs if "推进情况" in p.text)
    assert title.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"


def test_the_ledger_has_date_cells_a_frozen_header_and_a_filter(cast, plan, tasks):
    from openpyxl import load_workbook

    job = run("xlsx", cast.city_admin, plan)
    book = load_workbook(io.BytesIO(default_storage.open(job.result["file"], "rb").read()))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M4"
    start, due = sheet["F2"], sheet["G2"]
    assert start.is_date and due.is_date
    assert start.value.date() == dt.date(2023, 3, 1) and due.value.date() == dt.date(2023, 12, 31)
    assert "yy" in start.number_format
