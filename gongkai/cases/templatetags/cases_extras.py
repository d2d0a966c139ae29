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


# The agency menu: one list, one template (cases/_agency_nav.html), the same on every staff page.
# (label, URL name, roles that see it — None: every member)
AGENCY_MENU = (
    ("工作台", "cases:agency", None),
    ("登记申请", "cases:register", ("registrar", "handler", "admin")),
    ("年度报告", "cases:report_current", None),
    ("主动公开登记", "registers:documents", None),
    ("文书模板", "letters:templates", None),
    ("文书设置", "letters:settings", None),
    ("节假日安排", "cases:holidays", None),  # national (one page for all agencies): no agency in its URL
    ("机关设置", "cases:settings", ("admin",)),
)


NATIONAL_PAGES = frozenset({"cases:holidays"})


@register.inclusion_tag("cases/_agency_nav.html", takes_context=True)
def agency_menu(context, agency):
    """``{% agency_menu agency %}``: the menu for the user's roles at ``agency``, whatever the view passed."""
    from django.urls import reverse

    from gongkai.cases.models import roles_of

    request = context.get("request")
    roles = roles_of(request.user, agency) if request is not None else set()
    here = request.path if request is not None else ""
    items = []
    for label, name, need in AGENCY_MENU:
        if need is not None and not roles & set(need):
            continue
        url = reverse(name) if name in NATIONAL_PAGES else reverse(name, args=[agency.slug])
        items.append({"label": label, "url": url, "current": here == url})
    return {"agency": agency, "items": items}

@register.filter
def provisional(day, form="long"):
    """``{{ app.due_on|provisional }}``: a 暂定 mark when ``day`` falls in a year whose official
    holiday schedule is missing (the date was counted by the law's festivals, without 调休).

    Long form "（暂定：2027年节假日安排尚未录入，按法定节日推算）"; ``|provisional:"short"`` prints
    "暂定" with the same text as its title (the workbench's rows)."""
    import datetime as dt

    from django.utils.html import format_html

    from .. import models as m

    if not isinstance(day, dt.date):
        return ""
    note = m.provisional_note(m.provisional_years(day))
    if not note:
        return ""
    if form == "short":
        return format_html(' <span class="provisional" title="{}">暂定</span>', note)
    return format_html('<span class="provisional">（{}）</span>', note)


@register.simple_tag(takes_context=True)
def schedule_reminder(context):
    """From 1 November, remind the site administrator while next year's holiday schedule is missing."""
    from django.urls import reverse
    from django.utils.html import format_html

    from .. import models as m
    from .. import schedule

    text = schedule.next_year_reminder(context.get("user"), m.dates.today())
    if not text:
        return ""
    return format_html('<div class="warn-box" id="schedule-reminder">{} <a href="{}">去录入</a></div>',
                       text, reverse("cases:holidays"))


@register.filter
def weekday_zh(day):
    """``{{ d|weekday_zh }}`` → "星期六" (whatever the page's language)."""
    from ..clock import WEEKDAYS_ZH

    try:
        return WEEKDAYS_ZH[day.weekday()]
    except AttributeError:
        return ""
