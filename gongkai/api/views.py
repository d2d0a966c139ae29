"""API endpoints scoped to the agencies the user belongs to: reading, and the actions of the transitions table."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from ..cases import models as cm
from ..cases import transitions as T
from ..errors import GongkaiError
from ..letters.files import DOCX_MIME, PDF_MIME
from ..letters.models import Letter
from ..report import cells as C
from . import serializers as S


def readable_agencies(user):
    return cm.agencies_of(user)


class AgencyList(generics.ListAPIView):
    """The agencies the user may read."""

    serializer_class = S.AgencySerializer
    pagination_class = None

    def get_queryset(self):
        return readable_agencies(self.request.user)


@extend_schema(parameters=[
    OpenApiParameter("agency", str, description="机关标识"),
    OpenApiParameter("status", str, description="状态"),
    OpenApiParameter("year", int, description="收到申请的年度"),
    OpenApiParameter("outcome", str, description="办理结果键"),
])
class ApplicationList(generics.ListAPIView):
    """Applications of the user's agencies, newest first; filter by agency, status, year, outcome."""

    serializer_class = S.ApplicationSerializer

    def get_queryset(self):
        qs = (cm.Application.objects.filter(agency__in=readable_agencies(self.request.user))
              .select_related("agency").order_by("-received_on", "-id"))
        p = self.request.query_params
        if p.get("agency"):
            qs = qs.filter(agency__slug=p["agency"])
        if p.get("status"):
            qs = qs.filter(status=p["status"])
        if p.get("outcome"):
            qs = qs.filter(outcome=p["outcome"])
        if p.get("year"):
            try:
                year = int(p["year"])
            except ValueError:
                year = 0
            qs = qs.filter(received_on__year=year) if 1 <= year <= 9999 else qs.none()
        return qs


class ApplicationDetail(generics.RetrieveAPIView):
    serializer_class = S.ApplicationSerializer

    def get_queryset(self):
        return cm.Application.objects.filter(agency__in=readable_agencies(self.request.user)).select_related("agency")


class _ForApplication:
    def application(self) -> cm.Application:
        return get_object_or_404(cm.Application.objects.filter(agency__in=readable_agencies(self.request.user)),
                                 pk=self.kwargs["pk"])


class EventList(_ForApplication, generics.ListAPIView):
    """The application's audit trail, oldest first."""

    serializer_class = S.EventSerializer
    pagination_class = None

    def get_queryset(self):
        return self.application().events.order_by("at", "id")


class LetterList(_ForApplication, generics.ListAPIView):
    """The letters made for the application."""

    serializer_class = S.LetterSerializer
    pagination_class = None

    def get_queryset(self):
        return self.application().letters.order_by("created_at", "id")


class LetterDetail(generics.RetrieveAPIView):
    serializer_class = S.LetterSerializer

    def get_queryset(self):
        return Letter.objects.filter(agency__in=readable_agencies(self.request.user))


class LetterFile(APIView):
    """The letter as DOCX (for editing) or PDF (for sending)."""

    @extend_schema(operation_id="letters_file", parameters=[
        OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["docx", "pdf"], description="docx 或 pdf")],
        responses={(200, DOCX_MIME): OpenApiTypes.BINARY, (200, PDF_MIME): OpenApiTypes.BINARY})
    def get(self, request, pk: int, fmt: str):
        letter = get_object_or_404(Letter.objects.filter(agency__in=readable_agencies(request.user)), pk=pk)
        if fmt == "docx":
            data, mime = bytes(letter.docx), DOCX_MIME
        elif fmt == "pdf" and letter.pdf:
            data, mime = bytes(letter.pdf), PDF_MIME
        else:
            raise Http404("无此格式")
        resp = HttpResponse(data, content_type=mime)
        resp["Content-Disposition"] = f'attachment; filename="{letter.filename(fmt)}"'
        return resp


class AnnualReport(APIView):
    """Tables 3 and 4 of the annual report for one agency and year, computed from the records."""

    @extend_schema(responses=S.AnnualReportSerializer)
    def get(self, request, slug: str, year: int):
        from ..cases.annual_report import build_report
        from ..decisions.fee_notices import year_totals
        from ..report import check

        agency = get_object_or_404(readable_agencies(request.user), slug=slug)
        if not 2008 <= year <= 2100:
            raise Http404("年度超出范围")
        report = build_report(agency, year)
        table3 = [{"key": k, "label": C.label(k), "value": report.get(k)}
                  for k in report.tmpl.app_keys(report.other_rows())]
        table4 = [{"key": k, "label": C.label(k), "value": report.get(k)} for k in C.APPEAL_KEYS]
        data = {
            "agency": agency.slug, "year": year, "template": report.template,
            "cells": {k: report.get(k) for k in report.cells}, "tables": {"table3": table3, "table4": table4},
            "sections": dict(report.sections), "fees": year_totals(agency, year).to_dict(),
            "findings": [f.to_json() for f in check(report)],
        }
        return Response(S.AnnualReportSerializer(data).data)


class ApplicationActions(_ForApplication, APIView):
    """The actions the user may take on the application now (the table of transitions), with their fields."""

    @extend_schema(responses=S.ActionSerializer(many=True))
    def get(self, request, pk: int):
        app = self.application()
        out = []
        for a in T.offered(app, cm.roles_of(request.user, app.agency)):
            form = a["form"]
            out.append({"name": a["name"], "label": a["label"],
                        "fields": list(form.fields) if form is not None else [],
                        "initial": {k: v for k, v in (form.initial if form is not None else {}).items()}})
        return Response(S.ActionSerializer(out, many=True).data)


class ApplicationAction(_ForApplication, APIView):
    """Do one action (a transition of gongkai.cases.transitions) with the fields of its form.

    200 with the application as it now stands; 400 when a field is wrong; 403 without the role;
    404 for an unknown action or an application of another agency; 409 when the application no
    longer stands where the action needs it (someone else acted first) — nothing changes then.
    """

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: S.ApplicationSerializer, 400: OpenApiTypes.OBJECT,
                                                           403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, pk: int, name: str):
        app = self.application()
        t = T.TRANSITIONS.get(name)
        if t is None or t.effect is None:
            raise Http404("无此操作")
        roles = cm.roles_of(request.user, app.agency)
        if not roles & t.roles:
            return Response({"detail": "您没有此项操作的权限"}, status=403)
        form = T.bind_form(t, app, request.data, request.FILES)
        if form is not None and not form.is_valid():
            return Response({"detail": f"{t.label}：数据有误", "errors": form.errors}, status=400)
        try:
            T.perform(app, name, request.user, roles, form.cleaned_data if form is not None else {})
        except T.Conflict as e:
            app.refresh_from_db()
            return Response({"detail": f"{t.label}：{'；'.join(e.messages)}", "status": app.status,
                             "status_label": app.get_status_display()}, status=409)
        except PermissionDenied as e:
            return Response({"detail": str(e) or "您没有此项操作的权限"}, status=403)
        except ValidationError as e:
            return Response({"detail": f"{t.label}：{'；'.join(e.messages)}"}, status=400)
        except GongkaiError as e:
            return Response({"detail": f"{t.label}：{e}"}, status=400)
        app.refresh_from_db()
        return Response(S.ApplicationSerializer(app).data)
