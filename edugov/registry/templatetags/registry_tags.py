"""Small filters for the evaluation tables."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def num(value, places=2):
    """A figure with ``places`` decimals; "—" for no value (None or NaN)."""
    if value is None or value != value:
        return "—"
    if isinstance(value, bool):
        return value
    return f"{float(value):,.{int(places)}f}"


@register.filter
def pct(share):
    """A 0–1 share as a percentage."""
    if share is None or share != share:
        return "—"
    return f"{share * 100:.1f}%"
