"""Notices from a bureau to its private schools (服务: 通知到校)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import ScopedModel


class Notice(ScopedModel):
    """A notice of a bureau to the private schools under it. ``recipients`` is fixed
    when it is sent (the licensed private schools with a file under the bureau then), and
    each recipient reads it through ``scope_view_fields``: the one scoping mechanism,
    no second reading rule."""

    scope_unit_field = "unit"
    scope_view_fields = ("recipients",)

    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("notice", "issued by"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    issued_on = models.DateField(_("issued on"))
    recipients = models.ManyToManyField(
        "org.Unit", related_name="+", blank=True, verbose_name=_("recipients")
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("notice to private schools")
        verbose_name_plural = _("notices to private schools")
        ordering = ("-issued_on", "-pk")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("private:notice_detail", args=[self.pk])
