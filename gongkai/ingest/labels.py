"""What the statutory tables' labels look like in real reports: one place for label knowledge.

Real reports print the template's labels with variants: full-width or half-width digits and
brackets, ``1、`` for ``1.``, stray spaces from line breaks inside cells, typos
(``结果维护`` for ``结果维持``, ``内容事务`` for ``内部事务``, ``这一情况`` for ``这一情形``,
``其他法律行政止公开``), and fragments of labels when a converter cut a cell in two. This
module normalizes label text (:func:`norm`) and says which cell key a label may name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..report import cells as C

# --- normalization ------------------------------------------------------------------


# Misprints seen in published reports → the template's words.
TYPOS: tuple[tuple[str, str], ...] = (
    ("结果维护", "结果维持"),
    ("内容事务", "内部事务"),
    ("这一情况", "这一情形"),
    ("法律行政止公开", "法律行政法规禁止公开"),
    ("行政法复议", "行政复议"),
)


# Full-width punctuation that prose is full of, replaced before the (much slower) NFKC;
# NFKC then runs only on text that still needs it. Same result as NFKC first (checked on
# every line of the corpus and of generated reports, and on random text, in tests/ingest/test_mapping.py).
_COMMON_WIDE = (("，", ","), ("（", "("), ("）", ")"), ("：", ":"), ("；", ";"), ("．", "."), ("／", "/"),
                ("\u3000", " "), ("！", "!"), ("？", "?"))
_SPACE_QUOTES = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff“”\"'‘’「」]+")
_NUM_DOT = re.compile(r"(\d)(?<![\d.]\d)\s*[、.．]")  # 1、 / 1． → 1. (digit first: scans faster)


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Label text for matching: NFKC (full-width → ASCII), no spaces or quotes, ``1、`` → ``1.``, typos fixed."""
    t = text
    if not t.isascii():
        for wide, narrow in _COMMON_WIDE:
            if wide in t:
                t = t.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", t):
            t = unicodedata.normalize("NFKC", t)
    t = _SPACE_QUOTES.sub("", t)
    if "." in t or "、" in t:
        t = _NUM_DOT.sub(r"\1.", t)
    for wrong, right in TYPOS:
        if wrong in t:
            t = t.replace(wrong, right)
    return t


# --- table 3 rows -------------------------------------------------------------------

# Distinctive words of each table 3 row (normalized), most specific first. A label names
# a row when it holds one of that row's words.
APP_ROW_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new_received", ("本年新收",)),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下年度", "结转下一年", "继续办理")),
    ("granted", ("予以公开",)),
    ("partial", ("部分公开", "区分处理")),
    ("denied.state_secret", ("国家秘密",)),
    ("denied.law_forbidden", ("法律行政法规禁止", "其他法律行政", "法规禁止公开")),
    ("denied.security_stability", ("三安全一稳定", "危及")),
    ("denied.third_party", ("第三方合法权益", "保护第三方")),
    ("denied.internal_affairs", ("内部事务",)),
    ("denied.process_info", ("过程性信息", "四类过程")),
    ("denied.enforcement_file", ("执法案卷",)),
    ("denied.admin_query", ("行政查询",)),
    ("unable.not_held", ("不掌握",)),
    ("unable.needs_creation", ("没有现成", "另行制作")),
    ("unable.unclear", ("补正后", "仍不明确")),
    ("not_processed.complaint", ("信访举报", "举报投诉")),
    ("not_processed.repeat", ("重复申请",)),
    ("not_processed.publication", ("公开出版物",)),
    ("not_processed.excessive", ("大量反复",)),
    ("not_processed.confirmation", ("重新出具", "确认或重新", "已获取信息")),
    ("other.no_correction", ("逾期不补正", "无正当理由逾期")),
    ("other.no_fee", ("缴纳费用", "收费通知")),
    ("total", ("总计",)),
)

_WORD_RANK = {}
for _rank, (_row, _words) in enumerate(APP_ROW_WORDS):
    for _w in _words:
        _WORD_RANK.setdefault(_w, _rank)
_ROW_WORDS = re.compile("(?=(" + "|".join(sorted(map(re.escape, _WORD_RANK), key=len, reverse=True)) + "))")

# The canonical labels, normalized, for matching fragments of cut labels.
_APP_CANON: dict[str, str] = {
    row: norm(label)
    for row, label in (
        C.NEW_RECEIVED, C.CARRIED_OVER, C.CARRIED_FORWARD,
        *C.OUTCOME_ROWS_COMMON, *C.OTHER_ROW_2019, *C.OTHER_ROWS_2021,
        ("total", "（七）总计"),
    )
}
# Group headings inside table 3 that name no row by themselves.
_GROUP_WORDS = ("三、本年度办理结果", "本年度办理结果", "(三)不予公开", "(四)无法提供", "(五)不予处理", "(六)其他处理",
                "不予公开", "无法提供", "不予处理")
_ITEM_PREFIX = re.compile(r"^(?:\([一二三四五六七]\))?(?:\d\.)?")


@lru_cache(maxsize=4096)
def app_row_candidates(label: str) -> frozenset[str]:
    """The table 3 rows a printed label may name (empty: names none, or too little to tell).

    ``label`` is everything printed left of the numbers, merged label columns included.
    """
    return frozenset(_app_rows(label))


_HEADER_WORDS = ("自然人", "勾稽关系", "申请人情况", "法人或其他组织", "商业企业")


def _app_rows(label: str) -> set[str]:
    t = norm(label)
    if not t or any(w in t for w in _HEADER_WORDS):
        return set()  # table 3's header, not a row
    # the most specific row any of its words names (one scan for all words, overlaps included)
    rank = min((_WORD_RANK[m.group(1)] for m in _ROW_WORDS.finditer(t)), default=None)
    if rank is not None:
        row = APP_ROW_WORDS[rank][0]
        if not (row == "total" and ("合计" in t or "申请人" in t)):
            return {row}
    # （六）其他处理 alone (template 2019), or its item 3.其他 (template 2021).
    rest = t
    for g in _GROUP_WORDS:
        rest = rest.replace(norm(g), "")
    rest = rest.replace("其他处理", "", 1) if "其他处理" in t else rest
    rest_item = _ITEM_PREFIX.sub("", rest)
    if "其他处理" in t and not rest_item:
        return {"other"}
    if rest_item == "其他" or rest == "3.其他":
        return {"other.other"}
    # A fragment of a label cut by a converter: every row whose label holds it.
    core = _ITEM_PREFIX.sub("", rest)
    if len(core) >= 4:
        return {row for row, canon in _APP_CANON.items() if core in canon}
    return set()


# --- table 2 (Article 20) rows --------------------------------------------------------

# item → words (normalized) that name its row; the order matters (规范性文件 before 规章).
ART20_ROW_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("normative_documents", ("规范性文件",)),
    ("regulations", ("规章",)),
    ("licensing", ("行政许可",)),
    ("other_services", ("对外管理服务", "其他对外管理")),
    ("punishment", ("行政处罚",)),
    ("coercion", ("行政强制",)),
    ("fees", ("事业性收费", "行政收费")),
    ("procurement", ("集中采购", "政府采购")),
)


@lru_cache(maxsize=4096)
def art20_item(label: str) -> str | None:
    """The Article 20 item a row label names (``regulations`` …), or None."""
    t = norm(label)
    if not t or "第二十条" in t or len(t) > 24:
        return None
    for item, words in ART20_ROW_WORDS:
        if any(w in t for w in words):
            return item
    return None


def art20_items(label: str) -> list[str]:
    """Every Article 20 item a label names, in printed order (a merged cell may name two)."""
    t = norm(label)
    if "第二十条" in t:
        return []
    found = []
    for item, words in ART20_ROW_WORDS:
        for w in words:
            at = t.find(w)
            if at >= 0:
                found.append((at, item))
                break
    return [item for _, item in sorted(found)]


# Column keys per template and item, in printed order.
ART20_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {}
for _version, _rows in (("2019", C.ART20_2019), ("2021", C.ART20_2021)):
    cols: dict[str, list[str]] = {}
    for _key, _r, _c in _rows:
        _item, _col = _key.split(".")[1:]
        cols.setdefault(_item, []).append(_col)
    ART20_COLUMNS[_version] = {k: tuple(v) for k, v in cols.items()}

# Header words that tell the template version of table 2 (normalized).
HEADER_2021 = ("本年制发", "本年废止", "现行有效", "本年处理决定", "本年收费金额")
HEADER_2019 = ("本年新制作", "本年新公开", "对外公开总", "上一年项目", "本年增/减", "本年增减", "采购项目数量",
               "采购总金额")


def header_version(text: str) -> str | None:
    """``"2021"``/``"2019"`` if header text names only one template's columns, else None."""
    t = norm(text)
    n21 = sum(w in t for w in HEADER_2021)
    n19 = sum(w in t for w in HEADER_2019)
    if t.count("本年新") and not n19:
        n19 += 1  # truncated header: 本年新 / 本年新
    if n21 > n19:
        return "2021"
    if n19 > n21:
        return "2019"
    return None


# Notes printed inside a table 2 cell say which column the cell is (a cell cut loose by a
# converter is put back by its note): 修订/制发 → made, 失效/废止 → repealed, 现行 → in force.
NOTE_COLUMN: tuple[tuple[tuple[str, ...], str], ...] = (
    (("失效", "废止", "撤销", "清理"), "repealed"),
    (("修订", "修改", "制发", "制定", "出台", "新制"), "made"),
    (("现行",), "in_force"),
)


def note_column(note: str) -> str | None:
    t = norm(note)
    for words, column in NOTE_COLUMN:
        if any(w in t for w in words):
            return column
    return None


# --- table 4 ------------------------------------------------------------------------

APPEAL_GROUP_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("litigation_direct", ("未经复议", "直接起诉")),
    ("litigation_after_review", ("复议后起诉",)),
    ("review", ("行政复议",)),
)


def appeal_group(label: str) -> str | None:
    t = norm(label)
    for group, words in APPEAL_GROUP_WORDS:
        if any(w in t for w in words):
            return group
    return None


# --- where the tables are -------------------------------------------------------------

@lru_cache(maxsize=4096)
def table_marker(text: str) -> str | None:
    """Which statutory table a heading or header row opens: ``"t2"``, ``"t3"``, ``"t4"``, ``"end"``."""
    t = norm(text)
    if not t:
        return None
    if "存在的主要问题" in t or "其他需要报告" in t or re.match(r"^[五六]、", t):
        return "end"
    if ("行政复议" in t and ("行政诉讼" in t or "结果维持" in t)) or re.match(r"^[四4][、.]?政府信息公开行政", t):
        return "t4"
    if "申请人情况" in t or "收到和处理政府信息公开申请" in t or "本年新收" in t or "勾稽关系" in t:
        return "t3"
    if "第二十条" in t or "主动公开政府信息情况" in t or t == "信息内容" or t.startswith("信息内容"):
        return "t2"
    return None


# Page footers and repeated headings a converter leaves inside tables.
PAGE_FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?"
                         r"|\d{1,3}\s*/\s*\d{1,3})\s*$")


@lru_cache(maxsize=4096)  # asked of every cell; the same few texts (numbers) again and again
def is_page_footer(text: str) -> bool:
    return bool(PAGE_FOOTER.match(text))


# --- flattened tables: row labels in printed order ----------------------------------------

def _loose(words: str) -> str:
    """A literal label as a pattern that tolerates stray spaces between its characters."""
    return r"[ \t\u00a0\u3000]*".join(re.escape(ch) for ch in words)


def _flat(key: str, pattern: str, numbered: bool = False) -> tuple[str, re.Pattern[str], bool]:
    return key, re.compile(pattern), numbered


_OPEN, _CLOSE = r"[（(]", r"[)）]"
# (key, pattern, numbered): numbered rows are printed ``1.`` … ``8.`` before the label.
FLAT_ROWS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    _flat("art20.regulations", _loose("规章")),
    _flat("art20.normative_documents", r"(?:行政)?" + _loose("规范性文件")),
    _flat("art20.licensing", _loose("行政许可")),
    _flat("art20.other_services", _loose("其他对外管理服务事项")),
    _flat("art20.punishment", _loose("行政处罚")),
    _flat("art20.coercion", _loose("行政强制")),
    _flat("art20.fees", _loose("行政事业性收费")),
    _flat("art20.procurement", _loose("政府集中采购")),
    _flat("apps.new_received", r"(?:一、)?" + _loose("本年新收政府信息公开申请数量")),
    _flat("apps.carried_over", r"(?:二、)?" + _loose("上年结转政府信息公开申请数量")),
    _flat("apps.granted", _OPEN + "一" + _CLOSE + r"[ \t]*" + _loose("予以公开")),
    _flat("apps.partial", _OPEN + "二" + _CLOSE + r"[ \t]*" + _loose("部分公开") + r"(?:[（(][^）)]{0,40}[）)])?"),
    _flat("apps.denied.state_secret", _loose("属于国家秘密"), True),
    _flat("apps.denied.law_forbidden", _loose("其他法律行政") + r"(?:法规)?禁?" + _loose("止公开"), True),
    _flat("apps.denied.security_stability", _loose("危及") + r"[“\"]?" + _loose("三安全一稳定") + r"[”\"]?", True),
    _flat("apps.denied.third_party", _loose("保护第三方合法权益"), True),
    _flat("apps.denied.internal_affairs", _loose("属于三类内") + r"[部容]" + _loose("事务信息"), True),
    _flat("apps.denied.process_info", _loose("属于四类过程性信息"), True),
    _flat("apps.denied.enforcement_file", _loose("属于行政执法案卷"), True),
    _flat("apps.denied.admin_query", _loose("属于行政查询事项"), True),
    _flat("apps.unable.not_held", _loose("本机关不掌握相关政府信息"), True),
    _flat("apps.unable.needs_creation", _loose("没有现成信息需要另行制作"), True),
    _flat("apps.unable.unclear", _loose("补正后申请内容仍不明确"), True),
    _flat("apps.not_processed.complaint", _loose("信访举报投诉类申请"), True),
    _flat("apps.not_processed.repeat", _loose("重复申请"), True),
    _flat("apps.not_processed.publication", _loose("要求提供公开出版物"), True),
    _flat("apps.not_processed.excessive", _loose("无正当理由大量反复申请"), True),
    _flat("apps.not_processed.confirmation", _loose("要求行政机关确认或重新出具已获取信息"), True),
    _flat("apps.other", _loose("其他处理") + r"(?=[ \t\u00a0\u3000]*\d[\d \t\u00a0\u3000]*" + _OPEN + "七)"),
    _flat("apps.other.no_correction",
          _loose("申请人无正当理由逾期不补正") + r"[、，,]?" + _loose("行政机关不再处理其政府信息公开申请"), True),
    _flat("apps.other.no_fee",
          _loose("申请人逾期未按收费通知要求缴纳费用") + r"[、，,]?"
          + _loose("行政机关不再处理其政府信息公开申请"), True),
    _flat("apps.other.other", r"其他(?=[ \t\u00a0\u3000]*\d)", True),
    _flat("apps.total", _OPEN + "七" + _CLOSE + r"[ \t]*" + _loose("总计")),
    _flat("apps.carried_forward", r"(?:四、)?" + _loose("结转下年度继续办理")),
)
FLAT_APPEAL_END = re.compile(_loose("总计"))


def completed_app_label(head: str, tail: str) -> str | None:
    """What ``head`` + ``tail`` (a label broken in two, across a page) completes: ``"row"`` when the
    two together are exactly one table 3 row's template label, ``"group"`` when they are exactly a
    group heading (三、本年度办理结果, （三）不予公开 …); None when neither piece alone is short of
    it, or the join is anything else (no join is guessed)."""
    whole, a, b = norm(head + tail), norm(head), norm(tail)
    if not a or not b:
        return None
    groups = {norm(g) for g in _GROUP_WORDS if g[:1] in "三("}
    shapes = {row: {canon, *(canon[len(g):] for g in groups if canon.startswith(g))}
              for row, canon in _APP_CANON.items()}  # with its group heading or without
    rows = [row for row, forms in shapes.items() if whole in forms]
    if a in groups or b in groups or any(a in forms or b in forms for forms in shapes.values()):
        return None
    if len(rows) == 1:
        return "row"
    return "group" if whole in groups else None
