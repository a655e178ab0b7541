from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "edugov.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db import models

        from .crypto import forget_keyring
        from .io.bulk import AnyOf, RelatedAnyOf

        models.Field.register_lookup(AnyOf)
        # A relation's lookups are its own, not Field's (ForeignObject.get_class_lookups).
        models.ForeignObject.register_lookup(RelatedAnyOf)

        setting_changed.connect(forget_keyring, dispatch_uid="edugov.core.crypto.keyring")
