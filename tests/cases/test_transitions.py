"""The table of transitions: what it allows is what the model, the pages and the API do.

Expected sets below are written by hand from the rules (the Regulations and the platform's role
split), not computed from the table under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from gongkai.cases import forms as f
from gongkai.cases import models as m
from gongkai.cases import transitions as T
from gongkai.cases.states import Conflict

from .platform_world import application, user

pytestmark = pytest.mark.django_db
D = dt.date
DOCS = Path(__file__).resolve().parents[2] / "docs" / "platform.md"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def names(offered) -> set[str]:
    return {a["name"] for a in offered}


# --- the table itself ------------------------------------------------------------------------------

def test_every_row_names_real_states_roles_and_forms():
    for t in T.TRANSITIONS.values():
        assert t.sources and set(t.sources) <= set(m.Status.values), t.name
        assert t.roles and t.roles <= set(m.STAFF_ROLES), t.name
        assert m.Status.SPLIT not in t.sources, t.name  # a split application lives on in its parts
        if t.form:
            assert issubclass(getattr(f, t.form), f.forms.Form), t.name
        assert (t.effect is None) == bool(t.page), t.name


def test_docs_print_the_table_exactly():
    assert T.markdown_table() in DOCS.read_text(encoding="utf-8")


def test_take_is_from_new_only_in_the_model_and_on_the_page(people):
    """The four places used to disagree: the page offered 承办 only when 新收, the model allowed 办理中 too."""
    app = application(people.a, people.registrar)
    app.take(people.handler)
    assert app.status == m.Status.PROCESSING
    assert "take" not in names(T.offered(app, {"handler"}))
    with pytest.raises(Conflict, match="当前状态为“办理中”，不能承办"):
        app.take(people.handler)
    assert app.events.filter(action="take").count() == 1


def test_what_a_handler_and_a_head_are_offered(people):
    app = application(people.a, people.registrar)
    assert names(T.offered(app, {"handler"})) == {
        "take", "request_correction", "consult", "request_extension", "close", "split", "appeal", "upload"}
    assert names(T.offered(app, {"head"})) == {"assign"}
    assert names(T.offered(app, {"registrar"})) == {"split", "upload"}
    assert names(T.offered(app, {"supervisor"})) == set()
    app.request_extension(people.handler, 10, "需调取档案")
    assert names(T.offered(app, {"head"})) == {"assign", "approve_extension"}
    assert "request_extension" not in names(T.offered(app, {"handler"}))
    people.a.requires_close_approval = True
    people.a.save()
    app.close(people.handler, "granted", D(2026, 9, 10))
    assert app.status == m.Status.APPROVAL
    assert names(T.offered(app, {"head"})) == {"assign", "approve_extension", "approve_close", "refuse_close"}
    assert names(T.offered(app, {"handler"})) == {"appeal", "upload"}


def test_one_form_per_pending_consultation(people):
    app = application(people.a, people.registrar)
    app.start_consultation(people.handler, D(2026, 9, 2), "甲公司", "third_party")
    app.start_consultation(people.handler, D(2026, 9, 2), "乙局", "agency")
    answers = [a for a in T.offered(app, {"handler"}) if a["name"] == "consult_answer"]
    assert [a["label"] for a in answers] == ["登记征求意见答复：甲公司", "登记征求意见答复：乙局"]


def test_every_state_change_refuses_the_wrong_state_with_a_conflict(people):
    app = application(people.a, people.registrar)
    app.close(people.handler, "granted", D(2026, 9, 10))
    for call in (lambda: app.close(people.handler, "granted", D(2026, 9, 11)),
                 lambda: app.request_correction(people.handler, D(2026, 9, 2), "x"),
                 lambda: app.start_consultation(people.handler, D(2026, 9, 2), "甲", "third_party"),
                 lambda: app.split(people.handler, ["a", "b"]),
                 lambda: app.take(people.handler),
                 lambda: app.refuse_close(people.head, "x")):
        with pytest.raises(Conflict, match="当前状态为“已办结”"):
            call()
    assert app.events.filter(action="close").count() == 1


def test_perform_checks_the_role_before_anything(people):
    app = application(people.a, people.registrar)
    with pytest.raises(T.PermissionDenied):
        T.perform(app, "close", people.registrar, {"registrar"}, {})
    assert app.events.count() == 1


def test_perform_rechecks_after_locking_a_stale_copy(people):
    """A page loaded before someone else closed the application: the stale copy is refreshed under the lock."""
    stale = application(people.a, people.registrar)
    m.Application.objects.get(pk=stale.pk).close(people.handler, "granted", D(2026, 9, 10))
    assert stale.status == m.Status.NEW  # the copy does not know yet
    data = {"on": D(2026, 9, 11), "outcome": "denied.state_secret", "reason": "x", "responsible_agency": ""}
    with pytest.raises(Conflict, match="已办结"):
        T.perform(stale, "close", people.handler, {"handler"}, data)
    fresh = m.Application.objects.get(pk=stale.pk)
    assert fresh.outcome == "granted" and fresh.events.filter(action="close").count() == 1


# --- assigning to a named handler ------------------------------------------------------------------

def test_head_assigns_a_named_handler_through_the_page(client, people):
    other = user("handler2", people.a, "handler")
    app = application(people.a, people.registrar)
    client.force_login(people.head)
    page = client.get(reverse("cases:detail", args=[app.pk])).content.decode()
    assert 'data-action="assign"' in page and "handler2" in page
    r = client.post(reverse("cases:action", args=[app.pk, "assign"]), {"handler": other.pk})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.handler == other and app.status == m.Status.PROCESSING
    e = app.events.get(action="assign")
    assert e.actor == people.head and e.detail["handler"] == "handler2"
    # Reassigning keeps the state and names the previous handler.
    client.post(reverse("cases:action", args=[app.pk, "assign"]), {"handler": people.handler.pk})
    app.refresh_from_db()
    assert app.handler == people.handler and app.status == m.Status.PROCESSING
    assert app.events.filter(action="assign").last().detail["previous"] == "handler2"


def test_assign_only_to_a_handler_of_the_agency_and_only_by_head_or_admin(client, people):
    app = application(people.a, people.registrar)
    client.force_login(people.head)
    # The registrar is not a handler; the stranger is a handler elsewhere: neither is a choice.
    for u in (people.registrar, people.stranger):
        client.post(reverse("cases:action", args=[app.pk, "assign"]), {"handler": u.pk})
        app.refresh_from_db()
        assert app.handler is None
    with pytest.raises(ValidationError, match="本机关的承办人"):
        app.assign(people.head, people.registrar)
    client.force_login(people.handler)
    assert client.post(reverse("cases:action", args=[app.pk, "assign"]),
                       {"handler": people.handler.pk}).status_code == 403


# --- the API's actions --------------------------------------------------------------------------------

def api(u) -> APIClient:
    c = APIClient()
    c.force_authenticate(u)
    return c


def test_api_action_ok_then_conflict_409(people):
    app = application(people.a, people.registrar)
    url = f"/api/applications/{app.pk}/actions/close/"
    data = {"on": "2026-09-10", "outcome": "granted", "reason": "", "responsible_agency": ""}
    r = api(people.handler).post(url, data, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["outcome"] == "granted"
    r = api(people.handler).post(url, {**data, "outcome": "denied.state_secret", "reason": "x"}, format="json")
    assert r.status_code == 409
    assert "当前状态为“已办结”，不能办结" in r.json()["detail"] and r.json()["status"] == "closed"
    app.refresh_from_db()
    assert app.outcome == "granted" and app.events.filter(action="close").count() == 1


def test_api_action_errors(people):
    app = application(people.a, people.registrar)
    base = f"/api/applications/{app.pk}/actions/"
    bad = api(people.handler).post(base + "close/", {"on": "2026-09-10", "outcome": "nonsense"}, format="json")
    assert bad.status_code == 400 and "outcome" in bad.json()["errors"]
    rule = api(people.handler).post(base + "close/", {"on": "2026-09-10", "outcome": "denied.state_secret"},
                                    format="json")
    assert rule.status_code == 400 and "理由" in rule.json()["detail"]
    assert api(people.registrar).post(base + "close/", {}, format="json").status_code == 403
    assert api(people.handler).post(base + "nonsense/", {}, format="json").status_code == 404
    assert api(people.handler).post(base + "fee_notice/", {}, format="json").status_code == 404
    assert api(people.stranger).post(base + "take/", {}, format="json").status_code == 404
    assert APIClient().post(base + "take/", {}, format="json").status_code in (401, 403)
    assert app.events.count() == 1
    listed = api(people.handler).get(base).json()
    close = next(a for a in listed if a["name"] == "close")
    assert close["label"] == "办结" and {"on", "outcome", "reason", "responsible_agency"} <= set(close["fields"])
    assert {a["name"] for a in api(people.head).get(base).json()} == {"assign"}


# --- audited, in one transaction ------------------------------------------------------------------

def test_agency_and_letter_settings_and_templates_are_audited(client, people):
    client.force_login(people.admin)
    client.post(reverse("cases:settings", args=["a"]), {"name": "示范市人民政府办公厅", "accepts_online": "on"})
    e = m.Event.objects.get(action="agency_settings")
    assert e.detail["before"]["name"] == "示范市人民政府办公室" and e.detail["after"]["name"] == "示范市人民政府办公厅"
    client.post(reverse("letters:settings", args=["a"]),
                {"office": "示范市政府信息公开办公室", "reference_prefix": "示公"})
    e = m.Event.objects.get(action="letter_settings")
    assert e.detail["before"]["office"] == "" and e.detail["after"]["office"] == "示范市政府信息公开办公室"
    assert e.action_label == "修改文书设置"


def test_admin_membership_changes_are_audited_and_templates_not_deletable(people):
    from gongkai.letters.models import LetterTemplate

    admin_user = user("root", None)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    ma = admin_site._registry[m.Membership]
    mem = m.Membership(user=people.registrar, agency=people.a, role="handler")
    ma.save_model(request, mem, None, False)
    ma.delete_model(request, mem)
    trail = list(m.Event.objects.filter(action="membership").values_list("detail", flat=True))
    assert [(d["what"], d["user"], d["role"]) for d in trail] == [("granted", "registrar", "handler"),
                                                                 ("withdrawn", "registrar", "handler")]
    assert not m.Membership.objects.filter(user=people.registrar, role="handler").exists()
    assert admin_site._registry[LetterTemplate].has_delete_permission(request) is False


def test_admin_changes_to_agency_and_letterhead_are_audited(people):
    from django.forms import modelform_factory

    from gongkai.letters.models import LetterSettings

    root = user("root2", None)
    root.is_staff = root.is_superuser = True
    root.save()
    request = RequestFactory().post("/admin/")
    request.user = root
    people.a.requires_close_approval = True
    admin_site._registry[m.Agency].save_model(request, people.a, None, True)
    e = m.Event.objects.get(action="agency_settings")
    assert e.detail["before"]["requires_close_approval"] is False and e.detail["after"]["requires_close_approval"]
    form = modelform_factory(LetterSettings, fields=["agency", "office"])({"agency": people.a.pk, "office": "办公室"})
    assert form.is_valid()
    admin_site._registry[LetterSettings].save_model(request, form.save(commit=False), form, False)
    e = m.Event.objects.get(action="letter_settings")
    assert e.detail["after"] == {"office": "办公室"} and e.detail["changed"] == ["agency", "office"]
    assert admin_site._registry[LetterSettings].has_delete_permission(request) is False
