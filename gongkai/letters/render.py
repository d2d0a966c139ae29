"""Letters from templates: the kinds, the sandboxed engine, and the rendered paragraphs.

Django-free at run time (no settings, no database): Django's template engine is used on
its own with :mod:`gongkai.letters.sandbox` as its only library, and the data a template
sees is plain text made by :func:`values_to_context`.

A template is plain text. After rendering, blank lines separate paragraphs, and a
paragraph's first characters say how it is laid out:

* ``# 标题`` — the title, centred; ``## 编号`` — a centred sub-line (the reference);
* ``| 文字`` — flush left, no indent (the addressee line, list items);
* ``> 文字`` — right-aligned (the signature and date);
* anything else — a body paragraph with the customary two-character first-line indent.

Single line breaks inside a paragraph are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType

from ..errors import GongkaiError
from ..report import cells as C
from . import articles, sandbox
from .fields import BY_NAME, sample_values
from .sandbox import FILTERS, TAGS

MAX_SOURCE = 20_000  # characters of an office-edited template (the shipped ones are under 2,000)


class TemplateError(GongkaiError):
    """An office-edited template that cannot be used (bad syntax, unknown field or tag)."""


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    procedure: str = ""  # key into articles.PROCEDURE, for procedural letters


KINDS: dict[str, Kind] = {k.slug: k for k in (
    Kind("receipt", "政府信息公开申请登记回执", "receipt"),
    Kind("correction", "政府信息公开申请补正告知书", "correction"),
    Kind("extension", "政府信息公开申请延期答复告知书", "extension"),
    Kind("consult_third_party", "政府信息公开征求第三方意见函", "consult_third_party"),
    Kind("consult_agency", "政府信息公开征求行政机关意见函", "consult_agency"),
    Kind("fee_notice", "政府信息公开信息处理费收费通知书", "fee_notice"),
    Kind("decision_granted", "政府信息公开申请答复告知书（予以公开）"),
    Kind("decision_partial", "政府信息公开申请答复告知书（部分公开）"),
    Kind("decision_denied", "政府信息公开申请答复告知书（不予公开）"),
    Kind("decision_unable", "政府信息公开申请答复告知书（无法提供）"),
    Kind("decision_not_ours", "政府信息公开申请答复告知书（非本机关负责公开）"),
    Kind("decision_not_processed", "政府信息公开申请答复告知书（不予处理）"),
    Kind("decision_other", "政府信息公开申请答复告知书（其他处理）"),
)}


def decision_kind(outcome: str, not_ours: bool = False) -> str:
    """The decision letter kind for a table-3 outcome key."""
    if outcome not in C.ALL_OUTCOME_KEYS:
        raise KeyError(f"未知的办理结果：{outcome}")
    if outcome == "unable.not_held" and not_ours:
        return "decision_not_ours"
    group = outcome.split(".")[0]
    return {
        "granted": "decision_granted", "partial": "decision_partial", "denied": "decision_denied",
        "unable": "decision_unable", "not_processed": "decision_not_processed", "other": "decision_other",
    }[group]


def default_template(kind: str) -> str:
    """The shipped default text of a kind (``gongkai/letters/defaults/<kind>.txt``)."""
    if kind not in KINDS:
        raise KeyError(f"未知的文书种类：{kind}")
    return resources.files(__package__).joinpath("defaults").joinpath(f"{kind}.txt").read_text(encoding="utf-8")


# --- the engine ----------------------------------------------------------------

class _SandboxEngine(Engine):
    default_builtins: list[str] = []  # no defaulttags / defaultfilters / loader tags


_ENGINE = _SandboxEngine(
    autoescape=False,
    libraries={},
    builtins=["gongkai.letters.sandbox"],
    string_if_invalid="【未知字段：%s】",
)

_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*")
_IF_WORDS = {"and", "or", "not", "in", "is", "None", "True", "False", "==", "!=", "<", ">", "<=", ">="}


def check_template(source: str, kind: str | None = None) -> list[str]:
    """Parse ``source`` in the sandbox; raise :class:`TemplateError` naming the line if unusable.

    Returns the documented field names the template uses. A field not in the documented
    list is an error, so a typo is caught when the office saves the template, not when a
    letter goes out.
    """
    if len(source) > MAX_SOURCE:
        raise TemplateError(f"模板过长（{len(source)} 字，上限 {MAX_SOURCE} 字）", where=kind)
    try:
        _ENGINE.from_string(source)
    except TemplateSyntaxError as e:
        raise TemplateError(_syntax_message(e), where=kind) from None
    used: list[str] = []
    locals_: set[str] = {"forloop"}
    for token in Lexer(source).tokenize():
        names: list[str] = []
        if token.token_type == TokenType.VAR:
            names = [token.contents.split("|")[0].strip()]
        elif token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if bits[0] not in TAGS:
                raise TemplateError(f"第{token.lineno}行：不允许使用标签“{bits[0]}”", where=kind)
            if bits[0] in ("if", "elif"):
                names = [b.split("|")[0] for b in bits[1:] if b not in _IF_WORDS]
            elif bits[0] == "for":
                i = bits.index("in") if "in" in bits else len(bits)
                locals_.update(v.strip(",") for v in bits[1:i] for v in v.split(",") if v)
                names = [b.split("|")[0] for b in bits[i + 1:] if b != "reversed"]
        for name in names:
            if not name or name[0] in "\"'0123456789-":
                continue
            m = _VAR_NAME.match(name)
            root = m.group(0) if m else name
            if root in locals_:
                continue
            if root not in BY_NAME:
                raise TemplateError(f"第{token.lineno}行：模板使用了未列出的字段“{root}”", where=kind)
            if root not in used:
                used.append(root)
        if token.token_type == TokenType.VAR:
            for part in token.contents.split("|")[1:]:
                f = part.split(":")[0].strip()
                if f not in FILTERS:
                    raise TemplateError(f"第{token.lineno}行：不允许使用过滤器“{f}”", where=kind)
    return used


def _syntax_message(e: TemplateSyntaxError) -> str:
    msg = str(e)
    m = re.search(r"Invalid block tag on line (\d+): '([^']+)'", msg)
    if m:
        return f"第{m.group(1)}行：不允许使用或无法识别的标签“{m.group(2)}”"
    m = re.search(r"Invalid filter: '([^']+)'", msg)
    if m:
        return f"不允许使用过滤器“{m.group(1)}”"
    return f"模板语法错误：{msg}"


# --- values → the plain context ----------------------------------------------------

def cn_date(d: dt.date) -> str:
    """``2026年1月5日`` (the form Chinese official documents print)."""
    return f"{d.year}年{d.month}月{d.day}日"


class ProvisionalDate(dt.date):
    """A date counted over a year whose official holiday schedule is missing: printed "……（暂定）",
    and the letter ends with a note naming the year(s) (see :func:`provisional_note`)."""

    missing_years: tuple[int, ...] = ()

    @classmethod
    def of(cls, d: dt.date, years) -> ProvisionalDate:
        out = cls(d.year, d.month, d.day)
        out.missing_years = tuple(years)
        return out


def provisional_note(values: dict[str, Any]) -> str:
    """The closing note of a letter holding provisional dates, or ""."""
    years = sorted({y for v in values.values() if isinstance(v, ProvisionalDate) for y in v.missing_years})
    if not years:
        return ""
    names = "、".join(f"{y}年" for y in years)
    return (f"注：{names}的法定节假日安排尚未公布，本文书中标注“暂定”的日期按《全国年节及纪念日放假办法》"
            f"规定的法定节日推算；安排公布后如有变化，以重新计算的日期为准。")


def cn_amount(x: Decimal | int | float) -> str:
    d = Decimal(str(x)).quantize(Decimal("0.01"))
    return f"{d:.0f}" if d == d.to_integral_value() else f"{d:.2f}"


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return cn_date(value.date())
    if isinstance(value, ProvisionalDate):
        return cn_date(value) + "（暂定）"
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, (Decimal, float)):
        return cn_amount(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    raise TypeError(f"字段值只能是文字、数字、日期或其列表：{type(value).__name__}")


def values_to_context(values: dict[str, Any]) -> dict[str, Any]:
    """Plain template data from field values; unknown field names are an error."""
    unknown = sorted(set(values) - set(BY_NAME))
    if unknown:
        raise KeyError(f"未列出的字段：{'、'.join(unknown)}")
    return {k: _plain(v) for k, v in values.items()}


def decision_values(outcome: str, not_ours: bool = False, withheld_outcome: str | None = None) -> dict[str, Any]:
    """The fields a decision letter takes from its outcome: label, ground and the article cited."""
    b = articles.basis(outcome, not_ours)
    out: dict[str, Any] = {
        "outcome": outcome,
        "outcome_label": C.row_label(outcome),
        "ground": b.ground,
        "basis": b.citation,
    }
    if withheld_outcome:
        out["withheld_basis"] = articles.basis(withheld_outcome).citation
    return out


# --- the letter ------------------------------------------------------------------

@dataclass
class Block:
    style: str  # title | subtitle | flush | right | para
    text: str


@dataclass
class Letter:
    kind: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The letter as plain text (paragraphs separated by blank lines)."""
        return "\n\n".join(b.text for b in self.blocks)


_PREFIXES = (("## ", "subtitle"), ("# ", "title"), ("| ", "flush"), ("> ", "right"))


def paragraphs(text: str) -> list[Block]:
    """Split rendered text into laid-out blocks (see the module docstring)."""
    blocks = []
    for chunk in re.split(r"\n[ \t\u3000]*\n", text.replace("\r\n", "\n")):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        style, mark = "para", ""
        for prefix, name in _PREFIXES:
            if lines[0].startswith(prefix):
                style, mark = name, prefix.strip()
                break
        if mark:
            lines = [ln[len(mark):].strip() if ln.startswith(mark) else ln for ln in lines]
        blocks.append(Block(style, "\n".join(lines)))
    return blocks


def render(kind: str, values: dict[str, Any], source: str | None = None) -> Letter:
    """Render a letter of ``kind`` from field ``values`` with ``source`` (default: shipped text)."""
    if kind not in KINDS:
        raise KeyError(f"未知的文书种类：{kind}")
    source = default_template(kind) if source is None else source
    check_template(source, kind)
    context = values_to_context(values)
    try:
        with sandbox.budget():
            text = _ENGINE.from_string(source).render(Context(context, autoescape=False, use_l10n=False,
                                                              use_tz=False))
    except sandbox.BudgetExceeded as e:
        raise TemplateError(f"模板运行时{e.what}，已停止：请检查嵌套的 {{% for %}} 循环", where=kind) from None
    blocks = paragraphs(text)
    note = provisional_note(values)
    if note:
        blocks.append(Block("para", note))
    return Letter(kind, KINDS[kind].title, blocks)


def preview(kind: str, source: str | None = None, values: dict[str, Any] | None = None) -> Letter:
    """A letter rendered on the documented example values (what the template editor shows)."""
    data = sample_values()
    if kind.startswith("decision"):
        outcome = {"decision_granted": "granted", "decision_partial": "partial",
                   "decision_denied": "denied.third_party", "decision_unable": "unable.not_held",
                   "decision_not_ours": "unable.not_held", "decision_not_processed": "not_processed.repeat",
                   "decision_other": "other.no_correction"}[kind]
        data.update(decision_values(outcome, kind == "decision_not_ours",
                                    "denied.third_party" if kind == "decision_partial" else None))
        if kind not in ("decision_denied", "decision_partial"):
            data["reason"] = ""
    if kind == "consult_agency":
        data["consultee"] = "示范市自然资源局"
        data["consult_matter"] = "《示范河流域综合治理方案》（由本机关牵头、与贵机关联合印发）"
    data.update(values or {})
    return render(kind, data, source)
