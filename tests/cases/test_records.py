"""The records: receipt by channel, the clock on each path, outcomes, split, appeals, audit, no deletion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.cases import models as m

from .platform_world import TODAY, application

pytestmark = pytest.mark.django_db
D = dt.date


# --- receipt (Article 31) and the reply clock ----------------------------------------------

def test_in_person_received_the_day_submitted_and_due_20_working_days_later(people):
    # 2026-09-01 is a Tuesday. Counting (day of receipt not counted): 2,3,4 | 7-11 | 14-18 |
    # Sun 20 (make-up working day) | 21-24 (25 is the Mid-Autumn holiday) | 28, 29 → 20th = 29 Sept.
    app = application(people.a, people.registrar, received=D(2026, 9, 1))
    assert app.received_on == D(2026, 9, 1)
    assert app.due_on == D(2026, 9, 29)
    assert app.number == "2026-00001" and app.status == m.Status.NEW
    assert app.correction_window_ends() == D(2026, 9, 10)


def test_in_person_receipt_must_be_the_submission_day(people):
    app = m.Application(agency=people.a, applicant_type="natural_person", applicant_name="李四", id_number="1",
                        info_description="x", channel="in_person", submitted_on=D(2026, 9, 1),
                        status=m.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="提交之日"):
        app.register(people.registrar, D(2026, 9, 2))


@pytest.mark.parametrize("channel", ["post", "fax", "online"])
def test_post_fax_online_received_the_day_signed_or_confirmed(people, channel):
    app = application(people.a, people.registrar, received=D(2026, 9, 3), submitted=D(2026, 8, 31), channel=channel)
    assert app.received_on == D(2026, 9, 3)
    assert app.due_on == m.add_working_days(D(2026, 9, 3), 20)
    assert app.events.get(action="register").detail["rule"] == m.RECEIPT_RULE[channel]


def test_receipt_cannot_precede_submission_nor_be_in_the_future(people):
    app = application(people.a, received=None, channel="online", submitted=D(2026, 9, 3))
    with pytest.raises(ValidationError):
        app.register(people.registrar, D(2026, 9, 2))
    with pytest.raises(ValidationError):
        app.register(people.registrar, TODAY + dt.timedelta(days=1))
    assert m.Application.objects.get(pk=app.pk).received_on is None


def test_registering_past_the_known_calendar_gives_a_provisional_due_date(people, monkeypatch):
    monkeypatch.setattr(m.dates, "today", lambda: D(2026, 12, 30))
    app = application(people.a, received=None, channel="online", submitted=D(2026, 12, 29))
    app.register(people.registrar, D(2026, 12, 30))  # never refused because of the calendar
    # Counted by hand from 2026-12-30 (Wed): 12-31 is day 1; 2027-01-01 (Fri) 元旦 by the law's
    # Art. 2; 1-2/1-3 weekend; 1-4…1-8 days 2-6; 1-11…1-15 7-11; 1-18…1-22 12-16; 1-25…1-28 17-20.
    fresh = m.Application.objects.get(pk=app.pk)
    assert fresh.received_on == D(2026, 12, 30) and fresh.status == m.Status.NEW
    assert fresh.due_on == D(2027, 1, 28)
    assert fresh.due_provisional_years == (2027,)
    assert "2027年" in fresh.due_provisional_note and "暂定" in fresh.due_provisional_note
    assert fresh.events.get(action="register").detail["due_on"] == "2027-01-28"


def test_administrator_schedule_fills_an_unknown_year(people):
    # Provisional: 12-31 (Thu), 1 Jan 2027 (Fri) 元旦 by the law, 2-3 weekend, 4 and 5 Jan.
    assert m.add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)
    assert m.provisional_years(D(2026, 12, 30), D(2027, 1, 5)) == (2027,)
    # An entered year (here one with 4 Jan off as well) replaces the provisional rule.
    m.ScheduleDay.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    m.ScheduleDay.objects.create(date=D(2027, 1, 4), is_workday=False, note="元旦")
    m.ScheduleYear.objects.create(year=2027, source="测试")
    m.forget_calendar()
    assert m.add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 6)
    assert m.provisional_years(D(2026, 12, 30), D(2027, 1, 6)) == ()


# --- 补正 (Article 30) ------------------------------------------------------------------

def test_correction_restarts_20_days_from_the_supplement(people):
    app = application(people.a, people.registrar)
    app.request_correction(people.handler, D(2026, 9, 8), "请写明文号", days=10)
    assert app.status == m.Status.CORRECTION and app.due_on is None
    assert app.correction_due_on == m.add_working_days(D(2026, 9, 8), 10)
    app.receive_supplement("申请人", D(2026, 9, 15), "文号为示政发〔2025〕1号")
    assert app.status == m.Status.PROCESSING
    assert app.restarted_on == D(2026, 9, 15)
    assert app.due_on == m.add_working_days(D(2026, 9, 15), 20)


def test_correction_only_once_and_only_within_7_working_days(people):
    app = application(people.a, people.registrar)
    with pytest.raises(ValidationError, match="7 个工作日"):
        app.request_correction(people.handler, D(2026, 9, 11), "x")
    app.request_correction(people.handler, D(2026, 9, 10), "x")
    app.receive_supplement("申请人", D(2026, 9, 11), "y")
    with pytest.raises(ValidationError, match="一次"):
        app.request_correction(people.handler, D(2026, 9, 14), "again")


def test_correction_window_warning_before_it_closes(people):
    app = application(people.a, people.registrar)  # window ends 2026-09-10
    assert app.correction_window_warning(D(2026, 9, 2)) is None
    assert app.correction_window_warning(D(2026, 9, 8)) == 2
    assert app.correction_window_warning(D(2026, 9, 10)) == 0
    assert app.correction_window_warning(D(2026, 9, 11)) is None


def test_no_supplement_ends_as_no_correction_only_after_the_deadline(people):
    app = application(people.a, people.registrar)
    app.request_correction(people.handler, D(2026, 9, 2), "x", days=5)
    with pytest.raises(ValidationError, match="尚未届满"):
        app.lapse_correction(people.handler, app.correction_due_on)
    app.lapse_correction(people.handler, m.add_working_days(app.correction_due_on, 1))
    assert app.status == m.Status.CLOSED and app.outcome == "other.no_correction"
    with pytest.raises(ValidationError):
        app.receive_supplement("申请人", TODAY, "late")


def test_late_supplement_refused(people):
    app = application(people.a, people.registrar)
    app.request_correction(people.handler, D(2026, 9, 2), "x", days=5)
    with pytest.raises(ValidationError, match="届满"):
        app.receive_supplement("申请人", m.add_working_days(app.correction_due_on, 1), "late")


def test_still_unclear_only_after_a_supplement(people):
    app = application(people.a, people.registrar)
    with pytest.raises(ValidationError, match="已补正"):
        app.close(people.handler, "unable.unclear", D(2026, 9, 10))
    app.request_correction(people.handler, D(2026, 9, 2), "x")
    app.receive_supplement("申请人", D(2026, 9, 4), "y")
    app.close(people.handler, "unable.unclear", D(2026, 9, 10))
    assert app.outcome == "unable.unclear"


# --- consultation (Articles 32, 34): pause and resume -----------------------------------------

def test_consultation_pauses_and_resumes_with_the_days_remaining(people):
    app = application(people.a, people.registrar)  # due 2026-09-29
    c = app.start_consultation(people.handler, D(2026, 9, 14), "示范建设有限公司", "third_party")
    assert c.due_on == m.add_working_days(D(2026, 9, 14), 15)
    assert app.status == m.Status.CONSULTATION and app.due_on is None
    # Days remaining counted from the pause day (inclusive) to the due date: 14-18 (5), Sun 20, 21-24, 28, 29 → 12.
    assert app.days_remaining == 12
    app.answer_consultation(people.handler, c, D(2026, 10, 9), "不同意公开")
    assert app.status == m.Status.PROCESSING
    assert app.due_on == m.add_working_days(D(2026, 10, 9), 12)
    assert app.days_remaining is None


def test_two_consultations_resume_only_when_both_answered(people):
    app = application(people.a, people.registrar)
    c1 = app.start_consultation(people.handler, D(2026, 9, 14), "甲公司", "third_party")
    c2 = app.start_consultation(people.handler, D(2026, 9, 15), "市交通运输局", "agency")
    app.answer_consultation(people.handler, c1, D(2026, 9, 21), "同意")
    assert app.status == m.Status.CONSULTATION and app.due_on is None
    app.answer_consultation(people.handler, c2, D(2026, 9, 22), "同意")
    assert app.status == m.Status.PROCESSING and app.due_on == m.add_working_days(D(2026, 9, 22), 12)


# --- extension (Article 33) -------------------------------------------------------------------

def test_extension_once_at_most_20_with_reason_approved_by_head(people):
    app = application(people.a, people.registrar)
    with pytest.raises(ValidationError, match="20"):
        app.request_extension(people.handler, 21, "多")
    with pytest.raises(ValidationError, match="理由"):
        app.request_extension(people.handler, 10, " ")
    app.request_extension(people.handler, 15, "需要调取档案")
    assert app.due_on == D(2026, 9, 29)  # not yet approved
    app.approve_extension(people.head, True, on=D(2026, 9, 20))
    assert app.extension_days == 15 and app.extension_reason == "需要调取档案"
    assert app.due_on == m.add_working_days(D(2026, 9, 29), 15)
    assert app.extension_approved_by == people.head
    with pytest.raises(ValidationError, match="一次"):
        app.request_extension(people.handler, 5, "再延")


def test_refused_extension_changes_nothing(people):
    app = application(people.a, people.registrar)
    app.request_extension(people.handler, 10, "理由")
    app.approve_extension(people.head, False)
    assert app.extension_days == 0 and app.due_on == D(2026, 9, 29)
    assert app.events.filter(action="refuse_extension").exists()


# --- fees (国办函〔2020〕109号) --------------------------------------------------------------

def test_fee_notice_pauses_payment_resumes(people):
    app = application(people.a, people.registrar)
    app.issue_fee_notice(people.handler, D(2026, 9, 7), Decimal("200"))
    assert app.status == m.Status.FEE and app.due_on is None
    assert app.fee_due_on == m.add_working_days(D(2026, 9, 7), 20)
    left = app.days_remaining
    app.record_payment(people.handler, D(2026, 9, 16))
    assert app.due_on == m.add_working_days(D(2026, 9, 16), left)


def test_unpaid_fee_ends_as_no_fee(people):
    app = application(people.a, people.registrar)
    app.issue_fee_notice(people.handler, D(2026, 9, 7), Decimal("200"))
    with pytest.raises(ValidationError):
        app.lapse_fee(people.handler, app.fee_due_on)
    app.lapse_fee(people.handler, m.add_working_days(app.fee_due_on, 1))
    assert app.outcome == "other.no_fee" and app.status == m.Status.CLOSED


# --- closing -----------------------------------------------------------------------------------

FREE = [k for k in m.OUTCOME_KEYS if k not in m.OUTCOMES_BY_PATH and k != "unable.unclear"]


@pytest.mark.parametrize("outcome", FREE)
def test_every_outcome_row_can_close_an_application(people, outcome):
    app = application(people.a, people.registrar)
    reason = "依据第十四条" if outcome in m.OUTCOMES_NEEDING_REASON else ""
    agency = "示范市自然资源局" if outcome == "unable.not_held" else ""
    app.close(people.handler, outcome, D(2026, 9, 20), reason, agency)
    app.refresh_from_db()
    assert (app.status, app.outcome, app.closed_on) == (m.Status.CLOSED, outcome, D(2026, 9, 20))
    assert app.due_on is None


def test_outcome_requirements(people):
    app = application(people.a, people.registrar)
    with pytest.raises(ValidationError, match="理由"):
        app.close(people.handler, "denied.state_secret", D(2026, 9, 20))
    with pytest.raises(ValidationError, match="本机关不掌握"):
        app.close(people.handler, "granted", D(2026, 9, 20), "", "某机关")
    with pytest.raises(ValidationError, match="只能"):
        app.close(people.handler, "other.no_correction", D(2026, 9, 20), "x")
    with pytest.raises(ValidationError, match="未知"):
        app.close(people.handler, "other", D(2026, 9, 20), "x")
    with pytest.raises(ValidationError, match="早于"):
        app.close(people.handler, "granted", D(2026, 8, 20))
    assert m.Application.objects.get(pk=app.pk).status == m.Status.NEW


def test_closing_needs_head_approval_when_configured(people):
    people.a.requires_close_approval = True
    people.a.save()
    app = application(people.a, people.registrar)
    app.close(people.handler, "granted", D(2026, 9, 20))
    assert app.status == m.Status.APPROVAL and app.closed_on is None
    app.refuse_close(people.head, "再核实")
    assert app.status == m.Status.PROCESSING and app.outcome == ""
    app.close(people.handler, "partial", D(2026, 9, 21), "涉及个人隐私部分不予公开")
    app.approve_close(people.head, D(2026, 9, 22))
    assert (app.status, app.outcome, app.closed_on, app.closed_by) == (m.Status.CLOSED, "partial", D(2026, 9, 22),
                                                                        people.head)


# --- split, appeals, audit, deletion ------------------------------------------------------------

def test_split_into_parts_that_count_instead(people):
    app = application(people.a, people.registrar, received=D(2026, 9, 1))
    parts = app.split(people.registrar, ["甲事项", "乙事项", ""], on=D(2026, 9, 2))
    assert [p.number for p in parts] == ["2026-00001-1", "2026-00001-2"]
    assert all(p.received_on == D(2026, 9, 1) and p.due_on == D(2026, 9, 29) for p in parts)
    assert len({p.tracking_code for p in parts} | {app.tracking_code}) == 3
    assert app.status == m.Status.SPLIT and app.due_on is None
    with pytest.raises(ValidationError):
        parts[0].split(people.registrar, ["one"], on=D(2026, 9, 2))


def test_split_refused_for_an_earlier_year(people):
    app = application(people.a, people.registrar, received=D(2025, 12, 29))
    with pytest.raises(ValidationError, match="上一年度"):
        app.split(people.registrar, ["甲", "乙"], on=D(2026, 1, 5))


def test_appeals_linked_with_results(people):
    app = application(people.a, people.registrar)
    app.close(people.handler, "granted", D(2026, 9, 20))
    review = m.Appeal.file(app, people.handler, "review", D(2026, 10, 8), "示范市人民政府")
    assert review.group == "review" and review.result == "pending"
    review.decide(people.handler, "upheld", D(2026, 10, 20))
    lit = m.Appeal.file(app, people.handler, "litigation", D(2026, 10, 25), "示范区人民法院", after_review=review)
    assert lit.group == "litigation_after_review"
    direct = m.Appeal.file(app, people.handler, "litigation", D(2026, 10, 25))
    assert direct.group == "litigation_direct"
    with pytest.raises(ValidationError):
        review.decide(people.handler, "corrected", D(2026, 10, 21))
    with pytest.raises(ValidationError):
        m.Appeal.file(app, people.handler, "review", D(2026, 10, 25), after_review=review)


def test_audit_trail_is_append_only(people):
    app = application(people.a, people.registrar)
    app.take(people.handler)
    events = list(app.events.values_list("action", "from_status", "to_status"))
    assert events == [("register", "submitted", "new"), ("take", "new", "processing")]
    e = app.events.first()
    e.action = "tampered"
    with pytest.raises(PermissionDenied):
        e.save()
    with pytest.raises(PermissionDenied):
        e.delete()
    with pytest.raises(PermissionDenied):
        m.Event.objects.filter(pk=e.pk).update(action="x")
    with pytest.raises(PermissionDenied):
        m.Event.objects.all().delete()
    assert m.Event.objects.get(pk=e.pk).action == "register"


def test_nothing_is_hard_deleted(people):
    app = application(people.a, people.registrar)
    for obj in (app, people.a):
        with pytest.raises(PermissionDenied):
            obj.delete()
    with pytest.raises(PermissionDenied):
        m.Application.objects.all().delete()
    assert m.Application.objects.filter(pk=app.pk).exists()


def test_identity_masking_and_codes():
    assert m.mask_identity("110105199001011234") == "110***********1234"
    assert m.mask_identity("1234") == "***4"
    assert m.mask_identity("") == ""
    code = m.new_tracking_code()
    assert len(code) == 19 and code.count("-") == 3
    assert m.normalise_code(code.lower().replace("-", " ")) == code
    assert len({m.new_tracking_code() for _ in range(200)}) == 200


def test_close_lapsed_command(people, capsys):
    from django.core.management import call_command

    late = application(people.a, people.registrar, received=D(2026, 9, 1))
    late.request_correction(people.handler, D(2026, 9, 2), "x", days=5)
    unpaid = application(people.a, people.registrar, received=D(2026, 9, 1))
    unpaid.issue_fee_notice(people.handler, D(2026, 9, 2), Decimal("100"))
    waiting = application(people.a, people.registrar, received=D(2026, 10, 26))
    waiting.request_correction(people.handler, D(2026, 10, 27), "x", days=15)
    call_command("close_lapsed", "--dry-run")
    assert "共 2 件" in capsys.readouterr().out
    assert m.Application.objects.get(pk=late.pk).status == m.Status.CORRECTION
    call_command("close_lapsed")
    late.refresh_from_db()
    unpaid.refresh_from_db()
    waiting.refresh_from_db()
    assert (late.outcome, unpaid.outcome, waiting.status) == ("other.no_correction", "other.no_fee",
                                                              m.Status.CORRECTION)
    assert late.closed_on == TODAY and late.events.get(action="close").actor_label == "系统"


def test_pending_extension_is_moot_once_closed(people):
    app = application(people.a, people.registrar)
    app.request_extension(people.handler, 10, "调档")
    app.close(people.handler, "granted", D(2026, 9, 10))
    assert app.extension_requested_days == 0
    with pytest.raises(ValidationError):
        app.approve_extension(people.head, True)


def test_extension_not_approved_while_awaiting_correction(people):
    app = application(people.a, people.registrar)
    app.request_extension(people.handler, 10, "调档")
    app.request_correction(people.handler, D(2026, 9, 2), "补正")
    with pytest.raises(ValidationError, match="审批延期"):
        app.approve_extension(people.head, True, on=D(2026, 9, 3))
