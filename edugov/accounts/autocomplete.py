"""The account picker (issue 25): a class assignment, a task's owner, a school's lead
counselor or a counseling slot chose among every account in reach (a city's tens of
thousands for a department assigning city-wide). The search is ``core.autocomplete``'s;
an account is found by the start of its username or part of its name, labelled with its
unit. Those fields have their own choice rules (``choice_rules``), so the picker offers
the rule's accounts, not every visible one."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from edugov.core.autocomplete import AutocompleteView

from .models import User


class UserAutocomplete(AutocompleteView):
    model = User
    unit_path = "unit__path"

    def search(self, qs: QuerySet, q: str, params: Mapping[str, str]) -> QuerySet:
        return qs.filter(Q(username__istartswith=q) | Q(display_name__icontains=q))

    @classmethod
    def labelled(cls, qs: QuerySet) -> QuerySet:
        return (
            qs.select_related("unit")
            .only("username", "display_name", "unit__name")
            .order_by("unit__path", "username")
        )

    @classmethod
    def label(cls, user: User) -> str:
        return f"{user}（{user.unit.name}）" if user.unit_id else str(user)
