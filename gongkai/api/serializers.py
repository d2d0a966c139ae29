"""What the API shows of each record. Identity numbers are always masked here."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..cases import models as cm
from ..letters.models import Letter


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = cm.Agency
        fields = ["slug", "name"]


class ApplicationSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    applicant_type_label = serializers.CharField(source="get_applicant_type_display", read_only=True)
    id_number = serializers.CharField(source="masked_id_number", read_only=True,
                                      help_text="证件号码（已遮盖）")
    outcome_label = serializers.CharField(read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    due_provisional = serializers.SerializerMethodField(
        help_text="答复期限是否为暂定日期（所跨年度的法定节假日安排尚未录入，按法定节日推算，未计调休）")
    due_provisional_years = serializers.ListField(
        child=serializers.IntegerField(), read_only=True,
        help_text="答复期限所依赖、节假日安排尚未录入的年度；安排录入后自动重算")
    days_left = serializers.SerializerMethodField(help_text="距答复期限的工作日数（超期为负；计时中止或已办结为空）")

    class Meta:
        model = cm.Application
        fields = ["id", "agency", "number", "status", "status_label", "applicant_type", "applicant_type_label",
                  "applicant_name", "id_number", "info_title", "info_document_number", "info_description",
                  "delivery_form", "channel", "channel_label", "submitted_on", "received_on", "due_on",
                  "due_provisional", "due_provisional_years", "days_left",
                  "extension_days", "correction_requested_on", "correction_due_on", "supplement_received_on",
                  "fee_amount", "fee_notice_on", "fee_due_on", "fee_paid_on", "outcome", "outcome_label",
                  "outcome_reason", "responsible_agency", "closed_on", "parent"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_due_provisional(self, obj: cm.Application) -> bool:
        return bool(obj.due_provisional_years)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_left(self, obj: cm.Application):
        try:
            return obj.days_left()
        except Exception:  # a date beyond the known calendar: unknown, not guessed
            return None


class EventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(read_only=True)

    class Meta:
        model = cm.Event
        fields = ["id", "at", "on", "actor_label", "action", "action_label", "from_status", "to_status", "detail"]
        read_only_fields = fields


class LetterSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    docx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    public = serializers.BooleanField(source="is_public", read_only=True, help_text="申请人可在查询页下载")

    class Meta:
        model = Letter
        fields = ["id", "application", "kind", "kind_label", "title", "reference", "year", "serial", "text",
                  "public", "created_at", "docx_url", "pdf_url"]
        read_only_fields = fields

    def _url(self, obj: Letter, fmt: str) -> str | None:
        from django.urls import reverse

        if fmt == "pdf" and not obj.has_pdf:
            return None
        path = reverse("api:letter-file", args=[obj.pk, fmt])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.URLField())
    def get_docx_url(self, obj: Letter) -> str | None:
        return self._url(obj, "docx")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, obj: Letter) -> str | None:
        return self._url(obj, "pdf")


class CellSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()
    keys = serializers.ListField(child=serializers.CharField())


class FeeTotalsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    notices = serializers.IntegerField()
    notified_amount = serializers.CharField()
    paid = serializers.IntegerField()
    paid_amount = serializers.CharField()
    lapsed = serializers.IntegerField()


class AnnualReportSerializer(serializers.Serializer):
    agency = serializers.CharField()
    year = serializers.IntegerField()
    template = serializers.CharField()
    cells = serializers.DictField(child=serializers.IntegerField(allow_null=True),
                                  help_text="单元格键（见 gongkai.report.cells）→ 数值")
    tables = serializers.DictField(child=CellSerializer(many=True), help_text="table3、table4：按印制顺序")
    sections = serializers.DictField(child=serializers.CharField(), help_text="正文各部分；other_matters 含信息处理费")
    fees = FeeTotalsSerializer()
    findings = FindingSerializer(many=True)


class ActionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="操作名，POST /api/applications/<id>/actions/<name>/")
    label = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField(), help_text="表单字段名")
    initial = serializers.DictField(help_text="预填值")
