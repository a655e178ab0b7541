"""Import of the 12345 platform's export (xlsx/csv): one row per order, keyed by the
platform's order number. A new number is received (受理: its case opened); a known one
updates the order's data and leaves its case's loop alone.

The platform's columns: 工单编号, 来电时间, 诉求类型, 诉求内容, 涉及学校/区域, 联系人,
联系电话, and optionally 话题分类 and 来源渠道. Without a topic, one is read from the
request's words (招生, 收费, 培训 …); a school or district named in 涉及学校/区域 is
linked when its name is known, else the text is kept for the dispatcher.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit, UnitKind

from . import config
from .models import Channel, HotlineOrder, OrderType
from .services import order_receive, order_update

TYPE_NAMES = {
    "咨询": "consult",
    "投诉": "complaint",
    "建议": "suggestion",
    "求助": "help",
    "举报": "report",
}
CHANNEL_NAMES = {"电话": "phone", "网站": "web", "微信": "wechat", "app": "app", "其他": "other"}
# Words of a request and the topic they suggest, first match wins (a 收费 complaint about
# a training centre is about 校外培训).
TOPIC_WORDS = (
    ("tutoring", ("培训", "补课", "补习", "机构")),
    ("admission", ("招生", "入学", "学位", "学区", "转学", "报名")),
    ("fees", ("收费", "费用", "退费", "乱收")),
    ("ethics", ("师德", "体罚", "辱骂", "有偿家教", "老师态度")),
    ("safety", ("安全", "食堂", "校车", "食品", "欺凌", "溺水")),
)
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")


def parse_type(text: str) -> str:
    code = TYPE_NAMES.get(text.strip()) or (
        text.strip() if text.strip() in OrderType.values else None
    )
    if code is None:
        raise CellError(_("expected one of %(names)s") % {"names": "、".join(TYPE_NAMES)})
    return code


def parse_time(text: str) -> dt.datetime:
    cleaned = text.strip().replace("/", "-").replace("T", " ")
    try:
        moment = dt.datetime.fromisoformat(cleaned[:19])
    except ValueError:
        raise CellError(_("expected a time like 2023-03-06 09:30"))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse_phone(text: str) -> str:
    if not PHONE.match(text.strip()):
        raise CellError(_("not a phone number"))
    return text.strip()


def parse_topic(text: str) -> str:
    topics = config.get("topics")
    by_name = {label: code for code, label in topics.items()}
    code = by_name.get(text.strip()) or (text.strip() if text.strip() in topics else None)
    if code is None:
        raise CellError(_("expected one of %(names)s") % {"names": "、".join(by_name)})
    return code


def parse_channel(text: str) -> str:
    code = CHANNEL_NAMES.get(text.strip().lower()) or (
        text.strip() if text.strip() in Channel.values else None
    )
    if code is None:
        raise CellError(_("expected one of %(names)s") % {"names": "、".join(CHANNEL_NAMES)})
    return code


def guess_topic(content: str) -> str:
    for code, words in TOPIC_WORDS:
        if any(w in content for w in words):
            return code
    return "other"


@register_importer("hotline.order")
class OrderImporter(Importer):
    model = HotlineOrder
    key = ("platform_no",)
    title = gettext_lazy("12345 orders")
    columns = [
        Column("platform_no", gettext_lazy("order number"), example="NC2023030600123"),
        Column(
            "received_at", gettext_lazy("call time"), parse=parse_time, example="2023-03-06 09:30"
        ),
        Column("order_type", gettext_lazy("request type"), parse=parse_type, example="投诉"),
        Column("content", gettext_lazy("request content"), example="孩子学校课后服务收费过高"),
        Column(
            "area_text",
            gettext_lazy("school or area concerned"),
            required=False,
            example="东湖区育新学校",
        ),
        Column("caller_name", gettext_lazy("contact"), required=False, example="张女士"),
        Column(
            "caller_phone",
            gettext_lazy("contact phone"),
            required=False,
            parse=parse_phone,
            example="13800000000",
        ),
        Column(
            "topic", gettext_lazy("topic class"), required=False, parse=parse_topic, example="收费"
        ),
        Column(
            "channel",
            gettext_lazy("source channel"),
            required=False,
            parse=parse_channel,
            example="电话",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._units: dict[str, Unit] = {}

    def resolve_chunk(self, values):
        names = {(v.get("area_text") or "").strip() for v in values} - {""}
        missing = names - set(self._units)
        if missing:
            for unit in Unit.objects.filter(name__in=missing).select_related("parent"):
                self._units[unit.name] = unit

    def resolve(self, values, row):
        if self.user.unit is None:
            raise CellError(_("only a member of a unit receives orders"))
        area = (values.get("area_text") or "").strip()
        unit = self._units.get(area)
        school = unit if unit is not None and unit.kind == UnitKind.SCHOOL else None
        district = (
            school.parent
            if school is not None
            else (unit if unit is not None and unit.kind == UnitKind.DISTRICT else None)
        )
        if values.get("content") and len(values["content"]) > 5000:
            raise ColumnError("content", _("longer than 5,000 characters"))
        values.update(
            unit=self.user.unit,
            area_text=area,
            school=school,
            district=district,
            caller_name=values.get("caller_name") or "",
            caller_phone=values.get("caller_phone") or "",
            topic=values.get("topic") or guess_topic(values.get("content") or ""),
            channel=values.get("channel") or Channel.PHONE,
        )
        return values

    def clean(self, instance, exclude):
        # The case is opened when the row is written (phase 2), not before.
        super().clean(instance, [*exclude, "case"])

    def save(self, instance, created):
        if created:
            order_receive(user=self.user, order=instance, audit=False)
        else:
            order_update(user=self.user, order=instance, audit=False)
