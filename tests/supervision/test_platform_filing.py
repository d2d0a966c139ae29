"""Way (1): a report published on the platform is filed into the workspace, once per version."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_published_versions_are_filed_once_each(world, django_capture_on_commit_callbacks):
    from gongkai.annual.models import AnnualReport
    from gongkai.cases.models import Agency
    from gongkai.supervision.models import ReportReturn, Submission, Unit

    agency = Agency.objects.create(slug="edu", name="溪塘县教育局")
    dept = Unit.objects.filter(parent=world.county, level="department").first()
    dept.agency = agency
    dept.save()
    with django_capture_on_commit_callbacks(execute=True):
        draft = AnnualReport.objects.create(agency=agency, year=2025, sections={"overview": "草稿"})
    assert not Submission.objects.exists()  # a draft is not filed
    with django_capture_on_commit_callbacks(execute=True):
        draft.state, draft.published_on = "published", dt.date(2026, 1, 20)
        draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        draft.save()  # saved again (say an admin touch): not filed twice
    (first,) = Submission.objects.all()
    assert (first.unit, first.year, first.source, first.published, first.version) == \
        (dept, 2025, "platform", dt.date(2026, 1, 20), 1)
    assert first.report["sections"]["overview"] == "草稿" and first.cells
    ReportReturn.objects.create(submission=first, comments="请补充第六部分", returned_by=world.boss)
    with django_capture_on_commit_callbacks(execute=True):
        AnnualReport.objects.create(agency=agency, year=2025, version=2, state="published",
                                    published_on=dt.date(2026, 1, 28), sections={"overview": "更正"})
    second = Submission.objects.get(version=2)
    first.refresh_from_db()
    assert (first.current, second.current) == (False, True)
    assert first.returns.get().corrected_by == second
    other = Agency.objects.create(slug="x", name="不是单位的机关")
    with django_capture_on_commit_callbacks(execute=True):
        AnnualReport.objects.create(agency=other, year=2025, state="published", published_on=dt.date(2026, 1, 5))
    assert Submission.objects.count() == 2


def test_return_shows_in_the_agency_report_record(world, client, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from gongkai.annual.models import AnnualReport, ReportEvent
    from gongkai.cases.models import Agency
    from gongkai.supervision.models import Submission, Unit

    agency = Agency.objects.create(slug="edu2", name="溪塘县文旅局")
    dept = Unit.objects.filter(parent=world.county, level="department").first()
    dept.agency = agency
    dept.save()
    with django_capture_on_commit_callbacks(execute=True):
        ar = AnnualReport.objects.create(agency=agency, year=2025, state="published", published_on=dt.date(2026, 1, 9))
    sub = Submission.objects.get()
    client.force_login(world.boss)
    client.post(reverse("supervision:return", args=[sub.pk]), {"comments": "表三总计有误"})
    event = ReportEvent.objects.get(report=ar, action="comment")
    assert event.comment == "上级政府信息公开工作主管部门退回：表三总计有误" and event.actor == world.boss
