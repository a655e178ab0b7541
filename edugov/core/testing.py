"""Reusable permission tests: a module's test class names its views, an object in the
user's scope and one outside it, and gets "in scope → 200, out of scope → 404" for the
list, detail, edit and export views for free (the NetBox ViewTestCases idea)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.urls import reverse


class ScopedViewTests:
    """Mix into a pytest class and implement ``objects(cast) -> (user, inside, outside)``.

    ``list_url``/``export_url`` are URL names; ``detail_url``/``edit_url`` take a pk.
    Leave one empty to skip it.
    """

    list_url: ClassVar[str] = ""
    detail_url: ClassVar[str] = ""
    edit_url: ClassVar[str] = ""
    export_url: ClassVar[str] = ""

    def objects(self, cast) -> tuple[Any, Any, Any]:
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj.code if hasattr(obj, "code") else obj.pk)

    def test_the_list_shows_in_scope_rows_only(self, cast, client_for):
        if not self.list_url:
            return
        user, inside, outside = self.objects(cast)
        response = client_for(user).get(reverse(self.list_url), {"per_page": 500})
        assert response.status_code == 200
        body = response.content.decode()
        assert self.label(inside) in body
        assert self.label(outside) not in body

    def test_the_detail_page_answers_200_in_scope_and_404_outside(self, cast, client_for):
        if not self.detail_url:
            return
        user, inside, outside = self.objects(cast)
        client = client_for(user)
        assert client.get(reverse(self.detail_url, args=[inside.pk])).status_code == 200
        assert client.get(reverse(self.detail_url, args=[outside.pk])).status_code == 404

    def test_the_edit_page_answers_200_in_scope_and_404_outside(self, cast, client_for):
        if not self.edit_url:
            return
        user, inside, outside = self.objects(cast)
        client = client_for(user)
        assert client.get(reverse(self.edit_url, args=[inside.pk])).status_code == 200
        assert client.get(reverse(self.edit_url, args=[outside.pk])).status_code == 404
        assert client.post(reverse(self.edit_url, args=[outside.pk]), {}).status_code == 404

    def test_the_export_contains_in_scope_rows_only(self, cast, client_for):
        if not self.export_url:
            return
        user, inside, outside = self.objects(cast)
        response = client_for(user).get(reverse(self.export_url), {"format": "csv"})
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert self.label(inside) in body
        assert self.label(outside) not in body
