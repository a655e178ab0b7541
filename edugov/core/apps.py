from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "edugov.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from .crypto import forget_keyring

        setting_changed.connect(forget_keyring, dispatch_uid="edugov.core.crypto.keyring")
