"""公示异议: an objection raised during the notice opens a casework case the school answers;
while it is open, or once upheld, the record cannot be signed off; upheld, the record is
withdrawn, corrected and noticed again; dismissed, it is signed off after the notice.
Objections are taken only during the notice, and only by the school."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from edugov.casework.services import case_move
from edugov.conftest import session_login
from edugov.core.context import acting
from edugov.portfolio.models import Status
from edugov.portfolio.services import (
    portfolio_object,
    portfolio_publish,
    portfolio_sign_off,
    portfolio_withdraw,
)

from .world import record

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2026, 3, 2)
TUESDAY_NOON = dt.datetime(2026, 3, 3, 12, 0, tzinfo=TZ)
AFTER = dt.date(2026, 3, 9)  # the Monday after the notice's last working day


@pytest.fixture
def noticed(cast):
    r = record(cast.donghu_principal, cast.donghu_school)
    with acting(cast.donghu_principal):
        return portfolio_publish(user=cast.donghu_principal, record=r, today=MONDAY)


def objection(cast, r, text="该生未参加此项社会实践"):
    with acting(cast.donghu_principal):
        return portfolio_object(user=cast.donghu_principal, record=r, text=text, now=TUESDAY_NOON)


def answer(cast, case, move):
    with acting(cast.donghu_principal):
        case_move(
            user=cast.donghu_principal,
            case=case,
            transition=move,
            outcome="已核实",
            now=TUESDAY_NOON + dt.timedelta(days=1),
        )


def sign_off(cast, r, today=AFTER):
    with acting(cast.donghu_principal):
        return portfolio_sign_off(user=cast.donghu_principal, record=r, today=today)


def test_an_open_objection_stops_the_sign_off_and_a_dismissed_one_does_not(cast, noticed):
    case = objection(cast, noticed)
    assert case.state == "open" and case.lead_unit_id == cast.donghu_school.pk
    assert case.due_at.date() == dt.date(2026, 3, 10)  # 5 working days from Tuesday
    with pytest.raises(ValidationError) as exc:
        sign_off(cast, noticed)
    assert case.number in exc.value.messages[0]
    answer(cast, case, "dismiss")
    assert sign_off(cast, noticed).status == Status.SIGNED


def test_an_upheld_objection_means_withdraw_correct_and_notice_again(cast, noticed):
    answer(cast, objection(cast, noticed), "uphold")
    with pytest.raises(ValidationError):
        sign_off(cast, noticed)
    with acting(cast.donghu_principal):
        r = portfolio_withdraw(user=cast.donghu_principal, record=noticed)
        assert (r.status, r.notice_start) == (Status.DRAFT, None)
        r = portfolio_publish(user=cast.donghu_principal, record=r, today=AFTER)
    assert sign_off(cast, r, today=dt.date(2026, 3, 16)).status == Status.SIGNED


def test_objections_only_during_the_notice_and_only_by_the_school(cast, noticed):
    with pytest.raises(PermissionDenied):
        portfolio_object(user=cast.jinxian_principal, record=noticed, text="x", now=TUESDAY_NOON)
    late = dt.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)
    with acting(cast.donghu_principal), pytest.raises(ValidationError):
        portfolio_object(user=cast.donghu_principal, record=noticed, text="x", now=late)
    draft = record(cast.donghu_principal, cast.donghu_school)
    with acting(cast.donghu_principal), pytest.raises(ValidationError):
        portfolio_object(user=cast.donghu_principal, record=draft, text="x", now=TUESDAY_NOON)


def test_the_record_page_lists_its_objections(cast, noticed):
    case = objection(cast, noticed)
    page = session_login(Client(), cast.donghu_principal).get(noticed.get_absolute_url())
    html = page.content.decode()
    assert case.number in html and 'data-testid="withdraw"' in html
    other = session_login(Client(), cast.jinxian_principal)
    assert other.post(reverse("portfolio:record_object", args=[noticed.pk])).status_code == 404
