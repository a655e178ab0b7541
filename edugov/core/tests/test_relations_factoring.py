"""``relations.any_of``: the 待办's ~100 move rules, factored by their actor. That the
factored filter selects the same cases as the flat OR is checked over every app's world
rows in ``casework/tests/test_todo_filter.py``; here, the keys and the SQL's shape."""

from types import SimpleNamespace

from edugov.casework.models import Case
from edugov.core.relations import MemberOf, Person, Where, any_of

LEAD, OWNER = MemberOf("lead_unit"), MemberOf("unit")
USER = SimpleNamespace(pk=9, unit_id=1050)


def _sql(q) -> str:
    return str(Case.objects.filter(q).query)


def test_equal_relations_have_equal_keys_and_different_ones_do_not():
    assert MemberOf("lead_unit").key() == LEAD.key()
    assert MemberOf("unit").key() != LEAD.key()
    assert Person("lead_unit").key() != LEAD.key()  # same field, another class
    a = Where(case_type="x", state__in=["a"]) & LEAD
    assert a.key() == (Where(case_type="x", state__in=["a"]) & MemberOf("lead_unit")).key()
    assert a.key() != (Where(case_type="x", state__in=["b"]) & LEAD).key()
    assert (LEAD | OWNER).key() != (LEAD & OWNER).key()


def test_rules_sharing_an_actor_name_it_once_and_merge_their_states():
    rules = [
        Where(case_type="x", state__in=["a"]) & LEAD,
        Where(case_type="x", state="b") & MemberOf("lead_unit"),  # another instance
        Where(case_type="y", state="a") & OWNER,
        Where(case_type="y", state="c") & Where(extension_pending=True) & OWNER,
    ]
    sql = _sql(any_of(rules, USER, Case))
    assert sql.count('"casework_case"."lead_unit_id" = 1050') == 1
    assert sql.count('"casework_case"."unit_id" = 1050') == 1
    assert '"state" IN (a, b)' in sql
    # A row condition with another lookup (an extension pending) is not merged into
    # the plain one: its states stay its own.
    assert '"extension_pending" AND "casework_case"."state" IN (c)' in sql


def test_a_rule_of_another_shape_is_kept_whole():
    contradictory = Where(case_type="x") & Where(case_type="y") & LEAD
    sql = _sql(any_of([contradictory, Person("opened_by")], USER, Case))
    assert '"case_type" = x' in sql and '"case_type" = y' in sql


def test_a_null_state_is_not_merged_into_an_in_list():
    # state IS NULL is not state IN (NULL): the rule keeps its own condition.
    rules = [Where(case_type="x", state=None) & LEAD, Where(case_type="x", state="a") & LEAD]
    sql = _sql(any_of(rules, USER, Case))
    assert '"state" IS NULL' in sql and '"state" IN (a)' in sql
