"""Forms: the Article 29 application (public and staff), each staff action, uploads."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from . import models as m


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def check_upload(f) -> None:
    """Refuse files that are too large or not of an accepted type (by extension and by content)."""
    if f is None:
        return
    limit = settings.GONGKAI_UPLOAD_MAX
    if f.size > limit:
        raise ValidationError(f"文件“{f.name}”过大（{f.size // 1024} KB），上限为 {limit // (1024 * 1024)} MB")
    ext = os.path.splitext(f.name)[1].lower()
    magic = m.UPLOAD_TYPES.get(ext)
    if magic is None:
        raise ValidationError(f"文件“{f.name}”的类型不受支持：仅接受 PDF、JPG、PNG、DOCX、OFD")
    head = f.read(16)
    f.seek(0)
    if not any(head.startswith(sig) for sig in magic):
        raise ValidationError(f"文件“{f.name}”的内容与扩展名“{ext}”不符")


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def resident_id_problem(number: str) -> str | None:
    """Why ``number`` is not a valid 18-digit resident identity number (GB 11643), or ``None``."""
    n = number.strip().upper()
    if len(n) != 18 or not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return "居民身份证号码应为18位（最后一位可为X）"
    if _ID_CHECK[sum(int(d) * w for d, w in zip(n[:17], _ID_WEIGHTS, strict=True)) % 11] != n[17]:
        return "居民身份证号码校验位不符，请核对"
    return None


# GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》: 18 characters of 31 (no I, O, Z, S, V);
# the 18th is the check character: 31 − (Σ value × 3^(i) mod 31) mod 31 over the first 17.
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, …


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码 (GB 32100-2015), or ``None``."""
    c = code.strip().upper()
    if len(c) != 18 or any(ch not in _CREDIT_CHARS for ch in c):
        return "统一社会信用代码应为18位数字或大写字母（不使用I、O、Z、S、V）"
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(c[:17], _CREDIT_WEIGHTS, strict=True))
    if _CREDIT_CHARS[(31 - total % 31) % 31] != c[17]:
        return "统一社会信用代码校验位不符，请核对"
    return None


# Article 29(2)(二) asks for "the name, document number or other characteristic description that helps
# the agency find" the information: a description, not the document itself. 2,000 characters leave ample
# room for that; longer material goes in as an attachment. It also bounds the evidence panel's work.
DESCRIPTION_MAX = 2000


class ApplicationForm(forms.ModelForm):
    """The form of Article 29: who asks, what they ask for, how they want it."""

    power_of_attorney = forms.FileField(label="授权委托书（委托代理时必交）", required=False,
                                        help_text="PDF、JPG、PNG、DOCX 或 OFD，10 MB 以内")
    request_file = forms.FileField(label="申请材料（选填）", required=False)

    class Meta:
        model = m.Application
        fields = ["applicant_type", "applicant_name", "id_type", "id_number", "contact_person", "phone", "email",
                  "address", "postcode", "agent_name", "agent_id_number", "agent_phone", "info_title",
                  "info_document_number", "info_description", "purpose", "delivery_form"]
        widgets = {"info_description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "applicant_type": "法人或其他组织请选择相应类别",
            "info_description": "写明政府信息的名称、文号或者便于查询的其他特征性描述（《条例》第二十九条）",
        }

    FIELDSETS = (
        ("申请人", ("applicant_type", "applicant_name", "id_type", "id_number", "contact_person", "phone", "email",
                    "address", "postcode")),
        ("委托代理（由代理人代为申请时填写）", ("agent_name", "agent_id_number", "agent_phone", "power_of_attorney")),
        ("所需政府信息", ("info_title", "info_document_number", "info_description", "purpose")),
        ("获取方式与材料", ("delivery_form", "request_file")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("applicant_type", "id_type"):
            self.fields[name].choices = [("", "请选择")] + [c for c in self.fields[name].choices if c[0]]
        self.fields["info_description"].widget.attrs["maxlength"] = str(DESCRIPTION_MAX)

    def clean_info_description(self):
        text = self.cleaned_data.get("info_description", "")
        if len(text) > DESCRIPTION_MAX:
            raise ValidationError(
                f"所需信息的描述请控制在 {DESCRIPTION_MAX} 字以内（现为 {len(text)} 字）。《条例》第二十九条要求写明"
                "“申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述”；较长的材料请作为附件上传。")
        return text

    def fieldsets(self):
        """The fields in groups, for the template: [(title, [bound fields])]."""
        out = []
        for title, names in self.FIELDSETS:
            out.append((title, [self[n] for n in names if n in self.fields]))
        placed = {n for _, names in self.FIELDSETS for n in names}
        rest = [self[n] for n in self.fields if n not in placed]
        if rest:
            out.insert(0, ("提交与收到", rest))
        return out

    def clean_power_of_attorney(self):
        f = self.cleaned_data.get("power_of_attorney")
        check_upload(f)
        return f

    def clean_request_file(self):
        f = self.cleaned_data.get("request_file")
        check_upload(f)
        return f

    def clean(self):
        data = super().clean()
        if data.get("id_type") == "resident_id" and data.get("id_number"):
            problem = resident_id_problem(data["id_number"])
            if problem:
                self.add_error("id_number", problem)
            else:
                data["id_number"] = data["id_number"].strip().upper()
        if data.get("id_type") == "credit_code" and data.get("id_number"):
            problem = credit_code_problem(data["id_number"])
            if problem:
                self.add_error("id_number", problem)
            else:
                data["id_number"] = data["id_number"].strip().upper()
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise ValidationError("请至少填写一种联系方式（电话、电子邮箱或通信地址）")
        if data.get("delivery_form") == "email" and not data.get("email"):
            self.add_error("email", "选择以电子邮件获取信息时，请填写电子邮箱")
        if data.get("delivery_form") == "post" and not data.get("address"):
            self.add_error("address", "选择邮寄时，请填写通信地址")
        if data.get("applicant_type") in m.ORGANISATION_TYPES and not data.get("contact_person"):
            self.add_error("contact_person", "法人或其他组织申请的，请填写联系人")
        if data.get("agent_name"):
            if not data.get("agent_id_number"):
                self.add_error("agent_id_number", "委托代理的，请填写代理人证件号码")
            if not data.get("power_of_attorney") and not getattr(self, "poa_optional", False):
                self.add_error("power_of_attorney", "委托代理的，请上传授权委托书")
        return data


class StaffApplicationForm(ApplicationForm):
    """Registration by staff of an application received in person, by post or by fax."""

    poa_optional = True  # a paper power of attorney may be on file

    channel = forms.ChoiceField(label="提交方式", choices=m.CHANNELS)
    submitted_on = forms.DateField(label="提交日期", widget=DateInput())
    received_on = forms.DateField(
        label="收到申请之日", widget=DateInput(), required=False,
        help_text="当面提交：即提交之日；邮寄：签收之日；传真、网上：双方确认之日（《条例》第三十一条）")

    class Meta(ApplicationForm.Meta):
        fields = ApplicationForm.Meta.fields

    def clean(self):
        data = super().clean()
        if data.get("channel") == "in_person":
            data["received_on"] = data.get("submitted_on")
        elif not data.get("received_on"):
            self.add_error("received_on", "请填写收到申请之日")
        return data


class SupplementForm(forms.Form):
    text = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    file = forms.FileField(label="补正材料（选填）", required=False)

    def clean_file(self):
        f = self.cleaned_data.get("file")
        check_upload(f)
        return f


class LookupForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=30)


def _today():
    return m.dates.today()


class OnForm(forms.Form):
    on = forms.DateField(label="日期", widget=DateInput(), initial=_today)


class RegisterForm(OnForm):
    on = forms.DateField(label="收到申请之日（双方确认之日）", widget=DateInput(), initial=_today)


class CorrectionForm(OnForm):
    on = forms.DateField(label="补正通知日", widget=DateInput(), initial=_today)
    notice = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60,
                              initial=m.DEFAULT_CORRECTION_DAYS)


class StaffSupplementForm(OnForm):
    on = forms.DateField(label="收到补正之日", widget=DateInput(), initial=_today)
    text = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 3}))


class ConsultForm(OnForm):
    on = forms.DateField(label="发出征求意见日", widget=DateInput(), initial=_today)
    kind = forms.ChoiceField(label="对象类型", choices=m.Consultation.KINDS)
    party = forms.CharField(label="征求意见对象", max_length=200)


class ConsultAnswerForm(OnForm):
    on = forms.DateField(label="收到答复日", widget=DateInput(), initial=_today)
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.CharField(label="意见（逾期未答复的请注明）", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延长理由", widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    approve = forms.TypedChoiceField(label="审批", choices=(("1", "批准"), ("0", "不批准")), coerce=lambda v: v == "1")


class CloseForm(OnForm):
    on = forms.DateField(label="办结（答复）日期", widget=DateInput(), initial=_today)
    outcome = forms.ChoiceField(label="办理结果",
                                choices=[(k, v) for k, v in m.OUTCOME_CHOICES if k not in m.OUTCOMES_BY_PATH])
    reason = forms.CharField(label="理由与依据", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    responsible_agency = forms.CharField(label="负责公开该信息的机关（能够确定的）", required=False, max_length=200)


class AssignForm(forms.Form):
    """Choose the handler: the users holding the 承办人 role at the application's agency."""

    needs_app = True
    handler = forms.TypedChoiceField(label="承办人", coerce=int)

    def __init__(self, *args, app=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {}
        if app is not None:
            from django.contrib.auth import get_user_model

            self.users = {u.pk: u for u in get_user_model().objects.filter(
                memberships__agency_id=app.agency_id, memberships__role="handler").distinct().order_by("username")}
        self.fields["handler"].choices = [(pk, u.get_full_name() or u.get_username()) for pk, u in self.users.items()]

    def clean_handler(self):
        return self.users[self.cleaned_data["handler"]]


class RefuseForm(forms.Form):
    note = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 2}))


class SplitForm(forms.Form):
    matters = forms.CharField(label="拆分后的事项（每行一项）", widget=forms.Textarea(attrs={"rows": 4}))


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=m.Appeal.KINDS)
    filed_on = forms.DateField(label="申请或起诉日期", widget=DateInput(), initial=_today)
    body = forms.CharField(label="复议机关或法院", required=False, max_length=200)
    case_number = forms.CharField(label="案号", required=False, max_length=100)
    after_review = forms.IntegerField(label="复议后起诉：所涉复议", required=False)


class AppealDecisionForm(forms.Form):
    appeal = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label="结果", choices=[c for c in m.Appeal.RESULTS if c[0] != "pending"])
    decided_on = forms.DateField(label="审结日期", widget=DateInput(), initial=_today)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=m.ATTACHMENT_KINDS)
    file = forms.FileField(label="文件")

    def clean_file(self):
        f = self.cleaned_data.get("file")
        check_upload(f)
        return f


class AgencySettingsForm(forms.ModelForm):
    class Meta:
        model = m.Agency
        fields = ["name", "requires_close_approval", "accepts_online"]


class ScheduleDayForm(forms.ModelForm):
    class Meta:
        model = m.ScheduleDay
        fields = ["date", "is_workday", "note"]
        widgets = {"date": DateInput()}
