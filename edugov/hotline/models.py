"""A 12345 order's own data beside its case: the platform's order number, the caller
(personal data: encrypted, masked), the channel, the order type and the topic.

The loop (受理 → 派单 → 签收 → 办理 → 答复 → 回访 → 办结), its deadlines and its timeline
are the case's (``casework``, type ``hotline_order``). This row holds what casework
cannot: encrypted personal fields, a unique platform number to upsert imports on, and
columns to filter and count by. It belongs to the case's owning unit and is read by the
case's 主办, 协办 and 督办 units, like the case.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.fields import EncryptedTextField
from edugov.core.relations import InScope
from edugov.core.scoping import Action, ScopedModel
from edugov.engines.codes import mask_value

from . import config


class OrderType(models.TextChoices):
    CONSULT = "consult", _("Enquiry (咨询)")
    COMPLAINT = "complaint", _("Complaint (投诉)")
    SUGGESTION = "suggestion", _("Suggestion (建议)")
    HELP = "help", _("Request for help (求助)")
    REPORT = "report", _("Report (举报)")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Website")
    WECHAT = "wechat", _("WeChat")
    APP = "app", _("App")
    OTHER = "other", _("Other")


class HotlineOrder(ScopedModel):
    """One order of the 12345 platform, with its case."""

    scope_unit_field = "unit"
    scope_view_fields = ("case__lead_unit", "case__co_units", "case__supervising_unit")
    # The caller's name and number unmasked: the permission, on an order in scope.
    actions = {"view_full": Action("hotline.view_full_personal_data", InScope("unit"))}
    personal_fields = {"caller_name": "name", "caller_phone": "phone"}

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.OneToOneField(
        "casework.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="hotline_order",
    )
    platform_no = models.CharField(_("12345 order number"), max_length=40, unique=True)
    received_at = models.DateTimeField(_("call time"))
    order_type = models.CharField(_("order type"), max_length=16, choices=OrderType.choices)
    topic = models.CharField(_("topic"), max_length=32, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.PHONE
    )
    content = models.TextField(_("request"))
    area_text = models.CharField(_("school or area concerned"), max_length=200, blank=True)
    district = models.ForeignKey(
        "org.Unit",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    caller_name = EncryptedTextField(_("caller"), blank=True)
    caller_phone = EncryptedTextField(_("caller's phone"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("12345 order")
        verbose_name_plural = _("12345 orders")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["order_type", "received_at"])]
        permissions = [
            ("view_full_personal_data", _("Can view 12345 callers' full personal data")),
        ]

    def __str__(self) -> str:
        return self.platform_no

    def get_absolute_url(self) -> str:
        return reverse("hotline:order_detail", args=[self.pk])

    def masked(self, field: str) -> object:
        return mask_value(self.personal_fields[field], getattr(self, field))

    @property
    def topic_label(self) -> str:
        return config.get("topics").get(self.topic, self.topic)

    def clean(self) -> None:
        if self.topic and self.topic not in config.get("topics"):
            raise ValidationError({"topic": _("Unknown topic.")})
