"""A year's 年检 in a real browser: the 东湖区 officer opens the round's inspections,
writes one school's self-report (with an evidence file) for it, submits it, reviews it
and records 不合格. The school's tier turns from 绿 to 红, with the trigger named, and a
disposal case opens beside the rectification case."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login
from edugov.core.context import acting

from ..models import AnnualInspection, RiskAssessment
from ..risk import risk_assess
from .factories import NOW, inspection_round, private_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_officer_runs_a_schools_annual_inspection(cast, page, live_server, tmp_path):
    officer = cast.donghu_officer
    file = private_school(officer, cast.donghu, "1136000101", "东湖区民办启明幼儿园")
    with acting(officer):
        before = risk_assess(file=file, user=officer, year=2023, now=NOW)
    assert before.tier == "绿"
    r = inspection_round(officer, cast.donghu, "NJ2023-DH", start=False)
    evidence = tmp_path / "党组织.pdf"
    evidence.write_bytes(b"%PDF-1.4 minutes of the party branch")

    browser_login(page, live_server, "donghu_admin")
    page.goto(f"{live_server.url}/private/rounds/{r.pk}/")
    page.click("[data-testid=round-start]")
    page.click("text=东湖区民办启明幼儿园")
    # Self-report, on the school's behalf; a bad score first is refused, naming the item.
    page.click("[data-testid=self-report]")
    inspection = AnnualInspection.objects.get(round=r)
    answers = {a.item.code: a.pk for a in inspection.answers.select_related("item")}
    page.fill(f"#score_{answers['A1']}", "10")
    page.fill(f"#score_{answers['B1']}", "二十")
    page.fill(f"#score_{answers['C1']}", "18")
    page.set_input_files(f"input[name=evidence_{answers['A1']}]", str(evidence))
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=errors]")).to_contain_text("B1")
    page.fill(f"#score_{answers['B1']}", "20")
    page.set_input_files(f"input[name=evidence_{answers['A1']}]", str(evidence))
    page.click("[data-testid=save]")
    page.click("[data-testid=submit]")
    # The review finds the licence file incomplete and the account unmanaged.
    page.click("[data-testid=review]")
    page.fill(f"input[name=score_{answers['A1']}]", "10")
    page.fill(f"input[name=score_{answers['B1']}]", "0")
    page.fill(f"input[name=note_{answers['B1']}]", "办学许可证地址与实际不一致")
    page.fill(f"input[name=score_{answers['C1']}]", "5")
    page.fill(f"input[name=note_{answers['C1']}]", "学费未进入专户")
    page.fill("textarea[name=conclusion]", "证照不一致，学费未入专户。")
    page.click("[data-testid=decide]")
    expect(page.locator("[data-testid=result]")).to_have_text("不合格")
    expect(page.locator("text=党组织.pdf")).to_have_count(1)
    rectify = page.locator("[data-testid=rectify-case]").inner_text()
    assert rectify.startswith("年检改")

    # The school's file: the tier changed to 红 by the hard trigger, and disposal opened.
    page.goto(f"{live_server.url}/private/schools/{file.pk}/")
    expect(page.locator("[data-testid=tier]")).to_have_text("红")
    expect(page.locator("[data-testid=risk-explanation] tr.table-danger")).to_have_count(1)
    page.click("[data-testid=disposal-case]")
    expect(page.locator("[data-testid=case-state]")).to_be_visible()
    after = RiskAssessment.objects.get(file=file, year=2023)
    assert (after.previous_tier, after.tier) == ("绿", "红")
    assert after.case.case_type == "private_disposal" and after.case.is_open
    assert rectify in page.content() or after.case.number in page.content()
