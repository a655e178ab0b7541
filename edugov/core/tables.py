"""What every list page shares about its table: a light row rendering and a count that
costs little on big tables.

**Light rows.** django-tables2 renders each cell through ``BoundRow.get_cell``: it builds
an accessor, looks the model field up for choices, introspects the render method's
signature (``inspect.signature``) and recomputes the column's attributes, then the
template renders each ``<td>`` tag by tag. That is fine for 20 rows and costs most of a
1M-row list page's Python time (docs/performance.md). ``light_rows`` plans every column
once per table — its accessor, its choices display, which arguments its render method
takes, its ``<td>`` attributes — and then only resolves values and joins strings. The
Table declaration stays the one the export and the API use; the result is the same HTML
cell for cell (``core/tests/test_light_rows.py`` compares it with django-tables2's own).

**Estimated counts.** ``COUNT(*)`` over a million rows costs ~200 ms on PostgreSQL. An
unfiltered list whose table is that big shows the planner's estimate ("约 1,000,000")
and pages without counting (django-tables2's ``LazyPaginator``: a page reads one row
more than it shows to know whether there is a next one). A filtered list, a small one
and SQLite count exactly.
"""

from __future__ import annotations

import inspect
import json
from functools import partialmethod
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize as localize_filter
from django.templatetags.l10n import unlocalize as unlocalize_filter
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import LazyPaginator
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import A, signature

# The arguments django-tables2 may pass a render method (BoundRow._optional_cell_arguments).
_CELL_ARGS = ("value", "record", "column", "bound_column", "bound_row", "table")


def _has_callable(*dicts: Any) -> bool:
    return any(callable(v) for d in dicts if isinstance(d, dict) for v in d.values())


class _Cell:
    """One column's plan: everything django-tables2 recomputes for each cell, once."""

    def __init__(self, table: Any, bound_column: Any) -> None:
        column = bound_column.column
        self.bound_column = bound_column
        self.column = column
        self.accessor = A(bound_column.accessor)
        self.empty_values = column.empty_values
        self.default = bound_column.default
        self.is_m2m = isinstance(column, ManyToManyColumn)
        self.text_link = isinstance(column, BaseLinkColumn) and column.text is not None
        self.link = bound_column.link
        self.localize = column.localize
        # A choices field shows get_FOO_display(), as BoundRow does.
        self.display = None
        self.own_choices: tuple[str, dict] | None = None
        model = getattr(getattr(table, "data", None), "model", None)
        if model is not None:
            try:
                field = self.accessor.get_field(model)
            except FieldDoesNotExist:
                field = None
            if getattr(field, "choices", ()):
                self.display = f"get_{self.accessor.bits[-1]}_display"
                # A choices field of the row itself whose get_FOO_display is Django's
                # own: look the label up in a dict built once (Django rebuilds it for
                # every call).
                if len(self.accessor.bits) == 1 and isinstance(
                    inspect.getattr_static(model, self.display, None), partialmethod
                ):
                    self.own_choices = (field.attname, dict(make_hashable(field.flatchoices)))
        render = bound_column.render
        args, kwargs_name = signature(render)
        self.render = render
        self.render_args = _CELL_ARGS if kwargs_name else tuple(args)
        # call_with_appropriate returns None when the method wants an argument it
        # cannot be given; keep that behaviour.
        self.render_unsatisfiable = not kwargs_name and any(a not in _CELL_ARGS for a in args)
        # The <td> attributes are the same for every row unless one is computed per cell.
        raw = [table.attrs, column.attrs]
        computed = _has_callable(*(d.get(k) for d in raw for k in ("td", "cell") if d))
        self.td = None if computed else SafeString(bound_column.attrs["td"].as_html())

    def value(self, record: Any) -> tuple[bool, Any]:
        """(found, value) as BoundRow._get_and_render_with resolves it."""
        accessor = self.accessor
        if self.own_choices is not None and isinstance(record, models.Model):
            attname, labels = self.own_choices
            value = getattr(record, attname)
            return True, force_str(labels.get(make_hashable(value), value), strings_only=True)
        if self.display is not None:
            penultimate, remainder = accessor.penultimate(record)
            if isinstance(penultimate, models.Model):
                display_fn = getattr(penultimate, self.display, None)
                if display_fn:
                    return True, display_fn()
        try:
            return True, accessor.resolve(record)
        except Exception:
            return (False, None) if self.text_link else (True, None)

    def html(self, record: Any, row: BoundRow, table: Any, context: Any) -> str:
        found, value = self.value(record)
        if found and (value in self.empty_values or (self.is_m2m and not value.exists())):
            content = self.default
        else:
            kwargs = {
                "value": value,
                "record": record,
                "column": self.column,
                "bound_column": self.bound_column,
                "bound_row": row,
                "table": table,
            }
            if self.render_unsatisfiable:
                content = None
            else:
                content = self.render(**{k: kwargs[k] for k in self.render_args})
            if self.link:
                content = self.link(content, **kwargs)
        if self.localize is True:
            content = localize_filter(content)
        elif self.localize is False:
            content = unlocalize_filter(content)
        cell = render_value_in_context(content, context)
        if self.td is not None:
            td = self.td
        else:
            self.bound_column.current_record = record
            self.bound_column.current_value = content
            td = self.bound_column.attrs["td"].as_html()
        return f"<td {td}>{cell}</td>"


def light_rows(table: Any, context: Any) -> SafeString:
    """The ``<tr>`` rows of the table's current page (or its empty text), as the
    bootstrap5 template's ``table.tbody`` block renders them."""
    cells = [_Cell(table, bc) for bc in table.columns]
    out: list[str] = []
    for row in table.paginated_rows:
        record = row.record
        out.append(f"<tr {row.attrs.as_html()}>")
        out.extend(c.html(record, row, table, context) for c in cells)
        out.append("</tr>")
    if not out and table.empty_text:
        out.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(cells), table.empty_text))
    return mark_safe("".join(out))


# --- counting ----------------------------------------------------------------


class EstimatedPaginator(LazyPaginator):
    """Pages without counting; ``count`` is the planner's estimate, shown as "about"."""

    estimated = True

    def __init__(self, object_list, per_page, *, estimate: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.estimate = estimate

    @property
    def count(self) -> int:
        return self.estimate

    @property
    def count_display(self) -> str:
        # Thousands separators in Chinese too ("约 1,000,000"): zh-Hans's own number
        # format groups nothing.
        return f"{self.estimate:,}"


def _rounded(n: int) -> int:
    """Two significant figures: an estimate shown to the row would claim a precision it
    does not have (1,000,317 → 1,000,000)."""
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return round(n / step) * step


def estimated_count(qs: models.QuerySet) -> int | None:
    """The planner's row estimate for ``qs`` when the list is big enough to deserve one
    (``EDUGOV_ESTIMATE_COUNT_ABOVE``, default 100,000), else ``None`` (count exactly).

    Only on PostgreSQL. ``pg_class.reltuples`` of the table decides first, so a small
    table costs one catalogue read; for a big one, ``EXPLAIN`` of the scoped query tells
    whether the user's share of it is big too (a principal's one school is not)."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    threshold = settings.EDUGOV_ESTIMATE_COUNT_ABOVE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(qs.model._meta.db_table)],
        )
        found = cursor.fetchone()
        if found is None or found[0] < threshold:
            return None
        sql, params = qs.order_by().query.sql_with_params()
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    rows = int(plan[0]["Plan"]["Plan Rows"])
    return _rounded(rows) if rows >= threshold else None
