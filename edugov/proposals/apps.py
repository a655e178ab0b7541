"""人大代表建议 / 政协委员提案 (work plan point 28): the year's list, handled as casework."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "edugov.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from edugov.core import menu

        from . import home, importers  # noqa: F401  (registers the importers)

        home.register()
        # Point 28 (人大建议、政协提案办理) lies in the plan's fifth area.
        for label, url in (
            (_("Proposals"), "proposals:list"),
            (_("Proposal summary"), "proposals:summary"),
        ):
            menu.add_item("area5", label, url, "proposals.view_proposal")
