"""The national holiday schedule on the platform: site administrator only, audited, and the open
applications recomputed when a year is entered.

The 2027 notice below is invented in the style of the State Council's notices (the real one is not
published yet). Every expected date is counted by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.cases import models as m
from gongkai.cases import schedule as sch
from gongkai.cases.notice import parse_notice

from .platform_world import application

pytestmark = pytest.mark.django_db
D = dt.date

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知

经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。

节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
"""


@pytest.fixture
def site_admin(db):
    return get_user_model().objects.create_user("site", "site@example.org", "pw-12345678", is_superuser=True)


def login(client, user):
    client.force_login(user)
    return client


def _on(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(m.dates, "today", lambda: day)


def test_only_a_site_administrator_changes_the_schedule(client, people, site_admin):
    for u in (people.admin, people.handler, people.stranger):
        login(client, u)
        assert client.get(reverse("cases:holidays")).status_code == 200  # every staff member reads it
        for data in ({"what": "day", "date": "2027-01-01", "note": "元旦"},
                     {"what": "confirm", "notice": NOTICE_2027}, {"what": "year", "year": "2027"}):
            assert client.post(reverse("cases:holidays"), data).status_code == 403
    assert not m.ScheduleDay.objects.exists() and not m.ScheduleEvent.objects.exists()
    # A user holding the site permission (not a superuser) may.
    from django.contrib.auth.models import Permission

    people.nobody.user_permissions.add(Permission.objects.get(codename="add_scheduleyear"))
    nobody = get_user_model().objects.get(pk=people.nobody.pk)
    assert sch.can_manage(nobody) and sch.can_manage(site_admin) and not sch.can_manage(people.admin)
    client.logout()
    r = client.get(reverse("cases:holidays"))
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


def test_pasted_notice_is_shown_then_entered_and_open_dates_recomputed(client, people, site_admin, monkeypatch):
    _on(monkeypatch, D(2027, 1, 25))
    # Received Wed 2027-01-20. Provisional (the law's 春节: 2-5 除夕 … 2-8 初三 off): 1-21, 1-22 (1, 2);
    # 1-25…1-29 (3–7); 2-1…2-4 (8–11); 2-9…2-12 (12–15); 2-15…2-19 (16–20) → 2-19.
    app = application(people.a, people.registrar, received=D(2027, 1, 20))
    assert app.due_on == D(2027, 2, 19) and app.due_provisional_years == (2027,)
    # A 补正 notice on 2027-01-20 with 15 working days: 1-21…2-4 are 11, 2-9…2-12 → 2-12.
    corr = application(people.a, people.registrar, received=D(2027, 1, 20))
    corr.request_correction(people.handler, D(2027, 1, 20), "请写明文号", days=15)
    assert corr.correction_due_on == D(2027, 2, 12)
    # Received Mon 2027-01-18, consultation sent 1-25: the party has 15 working days:
    # 1-26…1-29 (4), 2-1…2-4 (8), 2-9…2-12 (12), 2-15…2-17 (15) → 2-17. Days left at the pause:
    # the due date 2-17 counted from 1-24: 1-25…1-29 (5), 2-1…2-4 (4), 2-9…2-12 (4), 2-15…2-17 (3) = 16.
    cons = application(people.a, people.registrar, received=D(2027, 1, 18))
    c = cons.start_consultation(people.handler, D(2027, 1, 25), "示例公司", "third_party")
    assert c.due_on == D(2027, 2, 17) and cons.days_remaining == 16

    login(client, site_admin)
    r = client.post(reverse("cases:holidays"), {"what": "preview", "notice": NOTICE_2027})
    html = r.content.decode()
    assert r.status_code == 200 and 'id="preview"' in html and 'id="confirm"' in html
    assert "2月5日、2月6日" in html and "2月14日" in html
    assert not m.ScheduleDay.objects.exists()  # shown, not yet entered

    r = client.post(reverse("cases:holidays"), {"what": "confirm", "notice": NOTICE_2027})
    assert r.status_code == 302
    assert m.ScheduleYear.objects.get().year == 2027
    assert m.ScheduleDay.objects.get(date=D(2027, 2, 14)).is_workday
    assert m.ScheduleDay.objects.get(date=D(2027, 2, 12)).note == "春节"
    event = m.ScheduleEvent.objects.get()
    assert event.action == "notice" and event.actor == site_admin and event.year == 2027
    assert event.detail["recomputed"] == 3

    # Official now: 2-5…2-13 off, 2-14 (Sun) and 2-20 (Sat) worked.
    # app: 1-21…2-4 are 11; 2-14 (12); 2-15…2-19 (13–17); 2-20 (18); 2-22, 2-23 (19, 20) → 2-23.
    app.refresh_from_db()
    assert app.due_on == D(2027, 2, 23) and app.due_provisional_years == ()
    trail = app.events.get(action="recompute_dates")
    assert trail.detail["changes"] == {"due_on": ["2027-02-19", "2027-02-23"]}
    assert trail.actor == site_admin and "2027" in trail.detail["reason"]
    # corr: 11 by 2-4; 2-14 (12); 2-15…2-17 (13–15) → 2-17.
    corr.refresh_from_db()
    assert corr.correction_due_on == D(2027, 2, 17)
    # cons: the party's 15 days: 1-26…2-4 (8); 2-14 (9); 2-15…2-19 (14); 2-20 (15) → 2-20.
    # The days left at the pause do not change (the days used before it are the same).
    cons.refresh_from_db()
    assert cons.consultations.get().due_on == D(2027, 2, 20) and cons.days_remaining == 16
    assert "consultation:示例公司" in cons.events.get(action="recompute_dates").detail["changes"]
    # The pages no longer mark 暂定.
    login(client, people.handler)
    assert "暂定" not in client.get(reverse("cases:detail", args=[app.pk])).content.decode()


def test_notice_missing_a_festival_cannot_be_confirmed(client, people, site_admin):
    login(client, site_admin)
    text = "\n".join(line for line in NOTICE_2027.splitlines() if "端午节：" not in line)
    r = client.post(reverse("cases:holidays"), {"what": "confirm", "notice": text})
    assert r.status_code == 200 and "端午节" in r.content.decode() and 'id="confirm"' not in r.content.decode()
    assert not m.ScheduleYear.objects.exists() and not m.ScheduleDay.objects.exists()


def test_unreadable_notice_is_refused_with_its_place(client, people, site_admin):
    login(client, site_admin)
    bad = NOTICE_2027.replace("共9天", "共8天")
    r = client.post(reverse("cases:holidays"), {"what": "preview", "notice": bad})
    html = r.content.decode()
    assert r.status_code == 200 and "共8天" in html and "春节" in html
    assert not m.ScheduleDay.objects.exists()


def test_day_by_day_entry_edit_delete_each_audited(client, people, site_admin, monkeypatch):
    _on(monkeypatch, D(2026, 12, 30))
    # Received 2026-12-30, provisional due 2027-01-28 (see test_records); entering 1-4 as a day off
    # moves it one working day: 1-29.
    app = application(people.a, people.registrar, received=D(2026, 12, 30), channel="post")
    assert app.due_on == D(2027, 1, 28)
    login(client, site_admin)
    r = client.post(reverse("cases:holidays"), {"what": "day", "date": "2027-01-04", "note": "元旦"})
    assert r.status_code == 302
    day = m.ScheduleDay.objects.get()
    assert not day.is_workday
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 29) and app.due_provisional_years == (2027,)  # the year is not complete
    # Edit: 1-4 becomes a working day again → back to 1-28.
    r = client.post(reverse("cases:holiday_day", args=[day.pk]), {"date": "2027-01-04", "is_workday": "on",
                                                                  "note": "元旦"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 28)
    r = client.post(reverse("cases:holiday_day_delete", args=[day.pk]))
    assert r.status_code == 302 and not m.ScheduleDay.objects.exists()
    assert [e.action for e in m.ScheduleEvent.objects.order_by("id")] == ["add_day", "edit_day", "delete_day"]
    assert m.ScheduleEvent.objects.get(action="edit_day").detail["before"]["is_workday"] is False
    assert app.events.filter(action="recompute_dates").count() == 2  # the delete changed nothing
    # Marking the year complete is refused while a festival is missing.
    m.ScheduleDay.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    r = client.post(reverse("cases:holidays"), {"what": "year", "year": "2027", "source": "国办发明电"})
    html = r.content.decode()
    assert r.status_code == 200 and "春节" in html and "国庆节" in html
    assert not m.ScheduleYear.objects.exists()


def test_a_complete_year_stays_complete(people, site_admin):
    sch.enter_notice(parse_notice(NOTICE_2027), site_admin)
    only_duanwu = m.ScheduleDay.objects.get(date=D(2027, 6, 9))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="端午节"):
        sch.delete_day(site_admin, only_duanwu)
    assert m.ScheduleDay.objects.filter(pk=only_duanwu.pk).exists()
    assert m.ScheduleEvent.objects.count() == 1  # the refused change left no trace but its refusal


def test_admin_site_cannot_change_the_schedule(client, site_admin):
    m.ScheduleDay.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    site_admin.is_staff = True
    site_admin.save()
    login(client, site_admin)
    day = m.ScheduleDay.objects.get()
    assert client.get(f"/admin/cases/scheduleday/{day.pk}/delete/").status_code in (302, 403)
    client.post(f"/admin/cases/scheduleday/{day.pk}/delete/", {"post": "yes"})
    assert m.ScheduleDay.objects.filter(pk=day.pk).exists()


def test_from_november_the_site_administrator_is_reminded(client, people, site_admin, monkeypatch):
    login(client, site_admin)
    _on(monkeypatch, D(2026, 10, 30))
    assert 'id="schedule-reminder"' not in client.get(reverse("cases:holidays")).content.decode()
    _on(monkeypatch, D(2026, 11, 2))
    html = client.get(reverse("cases:holidays")).content.decode()
    assert 'id="schedule-reminder"' in html and "2027年的法定节假日" in html
    m.forget_calendar()
    login(client, people.admin)  # an agency's administrator cannot enter it: no reminder
    assert 'id="schedule-reminder"' not in client.get(reverse("cases:agency", args=["a"])).content.decode()
    sch.enter_notice(parse_notice(NOTICE_2027), site_admin)
    login(client, site_admin)
    assert 'id="schedule-reminder"' not in client.get(reverse("cases:holidays")).content.decode()


def test_provisional_dates_are_marked_everywhere(client, people, monkeypatch):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from gongkai.letters import build
    from gongkai.letters import render as letters

    _on(monkeypatch, D(2026, 12, 30))
    app = application(people.a, people.registrar, received=D(2026, 12, 30), channel="post")
    known = application(people.a, people.registrar, received=D(2026, 9, 1))
    login(client, people.handler)
    detail = client.get(reverse("cases:detail", args=[app.pk])).content.decode()
    assert "暂定：2027年节假日安排尚未录入" in detail
    assert "暂定" not in client.get(reverse("cases:detail", args=[known.pk])).content.decode()
    workbench = client.get(reverse("cases:agency", args=["a"]), {"queue": "open"}).content.decode()
    assert 'class="provisional"' in workbench and "2027年的法定节假日与调休安排尚未录入" in workbench
    client.logout()
    track = client.get(reverse("cases:track", args=[app.tracking_code])).content.decode()
    assert "2027年1月28日前" in track and "暂定：2027年" in track
    # The receipt letter: the date marked and a closing note naming the year.
    letter = letters.render("receipt", build.letter_values(app, "receipt"))
    assert "2027年1月28日（暂定）" in letter.text
    assert letter.blocks[-1].text.startswith("注：2027年的法定节假日安排尚未公布")
    assert "暂定" not in letters.render("receipt", build.letter_values(known, "receipt")).text
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=people.handler)[0].key}")
    data = api.get(f"/api/applications/{app.pk}/").json()
    assert data["due_on"] == "2027-01-28" and data["due_provisional"] is True
    assert data["due_provisional_years"] == [2027]
    assert api.get(f"/api/applications/{known.pk}/").json()["due_provisional"] is False
