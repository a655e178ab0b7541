"""学年基础数据, institution history, indicators and the 普及普惠 / 优质均衡 evaluations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "edugov.registry"
    label = "registry"
    verbose_name = _("Statistics and evaluations")
