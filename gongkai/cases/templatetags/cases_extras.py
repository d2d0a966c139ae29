"""Small template filters for the case platform."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ counts|get_item:key }}``."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
