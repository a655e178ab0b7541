"""``{% light_rows table %}``: the rows of a list's table, planned once per column
(edugov/core/tables.py)."""

from django import template

from edugov.core.tables import light_rows as _light_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def light_rows(context, table):
    return _light_rows(table, context)
