"""In a real browser: a PE teacher imports her class's results from the device export; the
class report shows each student's level, and a student's card shows the item scores."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login, make_user
from edugov.students.models import ClassAssignment
from edugov.students.tests.conftest import make_student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = (
    "学籍号,学年,身高（厘米）,体重（千克）,肺活量,50米跑,坐位体前屈,立定跳远,引体向上,1000米跑\n"
)


def test_a_pe_teacher_imports_a_class_and_reads_levels_and_a_card(
    cast, page, live_server, tmp_path
):
    teacher = make_user("pe_teacher", "teacher", cast.donghu_school)
    # She teaches PE in the class: a teacher reads and writes her classes' students only.
    ClassAssignment.objects.create(
        user=teacher, school=cast.donghu_school, grade=9, class_name="9年级3班", role="subject"
    )
    strong = make_student(
        cast.donghu_school, id_number="", sex="male", grade=9, class_name="9年级3班"
    )
    weak = make_student(
        cast.donghu_school, id_number="", sex="male", grade=9, class_name="9年级3班"
    )
    upload = tmp_path / "class.csv"
    upload.write_text(
        HEADER
        + f"{strong.student_number},2023,170,60,4240,7.3,21.6,250,20,3'05\"\n"
        + f"{weak.student_number},2023,170,60,2500,9.0,5.0,200,5,4'40\"\n",
        encoding="utf-8",
    )
    browser_login(page, live_server, teacher.username)
    page.goto(f"{live_server.url}/fitness/import/")
    page.set_input_files("#id_file", str(upload))
    page.click("main button")
    expect(page.locator("[data-testid=job-succeeded]")).to_be_visible()
    page.goto(f"{live_server.url}/fitness/?class_name=9年级3班")
    table = page.locator("main table")
    expect(table).to_contain_text("优秀")
    expect(table).to_contain_text("68.9")
    expect(table).to_contain_text("115.0")
    page.locator("main table a", has_text="*").first.click()
    expect(page.locator("[data-testid=item-row]")).to_have_count(7)
    expect(page.locator("[data-testid=item-scores]")).to_contain_text("引体向上")
