"""The demo: about 5,000 orders over 2023 in well under a minute, some overdue, reopened,
merged and escalated; idempotent."""

import time

import pytest

from edugov.casework.models import Case
from edugov.core.context import acting
from edugov.demo.generator import load_demo as load_base
from edugov.hotline.demo import ORDERS, load_demo
from edugov.hotline.models import HotlineOrder

pytestmark = pytest.mark.django_db


def test_the_demo_loads_fast_and_holds_every_kind_of_order(settings):
    settings.EDUGOV_TODAY = "2023-09-06"
    with acting(None):
        load_base()
        started = time.monotonic()
        line = load_demo()
        took = time.monotonic() - started
    assert took < 60, line
    assert HotlineOrder.objects.count() == ORDERS
    orders = Case.objects.filter(case_type="hotline_order")
    assert orders.count() == ORDERS
    assert orders.filter(reopened=1).count() > 50
    assert orders.filter(state="merged").count() > 20
    assert orders.filter(state="closed", satisfaction="satisfied").count() > 2000
    assert orders.filter(is_open=True, escalation__gt=0).count() > 20
    # Numbers are the city's series, gapless.
    seqs = sorted(orders.values_list("seq", flat=True))
    assert seqs == list(range(1, ORDERS + 1))
    assert Case.objects.filter(case_type="opinion").count() > 10
    # Every case names its order; the caller is stored encrypted.
    order = HotlineOrder.objects.select_related("case").first()
    assert order.case.subject_id == order.pk and order.caller_phone.startswith("1")
    with acting(None):
        assert load_demo() == "hotline: already loaded"
    print(line)
