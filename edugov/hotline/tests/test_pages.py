"""The pages: the list (filters, masking, empty state), the order page, the export,
the statistics by topic and district, the 舆情 form, the case page's link."""

import pytest
from django.test import Client
from django.urls import reverse

from edugov.conftest import session_login

from .conftest import move

pytestmark = pytest.mark.django_db


def client_for(user):
    return session_login(Client(), user)


def test_an_empty_list_says_who_fills_it(cast):
    page = client_for(cast.city_admin).get(reverse("hotline:order_list"))
    assert page.status_code == 200
    assert "12345" in page.content.decode() and 'data-testid="row-count"' in page.content.decode()


def test_the_list_masks_the_caller_and_filters(cast, receive):
    receive("NC1", topic="fees")
    receive("NC2", topic="safety", order_type="consult")
    c = client_for(cast.city_admin)
    page = c.get(reverse("hotline:order_list")).content.decode()
    assert "13912345678" not in page and "139****5678" in page
    page = c.get(reverse("hotline:order_list"), {"topic": "safety"}).content.decode()
    assert "NC2" in page and "NC1" not in page
    page = c.get(reverse("hotline:order_list"), {"order_type": "complaint"}).content.decode()
    assert "NC1" in page and "NC2" not in page


def test_the_overdue_and_state_filters(cast, receive):
    from .conftest import at

    order = receive("NC1", order_type="consult")
    receive("NC2")
    move(order.case, cast.city_admin, "dispatch", lead_unit=cast.donghu, now=at(2023, 1, 3, 9))
    c = client_for(cast.city_admin)
    page = c.get(reverse("hotline:order_list"), {"overdue": "true"}).content.decode()
    assert "NC1" in page and "NC2" not in page
    page = c.get(reverse("hotline:order_list"), {"state": "received"}).content.decode()
    assert "NC2" in page and "NC1" not in page


def test_the_order_page_masks_unless_the_reader_holds_full_access(cast, receive):
    order = receive()
    c = client_for(cast.city_admin)
    page = c.get(reverse("hotline:order_detail", args=[order.pk])).content.decode()
    assert "13912345678" not in page and "139****5678" in page
    assert reverse("casework:case_detail", args=[order.case.pk]) in page
    from edugov.students.tests.conftest import grant

    admin = grant(cast.city_admin, "hotline.view_full_personal_data")
    page = client_for(admin).get(reverse("hotline:order_detail", args=[order.pk])).content.decode()
    assert "13912345678" in page


def test_the_case_page_links_its_order(cast, receive):
    order = receive()
    page = client_for(cast.city_admin).get(reverse("casework:case_detail", args=[order.case.pk]))
    assert reverse("hotline:order_detail", args=[order.pk]) in page.content.decode()


def test_the_export_is_masked(cast, receive):
    receive()
    response = client_for(cast.city_admin).get(reverse("hotline:order_export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "NC001" in text and "13912345678" not in text and "139****5678" in text


def test_statistics_by_topic_and_district_come_from_casework(cast, receive):
    receive("NC1", topic="fees", district=cast.donghu)
    receive("NC2", topic="fees", district=cast.donghu)
    receive("NC3", topic="safety", district=cast.jinxian)
    page = client_for(cast.city_admin).get(reverse("hotline:stats")).content.decode()
    assert page.count('data-testid="topic-row"') == 2
    assert page.count('data-testid="district-row"') == 2
    assert "chart-topic" in page
    # The district sees only what it reads: nothing dispatched to it yet.
    page = client_for(cast.donghu_officer).get(reverse("hotline:stats")).content.decode()
    assert 'data-testid="empty-state"' in page


def test_statistics_answer_get_only(cast):
    assert client_for(cast.city_admin).post(reverse("hotline:stats")).status_code == 404


def test_the_opinion_form_opens_an_opinion_case(cast):
    c = client_for(cast.city_admin)
    assert c.get(reverse("hotline:opinion_create")).status_code == 200
    response = c.post(
        reverse("hotline:opinion_create"),
        {"title": "网传某校食堂问题", "description": "", "level": "major", "source": "微博"},
    )
    assert response.status_code == 302
    from edugov.casework.models import Case

    case = Case.objects.get(case_type="opinion")
    assert case.attrs["level"] == "major" and case.number.startswith("舆情〔")
    assert client_for(cast.donghu_principal).get(reverse("hotline:opinion_create")).status_code in (
        200,
        404,
    )
