"""Read-only endpoints, each scoped to the agencies the user belongs to."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from ..cases import models as cm
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
