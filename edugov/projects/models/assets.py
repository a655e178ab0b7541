"""Equipment and assets (plan point 16: 装备资产配置、处置及管理): an asset ledger per
school, transfers between schools, disposals approved as a case, and 装备达标 computed from
the ledger (``selectors_assets``).

The category is the 门类 of GB/T 14885-2010 《固定资产分类与代码》 (six 门类); the full
code of the national classification, where the school has it, goes in ``class_code``. The
equipment class (``kind``) is what the 装备达标 standards count: teaching instruments,
computers, books, laboratories.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel

from .ledger import money


class AssetCategory(models.TextChoices):
    LAND = "1", _("土地、房屋及构筑物")
    GENERAL = "2", _("通用设备")
    SPECIAL = "3", _("专用设备")
    RELICS = "4", _("文物和陈列品")
    BOOKS = "5", _("图书、档案")
    FURNITURE = "6", _("家具、用具、装具及动植物")


class EquipmentKind(models.TextChoices):
    INSTRUMENT = "instrument", _("teaching instruments")
    COMPUTER = "computer", _("computers")
    BOOK = "book", _("books")
    LAB = "lab", _("laboratory")
    OTHER = "other", _("other")


class AssetState(models.TextChoices):
    IN_USE = "in_use", _("in use")
    IDLE = "idle", _("idle")
    REPAIR = "repair", _("under repair")


class Asset(ScopedModel):
    """One line of a school's asset ledger (an item, or a batch of identical items with its
    ``quantity``): category, value, date, state, where it is and who keeps it. A disposal
    approved through its case (``AssetDisposal``) takes it out of every count."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    code = models.CharField(_("asset number"), max_length=40, unique=True)
    name = models.CharField(_("asset name"), max_length=200)
    category = models.CharField(
        _("category (GB/T 14885)"), max_length=2, choices=AssetCategory.choices
    )
    class_code = models.CharField(_("classification code"), max_length=20, blank=True)
    kind = models.CharField(
        _("equipment class"), max_length=12, choices=EquipmentKind.choices, default="other"
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    value = money(_("value (元)"))
    acquired = models.DateField(_("acquired on"))
    state = models.CharField(
        _("state"), max_length=10, choices=AssetState.choices, default=AssetState.IN_USE
    )
    location = models.CharField(_("location"), max_length=100, blank=True)
    custodian = models.CharField(_("custodian"), max_length=50, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ("school__path", "code")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("projects:asset_detail", args=[self.pk])


class AssetTransfer(ScopedModel):
    """An asset moved from one school to another (调拨): the record stays with the school
    it left; the asset's ``school`` is the new one."""

    scope_unit_field = "from_school"
    scope_view_fields = ("to_school",)

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="transfers")
    from_school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta(ScopedModel.Meta):
        verbose_name = _("asset transfer")
        verbose_name_plural = _("asset transfers")
        ordering = ("-date", "pk")

    def __str__(self) -> str:
        return f"{self.asset.code} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("projects:asset_detail", args=[self.asset_id])


class AssetDisposal(ScopedModel):
    """A request to dispose of an asset (报废、出售、报损), approved or refused by the
    district through its ``asset_disposal`` case."""

    scope_unit_field = "asset__school"

    asset = models.OneToOneField(Asset, on_delete=models.CASCADE, related_name="disposal")
    reason = models.CharField(_("reason"), max_length=300)
    case = models.ForeignKey(
        "casework.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("asset disposal")
        verbose_name_plural = _("asset disposals")

    def __str__(self) -> str:
        return f"{self.asset.code}"

    def get_absolute_url(self) -> str:
        return reverse("projects:asset_detail", args=[self.asset_id])
