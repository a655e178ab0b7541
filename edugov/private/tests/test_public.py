"""The public list: no login, published fields only (never a founder's ID number or
phone, whatever they are), and 429 past the rate."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.core.context import acting

from ..models import Founder
from ..services import row_save
from .factories import private_school

pytestmark = pytest.mark.django_db

ID_NUMBERS = st.from_regex(r"36[0-9]{15}[0-9X]", fullmatch=True)
PHONES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@pytest.fixture
def file(cast):
    return private_school(cast.donghu_officer, cast.donghu, "1136000301", "东湖区民办小天使幼儿园")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(id_number=ID_NUMBERS, phone=PHONES, name=st.text("张王李赵陈刘杨黄", min_size=2, max_size=3))
def test_the_public_list_never_shows_a_founder_s_id_number_or_phone(
    cast, file, client, id_number, phone, name
):
    with acting(cast.donghu_officer):
        founder = row_save(
            obj=Founder(file=file, name=name, id_number=id_number, phone=phone),
            user=cast.donghu_officer,
        )
    try:
        response = client.get(
            reverse("private:public_list"), REMOTE_ADDR=f"10.0.{len(name)}.{founder.pk % 250}"
        )
        body = response.content.decode()
        assert response.status_code == 200 and "东湖区民办小天使幼儿园" in body
        assert id_number not in body and phone not in body
        # Not even the unmasked tail of the ID or the phone's middle digits in a row.
        assert id_number[-8:] not in body and phone[3:7] + phone[-4:] not in body
    finally:
        Founder.objects.filter(pk=founder.pk).delete()


def test_the_public_list_needs_no_login_and_answers_429_past_the_rate(cast, file, client, settings):
    settings.EDUGOV_PRIVATE = {"public_rate": 5}
    url = reverse("private:public_list")
    statuses = [client.get(url, REMOTE_ADDR="10.9.9.9").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    # Another address is not limited by the first one's requests.
    assert client.get(url, REMOTE_ADDR="10.9.9.10").status_code == 200


def test_the_public_list_shows_only_published_results(cast, file, client):
    from .factories import inspection_round

    inspection_round(cast.donghu_officer, cast.donghu, "NJ2023-DH")
    body = client.get(reverse("private:public_list")).content.decode()
    assert "东湖区民办小天使幼儿园" in body and "合格" not in body
