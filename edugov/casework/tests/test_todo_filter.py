"""待办 through ``scope_filter_any``: for every member of the cast, over every app's world
rows, the cases it finds are exactly those the OR of ``scope_filter`` over each move
finds (the factorised filter is an optimisation, never a different rule)."""

from functools import reduce
from operator import or_

import pytest

from edugov.casework import registry
from edugov.casework.models import Case
from edugov.casework.selectors import todo
from edugov.conftest import make_user
from edugov.core.scoping import scope_filter, scope_filter_any

pytestmark = pytest.mark.django_db

MEMBERS = (
    "city_admin",
    "donghu_officer",
    "donghu_principal",
    "jinxian_principal",
    "counselor",
    "dept_staff",
)


def test_the_factorised_filter_finds_what_the_per_move_filters_find(world):
    actions = [a for ct in registry.all_types() for a in ct.todo_actions()]
    assert len(actions) > 40
    # The junior school's principal is a member of the lead unit of its crisis cases but
    # not one of their readers: confinement must keep them out of her 待办.
    users = [getattr(world, name) for name in MEMBERS]
    users.append(make_user("junior_principal", "school_admin", world.donghu_junior))
    seen_any = 0
    for user in users:
        name = user.username
        singles = [q for a in actions if (q := scope_filter(Case, user, a)) is not None]
        expected = (
            set(Case.objects.filter(reduce(or_, singles)).values_list("pk", flat=True))
            if singles
            else set()
        )
        q = scope_filter_any(Case, user, actions)
        found = set(Case.objects.filter(q).values_list("pk", flat=True)) if q is not None else set()
        assert found == expected, name
        assert set(todo(user).values_list("pk", flat=True)) == set(
            Case.objects.filter(pk__in=expected, is_open=True).values_list("pk", flat=True)
        ), name
        seen_any += bool(found)
    assert seen_any >= 3  # the world gives several members something to do
