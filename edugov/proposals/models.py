"""人大代表建议 and 政协委员提案: the year's list as handed over, each with its case.

A proposal is the row the import keeps (编号, 标题, 领衔人, 附议人, units named in the
list, 类别); its handling — 交办, 面商, 答复, the proposer's rating, 办结 — is a
``casework`` case of type ``npc_suggestion`` or ``cppcc_proposal`` (``casetypes.py``).
The proposal is owned by the bureau that imported it; the case's 主办, 协办 and 督办
units read it too, like the case itself.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel


class ProposalKind(models.TextChoices):
    NPC = "npc", _("NPC deputy's suggestion (人大建议)")
    CPPCC = "cppcc", _("CPPCC member's proposal (政协提案)")


# The case type of each kind (casetypes.py).
CASE_TYPE = {ProposalKind.NPC: "npc_suggestion", ProposalKind.CPPCC: "cppcc_proposal"}


class Proposal(ScopedModel):
    """One 建议 or 提案 of a year, keyed by (kind, year, 编号) as the 人大/政协 number it."""

    scope_unit_field = "unit"
    scope_view_fields = ("case__lead_unit", "case__co_units", "case__supervising_unit")

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owning unit")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ProposalKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("proposal number (编号)"), max_length=32)
    title = models.CharField(_("title"), max_length=300)
    proposer = models.CharField(_("lead proposer (领衔人/提案人)"), max_length=100)
    co_signers = models.CharField(_("co-signers (附议人)"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=50, blank=True)
    # The units the list names; the case holds the parties as they are now (a 转办
    # changes the case, not the list).
    listed_lead = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead unit in the list (主办)"),
    )
    listed_co = models.CharField(
        _("co-operating units in the list (协办)"), max_length=300, blank=True
    )
    case = models.OneToOneField(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ("-year", "kind", "number")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "year", "number"), name="proposals_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])
