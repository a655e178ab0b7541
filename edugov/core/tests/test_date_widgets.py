"""Date pickers keep their value under zh-hans: ``<input type="date">`` takes ISO only, and
Django's zh-hans format (2023/09/25) made the browser show an edit form's date empty."""

import datetime as dt

from django import forms
from django.utils import translation

from edugov.core.widgets import DateInput, DateTimeInput


class Form(forms.Form):
    day = forms.DateField(widget=DateInput())
    at = forms.DateTimeField(widget=DateTimeInput())


def test_the_value_is_iso_in_every_language():
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            html = str(
                Form(initial={"day": dt.date(2023, 9, 25), "at": dt.datetime(2023, 9, 25, 8, 5)})
            )
        assert 'type="date"' in html and 'value="2023-09-25"' in html, lang
        assert 'type="datetime-local"' in html and 'value="2023-09-25T08:05"' in html, lang


def test_what_the_browser_sends_back_is_read():
    form = Form(data={"day": "2023-09-25", "at": "2023-09-25T08:05"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2023, 9, 25)
    assert form.cleaned_data["at"].replace(tzinfo=None) == dt.datetime(2023, 9, 25, 8, 5)


def test_no_form_of_the_app_builds_a_date_picker_of_its_own():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    own = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "/tests/" not in str(p) and '"type": "date' in p.read_text(encoding="utf-8")
    ]
    assert own == [], "use edugov.core.widgets.DateInput / DateTimeInput"
