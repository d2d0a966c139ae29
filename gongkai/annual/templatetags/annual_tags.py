"""``{% report_warnings agency %}``: the annual report's deadline and the Art. 26 queue, in the agency menu."""

from django import template

register = template.Library()


@register.inclusion_tag("annual/_warnings.html")
def report_warnings(agency):
    from gongkai.registers.art26 import attention_count

    from ..deadlines import warning

    return {"agency": agency, "warning": warning(agency), "art26": attention_count(agency)}
