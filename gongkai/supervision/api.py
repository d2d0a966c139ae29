"""The REST API of the supervisor's workspace (/api/supervision/…), in the OpenAPI schema.

Same rule as the web: a supervisor sees their units' subtree and nothing else (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ..errors import GongkaiError
from . import access, intake, platform_filing, reading, region
from .models import Batch, Finding, FindingDecision, ReportReturn, Submission, Unit


class SupervisionUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="name", read_only=True)
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "name", "level", "parent", "aliases"]

    def get_aliases(self, obj) -> list[str]:
        return obj.alias_list()


class SupervisionFindingSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="name", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "unit", "year", "submission", "code", "severity", "message", "keys", "status", "note",
                  "decided_by", "decided_at"]


class FindingDecisionSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FindingDecision
        fields = ["status", "note", "user", "at"]


class ReportReturnSerializer(serializers.ModelSerializer):
    returned_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReportReturn
        fields = ["id", "comments", "returned_by", "returned_at", "corrected_by"]


class SubmissionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "unit", "year", "version", "current", "source", "batch", "original_name", "state", "error",
                  "match", "match_how", "candidates", "agency_name", "template", "published", "attempts",
                  "created_at", "read_at"]


class SubmissionDetailSerializer(SubmissionSerializer):
    findings = SupervisionFindingSerializer(many=True, read_only=True)
    returns = ReportReturnSerializer(many=True, read_only=True)

    class Meta(SubmissionSerializer.Meta):
        fields = SubmissionSerializer.Meta.fields + ["cells", "report", "findings", "returns"]


class ReportBatchSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Batch
        fields = ["id", "source", "label", "year", "created_at", "progress"]

    def get_progress(self, obj) -> dict[str, int]:
        return obj.progress()


def _supervisor(request) -> None:
    if not access.is_supervisor(request.user):
        raise NotFound("您不是监督人员")


class UnitList(generics.ListAPIView):
    """The units the user supervises and everything below them, in tree order."""

    serializer_class = SupervisionUnitSerializer

    def get_queryset(self):
        _supervisor(self.request)
        return access.units(self.request.user).select_related("parent").order_by("path")


def _filtered(qs, params, exact: tuple[str, ...]):
    """The list filters every endpoint shares: ``year`` and ``unit`` (numbers; anything else matches
    nothing) and the fields named in ``exact``, each as given."""
    for name, field in (("year", "year"), ("unit", "unit_id")):
        if params.get(name):
            try:
                qs = qs.filter(**{field: int(params[name])})
            except ValueError:
                return qs.none()
    for name in exact:
        if params.get(name):
            qs = qs.filter(**{name: params[name]})
    return qs


@extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("unit", int),
                           OpenApiParameter("state", str), OpenApiParameter("match", str)])
class SubmissionList(generics.ListAPIView):
    """Reports received (every version), newest first; POST uploads files (multipart ``files``)."""

    serializer_class = SubmissionSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        _supervisor(self.request)
        qs = access.submissions(self.request.user).select_related("unit").order_by("-id")
        return _filtered(qs, self.request.query_params, ("state", "match"))

    @extend_schema(request=inline_serializer("Upload", {"files": serializers.ListField(child=serializers.FileField()),
                                                        "year": serializers.IntegerField(required=False)}),
                   responses={201: ReportBatchSerializer})
    def post(self, request):
        _supervisor(request)
        files = request.FILES.getlist("files")
        if not files:
            raise ValidationError({"files": "请上传至少一个文件"})
        year = request.data.get("year")
        try:
            batch = intake.receive_files([intake.Incoming(f.name, f.read()) for f in files], user=request.user,
                                         year=int(year) if year else None)
        except (GongkaiError, ValueError) as e:
            raise ValidationError({"files": str(e)}) from e
        return Response(ReportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class SubmissionDetail(generics.RetrieveAPIView):
    """One report as read: cells, provenance, findings, returns."""

    serializer_class = SubmissionDetailSerializer

    def get_object(self):
        _supervisor(self.request)
        return access.submission(self.request.user, self.kwargs["pk"])


class BatchDetail(generics.RetrieveAPIView):
    """A batch and how far its reading has come."""

    serializer_class = ReportBatchSerializer

    def get_object(self):
        _supervisor(self.request)
        u = self.request.user
        qs = Batch.objects.all() if u.is_superuser else Batch.objects.filter(
            Q(created_by=u) | Q(submissions__in=access.submissions(u))).distinct()
        try:
            return qs.get(pk=self.kwargs["pk"])
        except Batch.DoesNotExist:
            raise NotFound("无此批次") from None


class ConfirmUnit(APIView):
    """Confirm which unit an unmatched report belongs to."""

    @extend_schema(request=inline_serializer("ConfirmUnit", {"unit": serializers.IntegerField()}),
                   responses=SubmissionSerializer)
    def post(self, request, pk: int):
        _supervisor(request)
        sub = access.submission(request.user, pk)
        try:
            unit = access.units(request.user).get(pk=int(request.data.get("unit") or 0))
        except (Unit.DoesNotExist, ValueError):
            raise NotFound("无此单位") from None
        if not sub.done:
            raise ValidationError({"state": "报告尚未读取"})
        try:
            reading.confirm_unit(sub, unit, request.user)
        except GongkaiError as e:
            raise ValidationError({"state": str(e)}) from e
        sub.refresh_from_db()
        return Response(SubmissionSerializer(sub).data)


class ReturnReport(APIView):
    """Return the current version of a report to its unit with comments."""

    @extend_schema(request=inline_serializer("ReturnReport", {"comments": serializers.CharField()}),
                   responses={201: ReportReturnSerializer})
    def post(self, request, pk: int):
        _supervisor(request)
        sub = access.submission(request.user, pk)
        comments = str(request.data.get("comments") or "").strip()
        if not comments:
            raise ValidationError({"comments": "请填写退回意见"})
        if not sub.current or sub.unit_id is None:
            raise ValidationError({"submission": "只能退回单位的现行版本"})
        if sub.returns.filter(corrected_by__isnull=True).exists():
            raise ValidationError({"submission": "此报告已退回，正等待单位重新报送"})
        r = ReportReturn.objects.create(submission=sub, comments=comments, returned_by=request.user)
        platform_filing.tell_agency(sub, comments, request.user)
        return Response(ReportReturnSerializer(r).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("unit", int),
                           OpenApiParameter("status", str), OpenApiParameter("code", str)])
class FindingList(generics.ListAPIView):
    """Findings about the user's units: the reports' and the region's."""

    serializer_class = SupervisionFindingSerializer

    def get_queryset(self):
        _supervisor(self.request)
        qs = Finding.objects.filter(unit__in=access.units(self.request.user)).select_related("unit", "decided_by")
        return _filtered(qs, self.request.query_params, ("status", "code")).order_by("id")


class DecideFinding(APIView):
    """Confirm or dismiss a finding (or open it again) with a note; audited."""

    @extend_schema(request=inline_serializer("Decide", {"status": serializers.ChoiceField(
        choices=["open", "confirmed", "dismissed"]), "note": serializers.CharField(required=False)}),
        responses=FindingDecisionSerializer)
    def post(self, request, pk: int):
        _supervisor(request)
        finding = access.finding(request.user, pk)
        try:
            d = finding.decide(str(request.data.get("status") or ""), str(request.data.get("note") or ""),
                               request.user)
        except DjangoPermissionDenied as e:
            raise ValidationError({"status": str(e)}) from e
        return Response(FindingDecisionSerializer(d).data)


class RollupView(APIView):
    """A government's roll-up for a year: its children's reports, the sum of their cells keyed as
    spec/report-cells.md, and the region's findings (as ``gongkai rollup --json`` gives them)."""

    @extend_schema(responses=inline_serializer("Rollup", {
        "year": serializers.IntegerField(), "unit": serializers.CharField(),
        "rollup": serializers.DictField(), "children": serializers.ListField(child=serializers.DictField()),
        "findings": serializers.ListField(child=serializers.DictField())}))
    def get(self, request, pk: int, year: int):
        _supervisor(request)
        unit = access.unit(request.user, pk)
        if not unit.is_government:
            raise NotFound("只有人民政府有汇总")
        r = region.compute(unit, year)
        rows = region.children(r)

        def num(v):
            return int(v) if v == int(v) else float(v)

        return Response({
            "year": year, "unit": unit.name,
            "rollup": {"cells": {k: num(v) for k, v in sorted(r.cells.items())}},
            "children": [{"name": c.unit.name, "level": c.unit.level,
                          "report": c.submission.pk if c.submission else None,
                          "state": c.submission.state if c.submission else None,
                          "days_late": c.days_late, "errors": c.errors, "warnings": c.warnings}
                         for c in rows],
            "findings": SupervisionFindingSerializer(Finding.objects.filter(unit__in=unit.subtree(), year=year,
                                                                 code__in=region.REGION_CODES)
                                          .select_related("unit", "decided_by"), many=True).data,
        })
