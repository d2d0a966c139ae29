"""The national holiday schedule's pages: read by all staff, changed by the site administrator only.

A year is entered by pasting the State Council's notice (parsed and shown for confirmation), or
day by day with edit and delete; see :mod:`gongkai.cases.schedule` for the rules and the audit.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import clock
from . import forms as f
from . import models as m
from . import schedule as sch
from .notice import parse_notice


class NoticeForm(forms.Form):
    notice = forms.CharField(label="通知全文", max_length=20000, widget=forms.Textarea(attrs={"rows": 14}),
                             help_text="粘贴《国务院办公厅关于××××年部分节假日安排的通知》全文（或其“一、元旦：……”各项）")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099,
                              help_text="通知含标题时可不填")
    source = forms.CharField(label="依据（文号）", required=False, max_length=200,
                             help_text="如：国办发明电〔2026〕××号")


class CompleteYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099)
    source = forms.CharField(label="依据", required=False, max_length=200,
                             help_text="如：国务院办公厅关于2027年部分节假日安排的通知")


def _messages(e: ValidationError) -> str:
    return "；".join(e.messages)


def _page(request, **ctx):
    cal = m.work_calendar()
    today = m.dates.today()
    days = list(m.ScheduleDay.objects.order_by("date"))
    by_year: dict[int, list] = {}
    for d in days:
        by_year.setdefault(d.date.year, []).append(d)
    years = {y.year: y for y in m.ScheduleYear.objects.all()}
    entered = [{"year": y, "days": ds, "complete": y in years, "source": years[y].source if y in years else "",
                "missing": sch.missing_festivals(y)} for y, ds in sorted(by_year.items(), reverse=True)]
    ctx.setdefault("notice_form", NoticeForm())
    ctx.setdefault("day_form", f.ScheduleDayForm())
    ctx.setdefault("year_form", CompleteYearForm())
    return render(request, "cases/holidays.html", {
        "can_manage": sch.can_manage(request.user), "known": clock._year_ranges(cal.known_years),
        "next_year": today.year + 1, "next_known": cal.is_known(today.year + 1),
        "this_known": cal.is_known(today.year), "this_year": today.year,
        "entered": entered, "complete_years": sorted(years, reverse=True),
        "events": m.ScheduleEvent.objects.all()[:30], "festivals": clock.STATUTORY_FESTIVALS, **ctx})


def _done(request, result: dict, what: str):
    n = result.get("recomputed", 0)
    messages.success(request, f"{what}；已重算 {n} 件在办申请的期限（每件的办理记录中留有重算记录）")
    return redirect("cases:holidays")


@login_required
def holidays(request):
    """The national schedule: every staff member reads it; the site administrator changes it."""
    if request.method != "POST":
        return _page(request)
    if not sch.can_manage(request.user):
        raise PermissionDenied("节假日安排是全国统一的，只有站点管理员可以录入或修改")
    what = request.POST.get("what")
    if what in ("preview", "confirm"):
        form = NoticeForm(request.POST)
        if not form.is_valid():
            return _page(request, notice_form=form)
        try:
            parsed = parse_notice(form.cleaned_data["notice"], form.cleaned_data["year"])
        except clock.ClockError as e:
            form.add_error("notice", str(e))
            return _page(request, notice_form=form)
        if what == "preview" or parsed.missing:
            if parsed.missing:
                form.add_error(None, f"通知中没有：{'、'.join(parsed.missing)}。每个法定节日都在通知中，"
                                     f"才能登记全年安排（《全国年节及纪念日放假办法》第二条）")
            return _page(request, notice_form=form, parsed=parsed)
        try:
            result = sch.enter_notice(parsed, request.user, form.cleaned_data["source"])
        except ValidationError as e:
            form.add_error(None, _messages(e))
            return _page(request, notice_form=form, parsed=parsed)
        return _done(request, result, f"已按通知录入{parsed.year}年全年安排（{len(parsed.holidays)}个放假日、"
                                      f"{len(parsed.workdays)}个调休上班日）")
    if what == "day":
        form = f.ScheduleDayForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = sch.save_day(request.user, d["date"], d["is_workday"], d["note"])
            except ValidationError as e:
                form.add_error(None, _messages(e))
            else:
                return _done(request, result, f"已录入 {result['day']}")
        return _page(request, day_form=form)
    if what == "year":
        form = CompleteYearForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                result = sch.complete_year(request.user, year, form.cleaned_data["source"])
            except ValidationError as e:
                form.add_error(None, _messages(e))
            else:
                return _done(request, result, f"已登记{year}年全年安排")
        return _page(request, year_form=form)
    return redirect("cases:holidays")


@login_required
def holiday_day(request, pk: int):
    """Edit one entered day (site administrator)."""
    if not sch.can_manage(request.user):
        raise PermissionDenied("节假日安排是全国统一的，只有站点管理员可以录入或修改")
    day = get_object_or_404(m.ScheduleDay, pk=pk)
    form = f.ScheduleDayForm(request.POST or None, instance=m.ScheduleDay.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = sch.save_day(request.user, d["date"], d["is_workday"], d["note"], instance=day)
        except ValidationError as e:
            form.add_error(None, _messages(e))
        else:
            return _done(request, result, f"已修改 {result['day']}")
    return render(request, "cases/holiday_day.html", {"day": day, "form": form})


@login_required
@require_POST
def holiday_day_delete(request, pk: int):
    if not sch.can_manage(request.user):
        raise PermissionDenied("节假日安排是全国统一的，只有站点管理员可以录入或修改")
    day = get_object_or_404(m.ScheduleDay, pk=pk)
    try:
        result = sch.delete_day(request.user, day)
    except ValidationError as e:
        messages.error(request, _messages(e))
        return redirect("cases:holidays")
    return _done(request, result, f"已删除 {day}")
