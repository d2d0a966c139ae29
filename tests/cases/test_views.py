"""Every view through Django's test client: public pages, workbench, actions, roles and agency isolation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.cases import models as m
from gongkai.cases.transitions import TRANSITIONS

from .platform_world import TODAY, application

pytestmark = pytest.mark.django_db
D = dt.date

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(**over):
    data = {"applicant_type": "natural_person", "applicant_name": "王五", "id_type": "resident_id",
            "id_number": "110105199202023459", "phone": "13900000000", "email": "wangwu@example.org",
            "info_title": "2025年示范河治理工程验收报告", "info_description": "申请公开该工程的竣工验收报告全文",
            "delivery_form": "email"}
    data.update(over)
    return data


def login(client, user):
    client.force_login(user)
    return client


# --- public pages -----------------------------------------------------------------------------

def test_home_lists_agencies_and_lookup(client, people):
    r = client.get(reverse("cases:home"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "示范市人民政府办公室" in html and reverse("cases:apply", args=["a"]) in html
    assert "查询码" in html


def test_healthz(client, people):
    assert client.get(reverse("cases:healthz")).content == b"ok"


def test_htmx_is_served_locally_never_from_a_cdn(client, people):
    html = client.get(reverse("cases:home")).content.decode()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(s.startswith("/static/") for s in scripts)
    assert "htmx" in scripts[0]


def test_public_form_issues_code_and_receipt(client, people):
    r = client.get(reverse("cases:apply", args=["a"]))
    assert r.status_code == 200 and "政府信息公开申请表" in r.content.decode()
    r = client.post(reverse("cases:apply", args=["a"]), form_data())
    assert r.status_code == 302
    app = m.Application.objects.get()
    assert app.status == m.Status.SUBMITTED and app.channel == "online" and app.received_on is None
    assert app.submitted_on == TODAY and app.agency == people.a
    assert r.url == reverse("cases:receipt", args=[app.tracking_code])
    receipt = client.get(r.url).content.decode()
    assert app.tracking_code in receipt and app.number in receipt
    assert app.events.get().action == "submit"
    # Another browser with the code gets the status page, not the receipt.
    other = Client()
    assert other.get(r.url).url == reverse("cases:track", args=[app.tracking_code])


def test_public_form_for_unknown_or_closed_agency_is_404(client, people):
    people.b.accepts_online = False
    people.b.save()
    assert client.get(reverse("cases:apply", args=["b"])).status_code == 404
    assert client.get(reverse("cases:apply", args=["zzz"])).status_code == 404


@pytest.mark.parametrize("over, message", [
    ({"phone": "", "email": "", "address": ""}, "联系方式"),
    ({"delivery_form": "post"}, "通信地址"),
    ({"applicant_type": "commercial"}, "联系人"),
    ({"agent_name": "赵律师", "agent_id_number": "110105198001011111"}, "授权委托书"),
    ({"info_description": ""}, "必填"),
    ({"id_number": "110105199202023450"}, "校验位"),
    ({"id_number": "11010519920202345"}, "18位"),
])
def test_public_form_refuses_incomplete_applications(client, people, over, message):
    r = client.post(reverse("cases:apply", args=["a"]), form_data(**over))
    assert r.status_code == 200 and message in r.content.decode()
    assert not m.Application.objects.exists()


def test_agent_with_power_of_attorney(client, people):
    poa = SimpleUploadedFile("委托书.pdf", PDF, content_type="application/pdf")
    r = client.post(reverse("cases:apply", args=["a"]),
                    form_data(agent_name="赵律师", agent_id_number="110105198001011111", power_of_attorney=poa))
    assert r.status_code == 302
    app = m.Application.objects.get()
    assert app.agent_name == "赵律师"
    att = app.attachments.get()
    assert att.kind == "power_of_attorney" and att.size == len(PDF)


def test_upload_type_checked_by_content(client, people):
    fake = SimpleUploadedFile("委托书.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(reverse("cases:apply", args=["a"]),
                    form_data(agent_name="赵律师", agent_id_number="1101", power_of_attorney=fake))
    assert "内容与扩展名" in r.content.decode()
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    r = client.post(reverse("cases:apply", args=["a"]), form_data(request_file=exe))
    assert "类型不受支持" in r.content.decode()
    assert not m.Application.objects.exists()


def test_upload_size_limited(client, people, settings):
    settings.GONGKAI_UPLOAD_MAX = 1024
    big = SimpleUploadedFile("材料.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    r = client.post(reverse("cases:apply", args=["a"]), form_data(request_file=big))
    assert "过大" in r.content.decode()
    assert not m.Application.objects.exists()


def test_public_form_rate_limited(client, people, settings):
    settings.GONGKAI_PUBLIC_RATE = 2
    url = reverse("cases:apply", args=["a"])
    assert client.post(url, form_data()).status_code == 302
    assert client.post(url, form_data()).status_code == 302
    r = client.post(url, form_data())
    assert r.status_code == 429 and "频繁" in r.content.decode()
    assert m.Application.objects.count() == 2
    # Another address is not affected.
    assert client.post(url, form_data(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_public_form_needs_csrf_token(people):
    c = Client(enforce_csrf_checks=True)
    r = c.post(reverse("cases:apply", args=["a"]), form_data())
    assert r.status_code == 403
    assert not m.Application.objects.exists()
    page = c.get(reverse("cases:apply", args=["a"])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert c.post(reverse("cases:apply", args=["a"]), form_data(csrfmiddlewaretoken=token)).status_code == 302


def test_lookup_normalises_the_code(client, people):
    app = application(people.a, people.registrar)
    r = client.get(reverse("cases:lookup"), {"code": app.tracking_code.lower().replace("-", " ")})
    assert r.url == reverse("cases:track", args=[app.tracking_code])
    assert client.get(reverse("cases:lookup")).status_code == 200


def test_status_page_shows_progress_without_identity(client, people):
    app = application(people.a, people.registrar)
    html = client.get(reverse("cases:track", args=[app.tracking_code])).content.decode()
    assert "新收" in html and "2026年9月29日" in html and app.number in html
    assert app.id_number not in html and "张三" not in html
    assert client.get(reverse("cases:track", args=["AAAA-BBBB-CCCC-DDDD"])).status_code == 404


def test_applicant_answers_correction_online(client, people):
    app = application(people.a, people.registrar, received=D(2026, 10, 26))
    app.request_correction(people.handler, D(2026, 10, 28), "请写明文件的文号")
    url = reverse("cases:track", args=[app.tracking_code])
    html = client.get(url).content.decode()
    assert "请写明文件的文号" in html and "提交补正" in html
    doc = SimpleUploadedFile("补正.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    r = client.post(url, {"text": "文号为示政办〔2025〕12号", "file": doc})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == m.Status.PROCESSING and app.supplement_received_on == TODAY
    assert app.due_on == m.add_working_days(TODAY, 20)
    assert app.attachments.get().kind == "supplement"
    assert app.events.get(action="supplement").actor_label == "申请人"
    timeline = client.get(url).content.decode()
    timeline = timeline[timeline.index('id="timeline"'):]
    assert timeline.index("行政机关通知补正") < timeline.index("收到补正，答复期限重新计算")
    assert "2026年10月28日" in timeline and "handler" not in timeline
    # A second answer is refused (no longer awaiting 补正).
    r = client.post(url, {"text": "again"})
    assert r.status_code == 200 and "不能登记补正" in r.content.decode()


def test_status_lookups_rate_limited(client, people, settings):
    settings.GONGKAI_LOOKUP_RATE = 3
    for _ in range(3):
        assert client.get(reverse("cases:track", args=["AAAA-BBBB-CCCC-DDDD"])).status_code == 404
    assert client.get(reverse("cases:track", args=["AAAA-BBBB-CCCC-DDDD"])).status_code == 429


# --- workbench and queues ----------------------------------------------------------------------

def test_login_required_for_staff_pages(client, people):
    r = client.get(reverse("cases:agency", args=["a"]))
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


def test_login_page(client, people):
    r = client.post(reverse("login"), {"username": "handler", "password": "pw-12345678"})
    assert r.status_code == 302
    assert client.get(reverse("cases:workbench")).url == reverse("cases:agency", args=["a"])


def test_supervisor_chooses_among_agencies(client, people):
    login(client, people.supervisor)
    html = client.get(reverse("cases:workbench")).content.decode()
    assert "示范市人民政府办公室" in html and "示范市交通运输局" in html


def _queue_world(p):
    """One application in each queue, on TODAY = 2026-10-30."""
    apps = {}
    apps["new"] = application(p.a, p.registrar, received=D(2026, 10, 29))
    apps["submitted"] = application(p.a, received=None, channel="online", submitted=D(2026, 10, 29))
    c = application(p.a, p.registrar, received=D(2026, 10, 26))
    c.request_correction(p.handler, D(2026, 10, 27), "补正")
    apps["correction"] = c
    k = application(p.a, p.registrar, received=D(2026, 10, 20))
    k.start_consultation(p.handler, D(2026, 10, 22), "第三方", "third_party")
    apps["consultation"] = k
    f = application(p.a, p.registrar, received=D(2026, 10, 20))
    f.issue_fee_notice(p.handler, D(2026, 10, 22), 100)
    apps["fee"] = f
    e = application(p.a, p.registrar, received=D(2026, 10, 21))
    e.request_extension(p.handler, 10, "理由")
    apps["approval"] = e
    apps["due_soon"] = application(p.a, p.registrar, received=D(2026, 10, 9))  # due 2026-11-06
    apps["overdue"] = application(p.a, p.registrar, received=D(2026, 9, 1))  # due 2026-09-29
    done = application(p.a, p.registrar, received=D(2026, 9, 2))
    done.close(p.handler, "granted", D(2026, 9, 10))
    apps["closed"] = done
    for key in ("approval", "due_soon", "overdue"):
        apps[key].take(p.handler)
    application(p.b, p.stranger, received=D(2026, 9, 1))  # the other agency's, overdue too
    return apps


@pytest.mark.parametrize("queue, members", [
    ("new", ["new", "submitted"]), ("correction", ["correction"]), ("consultation", ["consultation"]),
    ("fee", ["fee"]), ("approval", ["approval"]), ("due_soon", ["due_soon"]), ("overdue", ["overdue"]),
    ("closed", ["closed"]),
    ("open", ["new", "submitted", "correction", "consultation", "fee", "approval", "due_soon", "overdue"]),
])
def test_each_queue_holds_what_it_should(client, people, queue, members):
    apps = _queue_world(people)
    login(client, people.handler)
    r = client.get(reverse("cases:agency", args=["a"]), {"queue": queue})
    assert r.status_code == 200
    html = r.content.decode()
    table = html[html.index('id="queue-table"'):]
    shown = set(re.findall(r"/staff/a/(\d+)/", table))
    assert shown == {str(apps[k].pk) for k in members}
    assert r.context["counts"][queue] == len(members)


def test_queue_counts_and_htmx_partial(client, people):
    _queue_world(people)
    login(client, people.handler)
    r = client.get(reverse("cases:agency", args=["a"]), {"queue": "overdue", "partial": "1"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "<html" not in html and 'id="queue-table"' in html and "超期" in html
    assert client.get(reverse("cases:agency", args=["a"]), {"queue": "nope"}).status_code == 404


def test_workbench_warns_before_correction_window_closes(client, people):
    app = application(people.a, people.registrar, received=D(2026, 10, 21))  # window ends 2026-10-30 = today
    login(client, people.handler)
    html = client.get(reverse("cases:agency", args=["a"]), {"queue": "new"}).content.decode()
    assert "补正时限剩0个工作日" in html
    assert "7个工作日内一次性发出" in client.get(reverse("cases:detail", args=[app.pk])).content.decode()


# --- registration and detail ---------------------------------------------------------------------

def staff_form(**over):
    data = form_data(channel="in_person", submitted_on="2026-10-29", received_on="")
    data.update(over)
    return data


def test_registrar_registers_in_person_application(client, people):
    login(client, people.registrar)
    assert client.get(reverse("cases:register", args=["a"])).status_code == 200
    r = client.post(reverse("cases:register", args=["a"]), staff_form())
    app = m.Application.objects.get()
    assert r.url == reverse("cases:detail", args=[app.pk])
    assert app.received_on == D(2026, 10, 29) and app.due_on == m.add_working_days(D(2026, 10, 29), 20)
    assert app.registered_by == people.registrar


def test_post_application_needs_the_signed_for_date(client, people):
    login(client, people.registrar)
    r = client.post(reverse("cases:register", args=["a"]), staff_form(channel="post"))
    assert "请填写收到申请之日" in r.content.decode()
    r = client.post(reverse("cases:register", args=["a"]), staff_form(channel="post", received_on="2026-10-30"))
    assert r.status_code == 302
    assert m.Application.objects.get().received_on == D(2026, 10, 30)


def test_head_and_supervisor_cannot_register(client, people):
    for u in (people.head, people.supervisor):
        login(client, u)
        assert client.post(reverse("cases:register", args=["a"]), staff_form()).status_code == 403
    assert not m.Application.objects.exists()


def test_identity_number_shown_only_to_handler(client, people):
    app = application(people.a, people.registrar, agent_name="赵律师", agent_id_number="110105198001019999")
    for u, full in ((people.handler, True), (people.registrar, False), (people.head, False),
                    (people.admin, False), (people.supervisor, False)):
        login(client, u)
        html = client.get(reverse("cases:detail", args=[app.pk])).content.decode()
        assert (app.id_number in html) is full, u
        assert ("110105198001019999" in html) is full
        if not full:
            assert app.masked_id_number in html


# --- actions through the views ------------------------------------------------------------------------

def act(client, app, name, **data):
    return client.post(reverse("cases:action", args=[app.pk, name]), data)


def test_whole_path_through_the_views(client, people):
    people.a.requires_close_approval = True
    people.a.save()
    app = application(people.a, received=None, channel="online", submitted=D(2026, 10, 8))
    login(client, people.registrar)
    assert act(client, app, "register", on="2026-10-09").status_code == 302
    app.refresh_from_db()
    assert app.received_on == D(2026, 10, 9)
    login(client, people.handler)
    act(client, app, "take")
    act(client, app, "request_correction", on="2026-10-12", notice="请写明文号", days="10")
    act(client, app, "supplement", on="2026-10-13", text="文号为1号")
    act(client, app, "consult", on="2026-10-14", kind="agency", party="市交通运输局")
    c = app.consultations.get()
    act(client, app, "consult_answer", on="2026-10-19", consultation=c.pk, opinion="同意公开")
    app.refresh_from_db()
    # The consultation day itself is excluded (pause FROM..TO inclusive): no working day was used.
    assert app.due_on == m.add_working_days(D(2026, 10, 19), 20)
    act(client, app, "request_extension", days="10", reason="需要调档")
    login(client, people.head)
    act(client, app, "approve_extension", approve="1")
    login(client, people.handler)
    act(client, app, "close", on="2026-10-29", outcome="unable.not_held", reason="", responsible_agency="市交通运输局")
    app.refresh_from_db()
    assert app.status == m.Status.APPROVAL
    assert app.due_on == m.add_working_days(D(2026, 10, 19), 30)
    login(client, people.head)
    act(client, app, "approve_close", on="2026-10-30")
    app.refresh_from_db()
    assert (app.status, app.outcome, app.responsible_agency, app.closed_on) == (
        m.Status.CLOSED, "unable.not_held", "市交通运输局", D(2026, 10, 30))
    assert app.extension_days == 10 and app.extension_approved_by == people.head
    login(client, people.handler)
    act(client, app, "appeal", kind="review", filed_on="2026-10-30", body="示范市人民政府", case_number="复1号")
    review = app.appeals.get()
    act(client, app, "appeal_decide", appeal=review.pk, result="corrected", decided_on="2026-10-30")
    act(client, app, "appeal", kind="litigation", filed_on="2026-10-30", after_review=review.pk)
    assert app.appeals.get(kind="litigation").after_review == review
    actions = list(app.events.values_list("action", flat=True))
    assert actions == ["register", "take", "request_correction", "supplement", "consult", "consult_answer",
                       "request_extension", "approve_extension", "propose_close", "approve_close", "appeal_filed",
                       "appeal_decided", "appeal_filed"]
    html = client.get(reverse("cases:detail", args=[app.pk])).content.decode()
    assert "本机关不掌握相关政府信息" in html and "批准办结" in html


def charge_fee(client, app, on, pages):
    """A fee notice goes through the calculator page; the platform has no bare-amount action."""
    client.post(reverse("decisions:fee_charge", args=[app.pk]),
                {"method": "by_volume", "quantity": pages, "on": on, "reason": "申请复制的页数明显超过合理范围"})


def test_fee_and_lapse_actions(client, people):
    app = application(people.a, people.registrar, received=D(2026, 9, 1))
    login(client, people.handler)
    charge_fee(client, app, on="2026-09-02", pages=60)
    app.refresh_from_db()
    assert app.status == m.Status.FEE
    act(client, app, "lapse_fee", on="2026-10-28")
    app.refresh_from_db()
    assert app.outcome == "other.no_fee"
    other = application(people.a, people.registrar, received=D(2026, 9, 1))
    act(client, other, "request_correction", on="2026-09-02", notice="补正", days="5")
    act(client, other, "lapse_correction", on="2026-10-28")
    other.refresh_from_db()
    assert other.outcome == "other.no_correction"
    paid = application(people.a, people.registrar, received=D(2026, 9, 1))
    charge_fee(client, paid, on="2026-09-02", pages=40)
    act(client, paid, "fee_paid", on="2026-09-10")
    paid.refresh_from_db()
    assert paid.status == m.Status.PROCESSING and paid.fee_paid_on == D(2026, 9, 10)


def test_refuse_close_and_split_and_upload(client, people):
    people.a.requires_close_approval = True
    people.a.save()
    app = application(people.a, people.registrar, received=D(2026, 10, 5))
    login(client, people.handler)
    act(client, app, "close", on="2026-10-20", outcome="denied.third_party", reason="涉及商业秘密")
    login(client, people.head)
    act(client, app, "refuse_close", note="请征求第三方意见")
    app.refresh_from_db()
    assert app.status == m.Status.PROCESSING and not app.outcome
    login(client, people.registrar)
    r = act(client, app, "split", matters="事项一\n事项二\n事项三")
    assert r.status_code == 302
    assert app.parts.count() == 3
    part = app.parts.first()
    r = client.post(reverse("cases:action", args=[part.pk, "upload"]),
                    {"kind": "identity", "file": SimpleUploadedFile("身份证.jpg", b"\xff\xd8\xff\xe0rest")})
    att = part.attachments.get()
    r = client.get(reverse("cases:attachment", args=[part.pk, att.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"\xff\xd8\xff")


def test_action_errors_are_messages_and_change_nothing(client, people):
    app = application(people.a, people.registrar)
    login(client, people.handler)
    r = act(client, app, "close", on="2026-09-20", outcome="denied.state_secret", reason="")
    assert r.status_code == 302
    msgs = [str(x) for x in list(r.wsgi_request._messages)]
    assert any("理由" in x for x in msgs)
    r = act(client, app, "request_extension", days="25", reason="x")
    app.refresh_from_db()
    assert app.status == m.Status.NEW and app.extension_requested_days == 0
    assert client.post(reverse("cases:action", args=[app.pk, "nonsense"])).status_code == 404
    assert client.get(reverse("cases:action", args=[app.pk, "take"])).status_code == 405


@pytest.mark.parametrize("name, role_ok", [
    ("take", {"handler"}), ("request_correction", {"handler"}), ("close", {"handler"}), ("approve_close", {"head"}),
    ("approve_extension", {"head"}), ("register", {"registrar", "handler", "admin"}), ("appeal", {"handler"}),
    ("split", {"handler", "registrar"}), ("assign", {"head", "admin"}),
])
def test_actions_need_the_right_role(client, people, name, role_ok):
    app = application(people.a, people.registrar)
    for u in (people.registrar, people.handler, people.head, people.admin, people.supervisor):
        login(client, u)
        allowed = bool(m.roles_of(u, people.a) & TRANSITIONS[name].roles)
        assert allowed is (u.username in role_ok), (u, name)
        r = act(client, app, name)
        assert (r.status_code == 403) is (not allowed), (u, name)


def test_supervisor_reads_but_cannot_act(client, people):
    app = application(people.a, people.registrar)
    login(client, people.supervisor)
    assert client.get(reverse("cases:detail", args=[app.pk])).status_code == 200
    assert client.get(reverse("cases:agency", args=["b"])).status_code == 200
    for name in [n for n, t in TRANSITIONS.items() if t.effect]:
        assert act(client, app, name).status_code == 403, name
    assert m.Application.objects.get(pk=app.pk).events.count() == 1


# --- report, settings, schedule ------------------------------------------------------------------------

def test_report_page_balances_and_offers_json(client, people):
    application(people.a, people.registrar, received=D(2025, 12, 29))
    done = application(people.a, people.registrar, received=D(2026, 9, 1), applicant_type="research")
    done.close(people.handler, "granted", D(2026, 9, 10))
    login(client, people.supervisor)
    r = client.get(reverse("cases:report", args=["a", 2026]))
    html = r.content.decode()
    assert r.status_code == 200 and 'id="balance"' in html and r.context["arithmetic"] == []
    assert r.context["report"].get("apps.granted.research") == 1
    assert r.context["report"].get("apps.carried_over.natural_person") == 1
    j = client.get(reverse("cases:report", args=["a", 2026]), {"format": "json"}).json()
    assert j["cells"]["apps.new_received.total"] == 1 and j["year"] == 2026
    assert client.get(reverse("cases:report_current", args=["a"])).status_code == 200


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx"])
def test_report_downloads_in_the_statutory_form_and_read_back(client, people, tmp_path, fmt):
    """The page's Word/Excel/网页 download is the core's renderer; gongkai's reader gets every cell back."""
    from gongkai import ingest

    done = application(people.a, people.registrar, received=D(2026, 9, 1), applicant_type="commercial")
    done.close(people.handler, "denied.third_party", D(2026, 9, 10), reason="涉及商业秘密")
    application(people.a, people.registrar, received=D(2026, 10, 9))
    login(client, people.supervisor)
    r = client.get(reverse("cases:report", args=["a", 2026]), {"format": fmt})
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(r.content)
    back = ingest.read(str(path))
    expected = client.get(reverse("cases:report", args=["a", 2026])).context["report"]
    for key in [k for k in expected.cells if not k.startswith("art20.")]:
        assert back.get(key) == expected.get(key), key
    assert back.get("apps.denied.third_party.commercial") == 1 and back.get("apps.carried_forward.total") == 1


def test_settings_for_admin_only_and_audited(client, people):
    login(client, people.handler)
    assert client.get(reverse("cases:settings", args=["a"])).status_code == 403
    login(client, people.admin)
    r = client.post(reverse("cases:settings", args=["a"]), {"name": "示范市人民政府办公室",
                                                             "requires_close_approval": "on", "accepts_online": "on"})
    assert r.status_code == 302
    people.a.refresh_from_db()
    assert people.a.requires_close_approval
    assert m.Event.objects.filter(agency=people.a, action="agency_settings").exists()


def test_agency_schedule_page_leads_to_the_national_schedule(client, people):
    login(client, people.admin)
    r = client.get(reverse("cases:schedule", args=["a"]))
    assert r.status_code == 302 and r.url == reverse("cases:holidays")
    # An agency administrator may not change the national schedule (see tests/cases/test_schedule.py).
    assert client.post(reverse("cases:schedule", args=["a"]), {"what": "day", "date": "2027-01-01",
                                                               "note": "元旦"}).status_code == 403
    assert not m.ScheduleDay.objects.exists()


# --- isolation: staff of one agency never see another's records --------------------------------------

def _staff_urls(app, slug):
    att = app.attachments.first()
    return [
        ("get", reverse("cases:agency", args=[slug])),
        ("get", reverse("cases:agency", args=[slug]) + "?queue=overdue&partial=1"),
        ("get", reverse("cases:register", args=[slug])),
        ("post", reverse("cases:register", args=[slug])),
        ("get", reverse("cases:detail", args=[app.pk])),
        ("get", reverse("cases:attachment", args=[app.pk, att.pk])),
        ("get", reverse("cases:report", args=[slug, 2026])),
        ("get", reverse("cases:report_current", args=[slug])),
        ("get", reverse("cases:settings", args=[slug])),
        ("post", reverse("cases:settings", args=[slug])),
        ("get", reverse("cases:schedule", args=[slug])),
        ("post", reverse("cases:schedule", args=[slug])),
    ] + [("post", reverse("cases:action", args=[app.pk, name]))
         for name in TRANSITIONS]


def test_staff_never_see_another_agencys_records(client, people):
    app = application(people.a, people.registrar)
    m.Attachment.objects.create(application=app, kind="request", file="x.pdf", name="x.pdf", content_type="", size=1)
    urls = _staff_urls(app, "a")
    assert len(urls) >= 30
    before = m.Event.objects.count()
    for u in (people.stranger, people.nobody):
        login(client, u)
        for method, url in urls:
            r = getattr(client, method)(url, HTTP_HX_REQUEST="true")
            assert r.status_code == 404, (u.username, method, url, r.status_code)
    # and the other way round: agency a's handler cannot reach agency b
    b_app = application(people.b, people.stranger)
    m.Attachment.objects.create(application=b_app, kind="request", file="y.pdf", name="y.pdf", content_type="",
                                size=1)
    login(client, people.handler)
    for method, url in _staff_urls(b_app, "b"):
        assert getattr(client, method)(url).status_code == 404, url
    assert m.Event.objects.count() == before + 1  # only b_app's own registration
    # anonymous users are sent to log in
    client.logout()
    for method, url in urls:
        r = getattr(client, method)(url)
        assert r.status_code == 302 and r.url.startswith(reverse("login")), url


def test_workbench_lists_only_own_agency(client, people):
    mine = application(people.a, people.registrar, received=D(2026, 9, 1))
    theirs = application(people.b, people.stranger, received=D(2026, 9, 1))
    login(client, people.handler)
    html = client.get(reverse("cases:agency", args=["a"]), {"queue": "overdue"}).content.decode()
    assert f"/staff/a/{mine.pk}/" in html and f"/staff/a/{theirs.pk}/" not in html


def test_workbench_search_by_number_name_text_or_code(client, people):
    a1 = application(people.a, people.registrar, applicant_name="钱七", info_title="示范河水质监测报告")
    a2 = application(people.a, people.registrar, applicant_name="孙八", info_description="道路改造工程立项批复")
    theirs = application(people.b, people.stranger, applicant_name="钱七")
    login(client, people.handler)
    url = reverse("cases:agency", args=["a"])

    def found(q, **extra):
        html = client.get(url, {"q": q, **extra}).content.decode()
        table = html[html.index('id="queue-table"'):]
        return set(re.findall(r"/staff/a/(\d+)/", table))

    assert found("钱七") == {str(a1.pk)}
    assert found("道路改造") == {str(a2.pk)}
    assert found(a2.number) == {str(a2.pk)}
    assert found(a1.tracking_code.lower().replace("-", "")) == {str(a1.pk)}
    assert str(theirs.pk) not in found("钱七")
    r = client.get(url, {"q": "钱七", "partial": "1"}, HTTP_HX_REQUEST="true")
    assert "<html" not in r.content.decode() and "查找结果：1 件" in r.content.decode()


def test_workbench_near_an_unknown_year_warns_and_still_works(client, people, monkeypatch):
    monkeypatch.setattr(m.dates, "today", lambda: D(2026, 12, 28))
    soon = application(people.a, people.registrar, received=D(2026, 11, 30))  # due 2026-12-28
    soon.take(people.handler)
    login(client, people.handler)
    r = client.get(reverse("cases:agency", args=["a"]), {"queue": "due_soon"})
    html = r.content.decode()
    assert r.status_code == 200 and "2027" in html and "尚未录入" in html
    assert f"/staff/a/{soon.pk}/" in html[html.index('id="queue-table"'):]
    assert r.context["counts"]["due_soon"] == 1


def test_django_admin_shows_records_read_only_without_identity(client, people):
    from django.contrib.auth import get_user_model

    app = application(people.a, people.registrar)
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-12345678")
    login(client, root)
    r = client.get(reverse("admin:cases_application_change", args=[app.pk]))
    assert r.status_code == 200 and app.id_number not in r.content.decode()
    assert client.post(reverse("admin:cases_application_delete", args=[app.pk]), {"post": "yes"}).status_code == 403
    ev = app.events.first()
    assert client.post(reverse("admin:cases_event_change", args=[ev.pk]), {"action": "x"}).status_code == 403
    assert m.Application.objects.filter(pk=app.pk).exists() and m.Event.objects.get(pk=ev.pk).action == "register"
