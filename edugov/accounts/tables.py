import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edugov.engines.codes import mask_value

from .models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("unit"))
    phone = tables.Column(verbose_name=_("phone"), orderable=False)

    class Meta:
        model = User
        fields = ("username", "display_name", "unit", "phone", "is_active", "last_login")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("username",)

    def render_phone(self, value):
        return mask_value("phone", value)
