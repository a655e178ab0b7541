"""Case types are declared and checked at registration, like models."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ImproperlyConfigured

from edugov.casework import registry
from edugov.casework.declarations import LEAD, OWNER, Kind, Rung, State, Transition
from edugov.casework.models import Case
from edugov.core.scoping import perm_name

from .casetypes import COMPLAINT


def broken(**changes):
    return dataclasses.replace(COMPLAINT, code="t_broken", **changes)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"initial": "nowhere"}, "initial state"),
        ({"initial": "closed"}, "cannot be terminal"),
        ({"prefix": ""}, "prefix"),
        ({"deadline": "五天"}, "无法识别的期限"),
        ({"clock_starts": "nope"}, "clock_starts"),
        ({"states": COMPLAINT.states[:-1]}, "no terminal state"),
        (
            {"transitions": (Transition("x", "x", ("received",), "gone", OWNER),)},
            "unknown target",
        ),
        (
            {"transitions": (Transition("x", "x", ("received",), "answered", OWNER, kind="fly"),)},
            "unknown kind",
        ),
        (
            {
                "transitions": (
                    Transition("r", "回访", ("answered",), "reviewed", OWNER, kind=Kind.REVIEW),
                )
            },
            "reopen_to",
        ),
        (
            {
                "transitions": (
                    Transition("s", "销号", ("reviewed",), "handling", OWNER, kind=Kind.STRIKE_OFF),
                )
            },
            "terminal",
        ),
        (
            {
                "transitions": (
                    Transition(
                        "e", "延期", ("handling",), "answered", LEAD, kind=Kind.EXTEND_REQUEST
                    ),
                )
            },
            "keeps the state",
        ),
        (
            {
                "transitions": (
                    Transition("c", "办结", ("closed",), "answered", LEAD, kind=Kind.CLOSE),
                )
            },
            "terminal state has no moves",
        ),
        (
            {"escalation": (Rung(1, "提醒", before="1 个工作日", after="2 个工作日"),)},
            "exactly one",
        ),
        (
            {"escalation": (Rung(2, "a", after="1 个工作日"), Rung(1, "b", after="2 个工作日"))},
            "ascending",
        ),
        ({"states": (*COMPLAINT.states, State("closed", "重复", terminal=True))}, "unique"),
    ],
)
def test_a_broken_declaration_is_refused_naming_the_problem(changes, words):
    with pytest.raises(ImproperlyConfigured, match=words):
        registry.register(broken(**changes))
    with pytest.raises(LookupError):
        registry.get("t_broken")


def test_the_same_code_cannot_be_declared_twice():
    registry.register(COMPLAINT)
    registry.register(COMPLAINT)  # the same declaration, imported twice: fine
    with pytest.raises(ValueError, match="already registered"):
        registry.register(dataclasses.replace(COMPLAINT))


def test_each_move_is_an_action_of_the_scoping_mechanism():
    registry.register(COMPLAINT)
    assert "t_complaint:assign" in Case.actions and "comment" in Case.actions
    assert perm_name(Case, "t_complaint:sign") == "casework.change_case"
    rule = repr(Case.actions["t_complaint:approve_extension"].relation)
    assert "extension_pending=True" in rule and "MemberOf(supervising_unit)" in rule


def test_a_new_type_adds_its_actions_and_unregistering_removes_them():
    other = dataclasses.replace(COMPLAINT, code="t_other")
    registry.register(other)
    try:
        assert "t_other:sign" in Case.actions
    finally:
        registry.unregister("t_other")
    assert "t_other:sign" not in Case.actions
