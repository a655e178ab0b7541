"""Notices reach the licensed private schools under the bureau, and only them."""

import datetime as dt

import pytest
from django.urls import reverse

from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests

from ..models import Notice
from ..services import notice_send
from .factories import private_school

pytestmark = pytest.mark.django_db


def send(user, unit, title):
    with acting(user):
        return notice_send(
            notice=Notice(unit=unit, title=title, body="正文", issued_on=dt.date(2023, 3, 1)),
            user=user,
        )


class TestNoticePages(ScopedViewTests):
    list_url = "private:notice_list"
    detail_url = "private:notice_detail"
    edit_url = "private:notice_edit"
    export_url = "private:notice_export"

    def objects(self, cast):
        return (
            cast.donghu_officer,
            send(cast.donghu_officer, cast.donghu, "东湖区年检通知"),
            send(cast.city_admin, cast.jinxian, "进贤县年检通知"),
        )

    def label(self, obj):
        return obj.title


def test_a_private_school_reads_the_notices_of_its_bureaus_only(cast, client_for):
    mine = private_school(cast.donghu_officer, cast.donghu, "1136000101", "东湖区民办启明幼儿园")
    send(cast.donghu_officer, cast.donghu, "东湖区年检通知")
    send(cast.city_admin, cast.city, "全市民办学校安全通知")
    send(cast.city_admin, cast.jinxian, "进贤县年检通知")
    head = make_user("qiming_head", "school_admin", mine.school)
    titles = set(Notice.objects.visible_to(head, "view").values_list("title", flat=True))
    assert titles == {"东湖区年检通知", "全市民办学校安全通知"}
    # A public school's principal receives none; the school cannot edit what it received.
    assert not Notice.objects.visible_to(cast.donghu_principal, "view").exists()
    notice = Notice.objects.get(title="东湖区年检通知")
    client = client_for(head)
    assert client.get(reverse("private:notice_detail", args=[notice.pk])).status_code == 200
    assert client.get(reverse("private:notice_edit", args=[notice.pk])).status_code == 404
    page = client.get(reverse("private:school_detail", args=[mine.pk])).content.decode()
    assert "东湖区年检通知" in page and "进贤县年检通知" not in page
