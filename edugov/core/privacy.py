"""Exposure rules for responses that carry personal data (GB/T 22239 §8.1.4.11).

- ``NoStoreMixin`` / ``no_store``: ``Cache-Control: no-store`` (and Django's
  never-cache set) so that neither a shared proxy nor the browser's disk cache keeps a
  page with names and ID numbers. Works on Django views and DRF viewsets alike.
- ``RefusePersonalQueryMixin``: a GET whose query string carries something shaped like
  an ID or a mobile number is refused with 400, because query strings end up in access
  logs, proxies and browser history; ID searches are POST forms.
- ``watermarked_csv_response`` / ``watermarked_xlsx_response``: exports that name who
  took them (a last row, and the xlsx document properties).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from .io.export import ExportColumn, csv_response, xlsx_response

# 17 digits + check character (optionally with a 学籍号 letter), or a mainland mobile.
PERSONAL_IN_QUERY = re.compile(r"(?<![0-9A-Za-z])([GJLgjl]?\d{17}[\dXx]|1[3-9]\d{9})(?!\d)")


def mark_no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    response["Pragma"] = "no-cache"
    return response


def no_store(view):
    """Decorator for function views that return personal data."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        return mark_no_store(view(*args, **kwargs))

    return wrapped


class NoStoreMixin:
    """Put first in the bases of a view or viewset that renders personal data."""

    def dispatch(self, request, *args, **kwargs):
        return mark_no_store(super().dispatch(request, *args, **kwargs))


def query_has_personal_data(querydict) -> bool:
    return any(PERSONAL_IN_QUERY.search(v) for vs in querydict.lists() for v in vs[1])


class RefusePersonalQueryMixin:
    """Refuse (400) a GET whose query string looks like it carries an ID or phone."""

    def dispatch(self, request, *args, **kwargs):
        if query_has_personal_data(request.GET):
            return mark_no_store(
                HttpResponseBadRequest(
                    _("Personal data is not accepted in the address; use the search form.")
                )
            )
        return super().dispatch(request, *args, **kwargs)


def watermarked_csv_response(
    objects: Iterable[Any], columns: list[ExportColumn], filename: str, watermark: str
) -> StreamingHttpResponse:
    """``core.io.export.csv_response`` with the watermark row, sent ``no-store``."""
    return mark_no_store(csv_response(objects, columns, filename, watermark=watermark))


def watermarked_xlsx_response(
    objects: Iterable[Any],
    columns: list[ExportColumn],
    filename: str,
    watermark: str,
    properties: dict[str, str] | None = None,
) -> FileResponse:
    """``core.io.export.xlsx_response`` with the watermark in a last row and in the
    document properties (author, company, comments), sent ``no-store``."""
    props = {"comments": watermark, **(properties or {})}
    response = xlsx_response(objects, columns, filename, watermark=watermark, properties=props)
    return mark_no_store(response)
