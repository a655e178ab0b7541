"""A service's ValidationError lands on the form the user sees (ScopedFormView)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from edugov.core.views import add_service_errors


class _Form(forms.Form):
    year = forms.IntegerField()


def _valid_form() -> _Form:
    form = _Form(data={"year": "2023"})
    assert form.is_valid()
    return form


def test_an_error_on_a_field_of_the_form_stays_on_that_field() -> None:
    form = _valid_form()
    add_service_errors(form, ValidationError({"year": "the year is closed"}))
    assert form.errors == {"year": ["the year is closed"]}


def test_an_error_on_a_field_the_form_lacks_becomes_a_form_error() -> None:
    form = _valid_form()
    add_service_errors(form, ValidationError({"pupils": "more pupils than places"}))
    assert form.non_field_errors() == ["more pupils than places"]


def test_a_plain_error_becomes_a_form_error() -> None:
    form = _valid_form()
    add_service_errors(form, ValidationError(["duplicate", "written meanwhile"]))
    assert form.non_field_errors() == ["duplicate", "written meanwhile"]
