"""The supervisor's workspace in the database and on the web (Django test client)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.report import Report
from gongkai.supervision import intake, reading
from gongkai.supervision import region as region_mod
from gongkai.supervision.models import Finding, FindingDecision, Submission, Unit

from .conftest import drain, files_of

pytestmark = pytest.mark.django_db


def test_units_tree_paths_and_visibility(world):
    units = Unit.objects.all()
    assert units.count() == len(world.region.units)
    for u in units:
        assert u.path.endswith(f"/{u.pk}/")
        assert u.path.startswith(u.parent.path if u.parent else "/")
    assert set(Unit.objects.visible_to(world.boss)) == set(units)
    mine = set(Unit.objects.visible_to(world.county_man).values_list("name", flat=True))
    assert mine == {world.county.name, *world.region.children(world.county.name)}


def test_moving_a_unit_carries_its_subtree(world):
    other = Unit.objects.filter(level="county").exclude(pk=world.county.pk).get()
    town = Unit.objects.get(parent=world.county, level="township")
    town.parent = other
    town.save()
    town.refresh_from_db()
    assert town.path == f"{other.path}{town.pk}/"
    assert town not in Unit.objects.visible_to(world.county_man)


def test_upload_zip_is_read_matched_checked_and_rolled_up(world, client, django_capture_on_commit_callbacks):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in files_of(world.region):
            z.writestr(f"报告/{f.name}", f.data)
    client.force_login(world.boss)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("supervision:upload"),
                           {"files": [_upload("reports.zip", buf.getvalue())]})
    assert resp.status_code == 302
    batch_url = resp["Location"]
    n = len(world.region.reports)
    assert Submission.objects.filter(state="queued").count() == n
    page = client.get(batch_url)
    assert f"已读取 <strong id=\"done\">0</strong> / <span id=\"total\">{n}</span>" in page.content.decode()
    drain()
    assert Submission.objects.filter(state="read", match="auto").count() == n
    page = client.get(batch_url + "?partial=1").content.decode()
    assert f'<strong id="done">{n}</strong>' in page and "hx-trigger" not in page  # polling stops
    # the roll-up of the prefecture balances; the draft holds the sum
    top = world.top
    resp = client.get(reverse("supervision:rollup", args=[top.pk, 2024]))
    body = resp.content.decode()
    assert resp.status_code == 200
    kids = world.region.children(top.name)
    assert f'已报送 <strong id="filed">{len(kids)}</strong>' in body
    assert '勾稽关系有错误 <strong id="unbalanced">0</strong>' in body
    assert not Finding.objects.filter(code="region.sum").exists()
    received = world.region.reports[top.name].number("apps.new_received.total")
    assert f'data-key="apps.new_received.total">{received}<' in body
    docx = client.get(reverse("supervision:draft", args=[top.pk, 2024, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile
    return SimpleUploadedFile(name, data)


def test_county_supervisor_sees_only_the_county(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake.receive_files(files_of(world.region), user=world.boss)
    drain()
    top_sub = Submission.objects.get(unit=world.top)
    county_sub = Submission.objects.get(unit=world.county)
    client.force_login(world.county_man)
    assert client.get(reverse("supervision:report", args=[top_sub.pk])).status_code == 404
    assert client.get(reverse("supervision:report", args=[county_sub.pk])).status_code == 200
    assert client.get(reverse("supervision:rollup", args=[world.top.pk, 2024])).status_code == 404
    assert client.get(reverse("supervision:rollup", args=[world.county.pk, 2024])).status_code == 200
    units_page = client.get(reverse("supervision:units")).content.decode()
    assert world.county.name in units_page and world.top.name not in units_page
    client.logout()
    assert client.get(reverse("supervision:home")).status_code == 302  # to the login page


def test_unmatched_report_waits_for_confirmation(world, client, django_capture_on_commit_callbacks):
    stranger = Report.blank("2021", 2024, "某某单位")
    from .. import docgen
    with django_capture_on_commit_callbacks(execute=True):
        batch = intake.receive_files([intake.Incoming("x.txt", docgen.make("text", stranger).data)],
                                     user=world.boss)
    drain()
    sub = batch.submissions.get()
    assert (sub.state, sub.match, sub.unit_id) == ("read", "unmatched", None)
    client.force_login(world.boss)
    assert "某某单位" in client.get(reverse("supervision:unmatched")).content.decode()
    dept = Unit.objects.filter(parent=world.county, level="department").first()
    resp = client.post(reverse("supervision:confirm", args=[sub.pk]), {"unit": dept.pk})
    assert resp.status_code == 302
    sub.refresh_from_db()
    assert (sub.unit_id, sub.match, sub.match_how, sub.current) == (dept.pk, "confirmed", "person", True)
    assert sub.findings.exists()  # checked once it has a unit (its level sets form.late)


def test_findings_are_confirmed_or_dismissed_with_a_note_and_audited(world, client):
    report = world.region.reports[world.county.name]
    report.set("review.total", report.number("review.total") + 1)  # unbalanced table 4
    sub = intake.file_report(world.county, report)
    f = sub.findings.filter(severity="error").first()
    assert f is not None
    client.force_login(world.boss)
    url = reverse("supervision:decide", args=[f.pk])
    client.post(url, {"status": "dismissed", "note": ""})
    f.refresh_from_db()
    assert f.status == "open"  # dismissing needs a reason
    client.post(url, {"status": "dismissed", "note": "表四总计为印刷错误，已电话核实"})
    client.post(url, {"status": "confirmed", "note": "复核后仍需更正"})
    f.refresh_from_db()
    assert (f.status, f.note, f.decided_by) == ("confirmed", "复核后仍需更正", world.boss)
    trail = list(FindingDecision.objects.filter(finding=f).values_list("status", "note"))
    assert trail == [("dismissed", "表四总计为印刷错误，已电话核实"), ("confirmed", "复核后仍需更正")]
    with pytest.raises(PermissionDenied):
        FindingDecision.objects.filter(finding=f).delete()
    with pytest.raises(PermissionDenied):
        FindingDecision.objects.filter(finding=f).update(note="x")
    client.force_login(world.county_man)  # the county's own supervisor may review it too; others 404
    other = Unit.objects.filter(level="county").exclude(pk=world.county.pk).get()
    other_sub = intake.file_report(other, world.region.reports[other.name])
    g = other_sub.findings.first() or Finding.objects.create(unit=other, year=2024, code="x", severity="info",
                                                             message="x")
    assert client.post(reverse("supervision:decide", args=[g.pk]), {"status": "confirmed"}).status_code == 404


def test_return_and_corrected_version_keep_both(world, client):
    report = world.region.reports[world.county.name]
    first = intake.file_report(world.county, report)
    client.force_login(world.boss)
    client.post(reverse("supervision:return", args=[first.pk]), {"comments": "表四合计有误，请更正后重新报送"})
    ret = first.returns.get()
    assert ret.open and ret.comments == "表四合计有误，请更正后重新报送"
    second = intake.file_report(world.county, report)
    first.refresh_from_db()
    ret.refresh_from_db()
    assert (first.version, first.current, second.version, second.current) == (1, False, 2, True)
    assert ret.corrected_by == second
    page = client.get(reverse("supervision:report", args=[first.pk])).content.decode()
    assert "已重新报送" in page and "第 2 版" in page


def test_region_sum_error_and_missing_are_stored_and_reviewable(world):
    reports = dict(world.region.reports)
    dept = world.region.children(world.county.name)[1]
    for name, r in reports.items():
        if name != dept:
            intake.file_report(Unit.objects.get(name=name), r)
    r = region_mod.compute(world.county, 2024)
    f_missing = Finding.objects.get(code="region.missing", unit__name=dept)
    assert f_missing.severity == "warning" and "尚无 2024 年度报告" in f_missing.message
    f_sum = Finding.objects.get(code="region.sum", unit=world.county)
    assert f_sum.severity == "warning" and dept in f_sum.message
    assert r.cells  # summed without the missing department
    # the department files: the county's sum is whole again and the open findings go away
    intake.file_report(Unit.objects.get(name=dept), reports[dept])
    region_mod.compute(world.county, 2024)
    assert not Finding.objects.filter(code__in=["region.missing", "region.sum"], unit__in=[world.county]).exists()
    assert not Finding.objects.filter(code="region.missing", unit__name=dept).exists()


def test_csv_import_on_the_web_names_the_bad_line(world, client):
    client.force_login(world.boss)
    bad = f"name,level,parent\n新县人民政府,city,{world.top.name}\n"
    resp = client.post(reverse("supervision:unit_import"), {"file": _upload("u.csv", bad.encode())})
    assert "第 2 行层级“city”无效" in resp.content.decode()
    good = f"新县人民政府,county,{world.top.name}\n新县教育局,department,新县人民政府,新县教体局\n"
    resp = client.post(reverse("supervision:unit_import"), {"file": _upload("u.csv", good.encode())})
    assert resp.status_code == 302
    assert Unit.objects.get(name="新县教育局").alias_list() == ["新县教体局"]
    client.force_login(world.county_man)  # outside the county: refused, nothing imported
    resp = client.post(reverse("supervision:unit_import"),
                       {"file": _upload("u.csv", "外县人民政府,county,\n".encode())})
    assert "不在您监督的范围内" in resp.content.decode()
    assert not Unit.objects.filter(name="外县人民政府").exists()


def test_unit_edit_and_new_child(world, client):
    client.force_login(world.boss)
    dept = Unit.objects.filter(parent=world.county, level="department").first()
    resp = client.post(reverse("supervision:unit", args=[dept.pk]),
                       {"name": dept.name, "level": "department", "parent": world.county.pk, "aliases": "甲|乙"})
    assert resp.status_code == 302
    dept.refresh_from_db()
    assert dept.alias_list() == ["甲", "乙"]
    resp = client.post(reverse("supervision:unit", args=[dept.pk]),
                       {"name": dept.name, "level": "township", "parent": world.top.pk, "aliases": ""})
    assert "不能设在" in resp.content.decode()
    client.post(reverse("supervision:unit_new", args=[world.county.pk]), {"name": "新设局", "level": "department"})
    assert Unit.objects.get(name="新设局").parent == world.county


def test_pages_answer(world, client):
    client.force_login(world.boss)
    for name in ("home", "units", "unit_import", "upload", "unmatched"):
        assert client.get(reverse(f"supervision:{name}")).status_code == 200, name
    assert client.get(reverse("supervision:unit", args=[world.top.pk])).status_code == 200
    dept = Unit.objects.filter(level="department").first()
    assert client.get(reverse("supervision:rollup", args=[dept.pk, 2024])).status_code == 404


def test_duplicate_task_runs_do_nothing_the_second_time(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = intake.receive_files(files_of(world.region, {world.county.name}), user=world.boss)
    sub = batch.submissions.get()
    assert reading.run(sub.pk, "w1") == "read"
    assert reading.run(sub.pk, "w2") == "skipped"
    sub.refresh_from_db()
    assert (sub.attempts, sub.read_by) == (1, "w1")


def test_platform_agency_sees_the_return_and_files_a_correction(world):
    from gongkai.cases.models import Agency

    agency = Agency.objects.create(slug="edu", name="教育局")
    dept = Unit.objects.filter(parent=world.county, level="department").first()
    dept.agency = agency
    dept.save()
    report = world.region.reports[dept.name]
    first = intake.file_report(dept, report)
    assert list(intake.open_returns(agency)) == []
    from gongkai.supervision.models import ReportReturn
    ReportReturn.objects.create(submission=first, comments="第六部分未说明信息处理费", returned_by=world.boss)
    (ret,) = intake.open_returns(agency)
    assert ret.comments == "第六部分未说明信息处理费"
    second = intake.file_report(dept, report)
    assert list(intake.open_returns(agency)) == []
    ret.refresh_from_db()
    assert ret.corrected_by == second and second.version == 2


def test_a_report_sent_as_a_picture_is_shown_as_it_is(world, client):
    from django.core.files.base import ContentFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, "PNG")
    sub = Submission(unit=world.county, year=2024, source="upload", state="read", original_name="扫描件.png")
    sub.file.save("scan.png", ContentFile(buf.getvalue()), save=True)
    client.force_login(world.boss)
    img = client.get(reverse("supervision:page_image", args=[sub.pk, 1]))
    assert img["Content-Type"] == "image/png" and img.content == buf.getvalue()
    assert client.get(reverse("supervision:page_image", args=[sub.pk, 2])).status_code == 404
    text = intake.file_report(world.top, world.region.reports[world.top.name])  # no file: no page to show
    assert client.get(reverse("supervision:page_image", args=[text.pk, 1])).status_code == 404


def test_unreadable_report_placed_by_hand_counts_as_received(world, client, django_capture_on_commit_callbacks):
    dept = Unit.objects.filter(parent=world.county, level="department").first()
    for name, r in world.region.reports.items():
        if name != dept.name:
            intake.file_report(Unit.objects.get(name=name), r)
    with django_capture_on_commit_callbacks(execute=True):
        batch = intake.receive_files([intake.Incoming("坏文件.pdf", b"%PDF-1.4 broken")], user=world.boss, year=2024)
    drain()
    sub = batch.submissions.get()
    # the reason names the file as the supervisor knows it, not where the server keeps it
    assert sub.state == "unreadable" and "坏文件.pdf" in sub.error and "uploads" not in sub.error
    client.force_login(world.boss)
    assert "坏文件.pdf" in client.get(reverse("supervision:unmatched")).content.decode()
    client.post(reverse("supervision:confirm", args=[sub.pk]), {"unit": dept.pk})
    sub.refresh_from_db()
    assert (sub.unit, sub.current) == (dept, True)
    region_mod.compute(world.county, 2024)
    (missing,) = Finding.objects.filter(code="region.missing", unit=dept)
    assert "已收到，但无法读取" in missing.message
    (s,) = Finding.objects.filter(code="region.sum", unit=world.county)
    assert s.severity == "warning"
