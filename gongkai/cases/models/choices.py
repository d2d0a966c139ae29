"""The fixed vocabularies of the case records: applicant types, outcomes, identity documents, channels,
roles, and the steps the applicant sees."""

from __future__ import annotations

from gongkai.report import cells as C

APPLICANT_TYPES = C.APPLICANT_COLUMNS  # exactly the report's columns
ORGANISATION_TYPES = tuple(k for k, _ in APPLICANT_TYPES if k != "natural_person")

OUTCOME_CHOICES = tuple((k, label) for k, label in C.OUTCOME_ROWS_COMMON + C.OTHER_ROWS_2021)
OUTCOME_KEYS = tuple(k for k, _ in OUTCOME_CHOICES)
# What each outcome requires when closing.
OUTCOMES_NEEDING_REASON = frozenset(k for k in OUTCOME_KEYS if k.startswith(("denied.", "not_processed.",
                                                                              "other.other", "partial")))
OUTCOMES_WITH_RESPONSIBLE_AGENCY = frozenset({"unable.not_held"})
# Outcomes that only a path through the clock may reach (not chosen freely on the close form).
OUTCOMES_BY_PATH = {
    "other.no_correction": "补正期限届满未补正",
    "other.no_fee": "缴费期限届满未缴费",
}


def outcome_label(key: str) -> str:
    return dict(OUTCOME_CHOICES).get(key, key)


ID_TYPES = (
    ("resident_id", "居民身份证"),
    ("passport", "护照"),
    ("hk_macao_taiwan", "港澳台居民证件"),
    ("credit_code", "统一社会信用代码"),
    ("other", "其他证件"),
)
DELIVERY_FORMS = (
    ("paper", "纸质"),
    ("electronic", "电子数据"),
    ("email", "电子邮件"),
    ("post", "邮寄"),
    ("collect", "当面领取"),
)
CHANNELS = (
    ("in_person", "当面提交"),
    ("post", "邮寄"),
    ("fax", "传真"),
    ("online", "网上申请"),
)
# Article 31: which date is the date of receipt, per channel.
RECEIPT_RULE = {
    "in_person": "当面提交的，以提交之日为收到申请之日",
    "post": "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    "fax": "以传真方式提交的，以双方确认之日为收到申请之日",
    "online": "通过互联网渠道提交的，以双方确认之日为收到申请之日",
}

ROLES = (
    ("registrar", "登记员"),
    ("handler", "承办人"),
    ("head", "机构负责人"),
    ("admin", "机关管理员"),
    ("supervisor", "监督人员"),
)
STAFF_ROLES = ("registrar", "handler", "head", "admin")

CORRECTION_WARN = 2      # warn when this many working days or fewer are left in the 补正 window
DEFAULT_CORRECTION_DAYS = 15  # the period the 补正 notice gives the applicant, unless staff choose another


# Steps the applicant sees on the status page (Event.action → words).
PUBLIC_EVENTS = {
    "submit": "网上提交申请",
    "register": "行政机关确认收到申请，答复期限开始计算",
    "request_correction": "行政机关通知补正",
    "supplement": "收到补正，答复期限重新计算",
    "consult": "征求第三方或其他机关意见，期间不计入答复期限",
    "consult_answer": "征求意见结束，恢复计算答复期限",
    "approve_extension": "经机构负责人同意，延长答复期限",
    "fee_notice": "发出收费通知",
    "fee_paid": "缴费完成，恢复计算答复期限",
    "split": "按“一申请一事项”拆分办理",
    "close": "办结",
    "approve_close": "办结",
}
