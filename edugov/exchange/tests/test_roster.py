"""The national 学籍 list: differences shown before anything is written (new, changed,
left), then the students app's own import; the list's other columns never stored."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from edugov.core.context import acting
from edugov.engines import codes
from edugov.exchange.roster import RosterImporter, roster_differences
from edugov.jobs.models import Job
from edugov.students.models import Student

pytestmark = pytest.mark.django_db

# The new-pupil list's order (DATA-EXCHANGE.md §2), sensitive columns included.
HEADER = ["编号", "区县", "就读学校", "学籍接续标识", "学校标识码", "姓名", "性别", "出生日期"]
HEADER += ["证件类型", "身份证号", "民族", "户口性质", "健康状况", "年级", "班级号", "联系电话"]
HEADER += ["家庭地址", "残疾人类型", "成员1姓名", "成员1关系", "成员1联系电话", "成员1身份证件号"]


def _id(seq: int, born: str = "20150901") -> str:
    first17 = f"360102{born}{seq:03d}"
    return first17 + codes.id_check_char(first17)


def _row(seq: int, name: str, klass: str = "1", number: str = "") -> dict:
    return {
        "学籍号": number, "学校标识码": "2136000001", "姓名": name, "性别": "1" if seq % 2 else "2",
        "出生日期": "20150901", "证件类型": "1", "身份证号": _id(seq), "民族": "01",
        "户口性质": "非农业", "健康状况": "健康或良好", "年级": "11", "班级号": klass,
        "联系电话": "13800000000", "家庭地址": "南昌市东湖区", "残疾人类型": "无",
        "成员1姓名": "家长", "成员1关系": "父亲", "成员1身份证件号": _id(900),
    }  # fmt: skip


def _list(rows: list[dict], with_number: bool = False) -> bytes:
    header = (["学籍号"] if with_number else []) + HEADER
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet("学生名单")
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, h in enumerate(header):
            ws.write_string(r, c, row.get(h, ""))
    book.close()
    return buf.getvalue()


def _diff(user, content):
    with acting(user):
        return roster_differences(
            user=user, fh=io.BytesIO(content), name="名单.xlsx", size=len(content)
        )


def test_the_differences_are_shown_before_the_list_is_imported(cast):
    officer = cast.donghu_officer
    first = _list([_row(1, "张一"), _row(2, "李二"), _row(3, "王三")])
    with acting(officer):
        report = RosterImporter(officer).run(io.BytesIO(first), "名单.xlsx", len(first))
    assert report.errors == [] and report.created == 3
    stored = next(s for s in Student.objects.all() if s.name == "张一")
    assert stored.student_number == "G" + _id(1) and stored.grade == 1 and stored.sex == "male"
    assert str(stored.birth_date) == "2015-09-01" and stored.guardian_name == "家长"
    # 健康状况, 户口, 残疾, the guardian's ID: nowhere on the student.
    assert not {"健康或良好", "非农业", _id(900)} & {str(v) for v in vars(stored).values()}

    # The register list a term later: 张一 the same, 李二 in class 2, 王三 gone, 赵四 new.
    second = _list([_row(1, "张一"), _row(2, "李二", klass="2"), _row(4, "赵四")])
    diff = _diff(officer, second)
    assert (diff.new, diff.changed, diff.unchanged, diff.left_count) == (1, 1, 1, 1)
    assert diff.left == [
        {"name": "王*", "school": cast.donghu_school.name, "grade": 1, "class_name": "1"}
    ]
    assert Student.objects.count() == 3  # nothing written

    with acting(officer):
        report = RosterImporter(officer).run(io.BytesIO(second), "名单.xlsx", len(second))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)


def test_a_bad_student_number_names_the_lists_cell_and_not_the_value(cast):
    bad = "G" + _id(5)[:-1] + ("0" if _id(5)[-1] != "0" else "1")
    content = _list([_row(5, "钱五", number=bad)], with_number=True)
    with translation.override("en"):
        diff = _diff(cast.donghu_officer, content)
    assert len(diff.errors) == 1 and diff.errors[0].startswith("Row 2, column A (")
    assert bad not in diff.errors[0] and _id(5) not in diff.errors[0]
    assert not Student.objects.exists()


def test_the_page_checks_first_then_imports(cast, client_for):
    client = client_for(cast.donghu_officer)
    content = _list([_row(1, "张一")])
    url = reverse("exchange:roster_import")
    page = client.post(url, {"file": SimpleUploadedFile("名单.xlsx", content), "preview": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "新增学生" in html and not Student.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("名单.xlsx", content)})
    assert Job.objects.latest("pk").status == "succeeded" and Student.objects.count() == 1
