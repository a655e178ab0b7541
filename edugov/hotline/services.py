"""Writes of the hotline: an order received (its case opened), a 舆情 item found.

The moves after that are the case's (``casework.services.case_move``), made from the case
page or from here; nothing in this module changes a state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audited_save
from edugov.casework.models import Case
from edugov.casework.services import case_open
from edugov.core.scoping import can
from edugov.org.models import Unit

from . import config
from .casetypes import OPINION, ORDER
from .models import HotlineOrder


def order_title(order: HotlineOrder) -> str:
    """The case's title: the topic and the start of the request, as a 12345 list shows."""
    text = " ".join(order.content.split())
    return f"【{order.topic_label}】{text[:60]}"


def order_receive(
    *, user: Any, order: HotlineOrder, now: dt.datetime | None = None, audit: bool = True
) -> HotlineOrder:
    """受理: save a new order and open its case (owned by ``order.unit``, default the
    user's unit), numbered in the unit's 热线 series; the order's limit is its type's.

    ``audit`` False: an import writes one event for its file (the case's opening is
    audited all the same)."""
    if order.pk is not None:
        raise ValueError("order_receive saves a new order; change a stored one with order_update")
    order.unit = order.unit if order.unit_id else user.unit
    if order.unit is None:
        raise PermissionDenied(_("Only a member of a unit receives orders."))
    with transaction.atomic():
        case = case_open(
            user=user,
            case_type=ORDER,
            unit=order.unit,
            title=order_title(order),
            description=order.content,
            school=order.school,
            subject_label=order.platform_no,
            attrs={"order_type": order.order_type, "topic": order.topic},
            now=now or order.received_at,
        )
        order.case = case
        audited_save(order, audit=audit, event="hotline.receive")
        # The case names its order (the case page links it): the order's pk is known now.
        case.subject_type = ContentType.objects.get_for_model(HotlineOrder)
        case.subject_id = order.pk
        Case.objects.filter(pk=case.pk).update(
            subject_type=case.subject_type, subject_id=case.subject_id
        )
    return order


def order_update(*, user: Any, order: HotlineOrder, audit: bool = True) -> HotlineOrder:
    """Change a stored order's data (a platform export sent again with corrections). The
    case's loop is not touched; the type copied into the case for its limit stays."""
    if not can(user, order, "change"):
        raise PermissionDenied(_("You cannot change this order."))
    return audited_save(order, audit=audit)


def opinion_open(
    *,
    user: Any,
    title: str,
    level: str,
    source: str = "",
    link: str = "",
    description: str = "",
    unit: Unit | None = None,
    school: Unit | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """A 舆情 item found: a case of type ``opinion`` whose response clock (hours, by
    level) starts when it is assigned (交办)."""
    levels = config.get("opinion_levels")
    if level not in levels:
        from django.core.exceptions import ValidationError

        raise ValidationError({"level": _("Choose one of the levels.")})
    return case_open(
        user=user,
        case_type=OPINION,
        title=title,
        description=description,
        unit=unit,
        school=school,
        attrs={"level": level, "level_label": levels[level][0], "source": source, "link": link},
        now=now,
    )
