"""Every list says, when empty, what would fill it and who provides it (issue 15,
defect 10: a principal found 13 empty pages and no page said why)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from edugov.core.views import ScopedListView


def _list_views(patterns=None):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _list_views(p.url_patterns)
        elif isinstance(p, URLPattern):
            cls = getattr(p.callback, "view_class", None)
            if cls is not None and issubclass(cls, ScopedListView):
                yield cls


def test_every_list_declares_what_would_fill_it():
    views = list(_list_views())
    assert len(views) > 20
    missing = [f"{v.__module__}.{v.__name__}" for v in views if not str(v.empty_hint)]
    assert missing == []


def test_every_hint_is_translated_into_chinese():
    with translation.override("zh-hans"):
        untranslated = [
            str(v.empty_hint)
            for v in _list_views()
            if not any("\u4e00" <= ch <= "\u9fff" for ch in str(v.empty_hint))
        ]
    assert untranslated == []


@pytest.mark.django_db
def test_an_empty_list_names_its_rows_and_who_provides_them(cast, client_for):
    response = client_for(cast.donghu_officer).get(reverse("workplan:notice_list"))
    html = response.content.decode()
    assert 'data-testid="empty-state"' in html
    assert "暂无督办单" in html
    assert "督导室" in html


@pytest.mark.django_db
def test_a_filtered_empty_list_says_the_filter_found_nothing(cast, client_for):
    response = client_for(cast.donghu_officer).get(
        reverse("workplan:notice_list"), {"state": "issued"}
    )
    assert "没有符合筛选条件的督办单" in response.content.decode()
