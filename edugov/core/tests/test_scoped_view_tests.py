"""The permission mixin itself: a check with no URL fails instead of passing on
nothing, and ``not_applicable`` is the only way to leave one out, with a reason."""

from __future__ import annotations

import pytest

from edugov.core.testing import CHECKS, ScopedViewTests


class _Unset(ScopedViewTests):
    """A module's test class that forgot every URL (not collected: no Test prefix)."""


@pytest.mark.parametrize("test", sorted(CHECKS))
def test_an_unset_url_fails_its_check(test):
    # The URL is looked at before any fixture is used, so none is needed here.
    with pytest.raises(pytest.fail.Exception, match=CHECKS[test]):
        getattr(_Unset(), test)(cast=None, client_for=None)


def test_a_check_named_not_applicable_is_skipped_with_its_reason():
    class _Exempt(ScopedViewTests):
        not_applicable = {"test_the_export_contains_in_scope_rows_only": "no export page"}

    with pytest.raises(pytest.skip.Exception, match="no export page"):
        _Exempt().test_the_export_contains_in_scope_rows_only(cast=None, client_for=None)


def test_a_check_named_not_applicable_while_its_url_is_set_fails():
    class _Contradiction(ScopedViewTests):
        export_url = "org:unit_export"
        not_applicable = {"test_the_export_contains_in_scope_rows_only": "no export page"}

    with pytest.raises(pytest.fail.Exception, match="export_url is set"):
        _Contradiction().test_the_export_contains_in_scope_rows_only(cast=None, client_for=None)


@pytest.mark.parametrize(
    "not_applicable",
    [{"test_the_exprot_contains_in_scope_rows_only": "typo"}, {next(iter(CHECKS)): " "}],
    ids=["unknown test", "blank reason"],
)
def test_a_not_applicable_entry_needs_a_known_test_and_a_reason(not_applicable):
    with pytest.raises(TypeError):
        type("_Bad", (ScopedViewTests,), {"not_applicable": not_applicable})
