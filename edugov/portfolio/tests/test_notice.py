"""公示 and sign-off: the notice runs the configured working days of the city's calendar;
sign-off is refused before it ends (service and page), allowed after, and only in scope."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from edugov.core.context import acting
from edugov.portfolio.models import PortfolioRecord, Status
from edugov.portfolio.services import (
    portfolio_publish,
    portfolio_record_save,
    portfolio_sign_off,
)

from .world import record

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


def published(cast, today=MONDAY):
    r = record(cast.donghu_principal, cast.donghu_school)
    with acting(cast.donghu_principal):
        return portfolio_publish(user=cast.donghu_principal, record=r, today=today)


def test_the_notice_runs_five_working_days_by_default(cast):
    r = published(cast)
    assert (r.status, r.notice_start, r.notice_end) == (Status.NOTICE, MONDAY, dt.date(2026, 3, 6))


def test_the_notice_skips_the_holidays_of_the_calendar(cast):
    # 2026-09-30 (Wed): 10-01…10-07 are 国庆 holidays, so the fifth working day is in October
    r = published(cast, today=dt.date(2026, 9, 30))
    assert r.notice_end > dt.date(2026, 10, 7)


@override_settings(EDUGOV_PORTFOLIO={"notice_workdays": 3})
def test_the_notice_length_is_configured(cast):
    assert published(cast).notice_end == dt.date(2026, 3, 4)


def test_sign_off_before_the_notice_ends_is_refused_in_chinese(cast):
    r = published(cast)
    # the last day of notice (Friday) is still notice
    with acting(cast.donghu_principal), pytest.raises(ValidationError) as exc:
        portfolio_sign_off(user=cast.donghu_principal, record=r, today=dt.date(2026, 3, 6))
    r.refresh_from_db()
    assert r.status == Status.NOTICE and r.signed_at is None
    assert "公示期至 2026年3月6日 结束" in exc.value.messages[0]


def test_sign_off_after_the_notice_is_allowed(cast):
    r = published(cast)
    with acting(cast.donghu_principal):
        portfolio_sign_off(user=cast.donghu_principal, record=r, today=dt.date(2026, 3, 9))
    r.refresh_from_db()
    assert r.status == Status.SIGNED and r.signed_by == cast.donghu_principal


def test_another_schools_principal_and_the_district_cannot_sign_off(cast):
    r = published(cast)
    for user in (cast.jinxian_principal, cast.donghu_officer):
        with acting(user), pytest.raises(PermissionDenied):
            portfolio_sign_off(user=user, record=r, today=dt.date(2026, 3, 9))


def test_a_record_on_notice_cannot_be_changed(cast):
    r = published(cast)
    r.grade = "A"
    with acting(cast.donghu_principal), pytest.raises(ValidationError):
        portfolio_record_save(user=cast.donghu_principal, record=r)


def test_the_sign_off_button_during_notice_shows_the_error_and_changes_nothing(cast, client_for):
    r = published(cast)
    # still on notice whatever today is (the page takes today's date)
    PortfolioRecord.objects.filter(pk=r.pk).update(notice_end=dt.date(2099, 1, 1))
    client = client_for(cast.donghu_principal)
    page = client.post(reverse("portfolio:record_sign_off", args=[r.pk]), follow=True)
    r.refresh_from_db()
    assert r.status == Status.NOTICE
    assert "公示" in page.content.decode()
    other = client_for(cast.jinxian_principal)
    assert other.post(reverse("portfolio:record_sign_off", args=[r.pk])).status_code == 404
