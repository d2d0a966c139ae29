"""Importing a register from CSV or XLSX: read, check every row, preview, then save all or nothing.

An agency's existing list of documents (or its business systems' monthly counts) arrives as a
spreadsheet. :func:`preview` reads it and checks every row without saving anything; each
problem is a Chinese message naming the file, the row and the column. :func:`commit` saves the
rows in one transaction, and only when no row has an error: a half-imported register would be
worse than none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.cases.models import Agency

from .models import AMOUNT_CATEGORIES, CATEGORIES, Document, MonthlyFigure, log, parse_amount

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024


class ImportError_(ValueError):
    """The file as a whole cannot be read (format, size, header)."""


# kind → [(field, header, required, aliases)]
COLUMNS = {
    "documents": [
        ("kind", "类别", True, ("种类", "文件类别")),
        ("title", "标题", True, ("文件名称", "名称")),
        ("number", "文号", False, ("发文字号",)),
        ("signed_on", "签发日期", True, ("制发日期", "成文日期", "印发日期")),
        ("published_on", "公开日期", False, ("发布日期",)),
        ("effective_on", "施行日期", False, ("生效日期",)),
        ("changed_on", "修改日期", False, ("最近修改日期", "变更日期")),
        ("ended_on", "废止或失效日期", False, ("废止日期", "失效日期")),
        ("end_kind", "废止或失效", False, ("状态",)),
        ("ended_by", "由何废止", False, ("废止依据",)),
        ("review_due", "评估清理期限", False, ("清理期限",)),
    ],
    "figures": [
        ("category", "类别", True, ()),
        ("year", "年", True, ("年份", "年度")),
        ("month", "月", True, ("月份",)),
        ("count", "数量", False, ("处理决定数量", "决定数量")),
        ("amount", "金额（万元）", False, ("金额", "收费金额", "收费金额（万元）", "金额(万元)")),
        ("note", "备注", False, ()),
    ],
}
KIND_WORDS = {"规章": "regulation", "行政规范性文件": "normative", "规范性文件": "normative"}
END_WORDS = {"": "", "废止": "repealed", "失效": "expired", "有效": "", "现行有效": ""}
CATEGORY_WORDS = {label: key for key, label in CATEGORIES} | {"收费": "fees", "许可": "licensing",
                                                            "处罚": "punishment", "强制": "coercion"}


@dataclass
class Row:
    line: int  # the row number in the file (1 = header)
    values: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    name: str
    kind: str
    rows: list[Row]
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [e for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# --- reading the file -----------------------------------------------------------------------

def read_rows(name: str, data: bytes) -> list[list[str]]:
    """The file's cells as text, first sheet for XLSX; CSV in UTF-8 (BOM or not) or GB18030."""
    if len(data) > MAX_BYTES:
        raise ImportError_(f"{name}：文件过大（{len(data) // 1024} KB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(name, data)
    if name.lower().endswith((".xlsx", ".xls", ".et")):
        raise ImportError_(f"{name}：不是 XLSX 文件（.xls 请先另存为 .xlsx 或 CSV）")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ImportError_(f"{name}：无法识别文字编码（请保存为 UTF-8 的 CSV）")
    if "\x00" in text:
        raise ImportError_(f"{name}：不是文本格式的 CSV 文件")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = []
    for i, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
        if i > MAX_ROWS:
            raise ImportError_(f"{name}：行数超过上限 {MAX_ROWS}")
        rows.append([c.strip() for c in row])
    return rows


def _xlsx_rows(name: str, data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise ImportError_(f"{name}：XLSX 解压后过大，拒绝读取")
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportError_:
        raise
    except Exception as e:  # noqa: BLE001 - any damage in the file is reported as such
        raise ImportError_(f"{name}：XLSX 文件已损坏或不是 Excel 文件（{type(e).__name__}）") from None
    ws = wb.worksheets[0]
    rows = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i > MAX_ROWS:
            raise ImportError_(f"{name}：行数超过上限 {MAX_ROWS}")
        rows.append([_cell_text(v) for v in row])
    wb.close()
    return rows


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> dt.date:
    t = text.strip()
    m = _DATE.match(t) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", t))
    if not m:
        raise ValueError(f"日期“{text}”无法识别（应为 2026-03-01 或 2026年3月1日）")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"日期“{text}”不存在") from None


# --- checking rows ----------------------------------------------------------------------------

def _header_map(kind: str, header: list[str]) -> tuple[dict[str, int], list[str]]:
    spec = COLUMNS[kind]
    where: dict[str, int] = {}
    norm = [h.replace(" ", "").replace("\u3000", "") for h in header]
    for fld, label, _req, aliases in spec:
        for i, h in enumerate(norm):
            if h in (label, *aliases) and i not in where.values():
                where[fld] = i
                break
    missing = [label for fld, label, req, _ in spec if req and fld not in where]
    return where, missing


def preview(agency: Agency, kind: str, name: str, data: bytes) -> Preview:
    """Read and check every row of ``name``; nothing is saved."""
    if kind not in COLUMNS:
        raise ValueError(kind)
    try:
        raw = read_rows(name, data)
    except ImportError_ as e:
        return Preview(name, kind, [], [str(e)])
    raw = [r for r in raw if any(c for c in r)]
    if not raw:
        return Preview(name, kind, [], [f"{name}：文件是空的"])
    where, missing = _header_map(kind, raw[0])
    if missing:
        expected = "、".join(label for _, label, _, _ in COLUMNS[kind])
        return Preview(name, kind, [], [f"{name} 第1行（表头）：缺少列“{'、'.join(missing)}”（应有：{expected}）"])
    rows = []
    for n, cells in enumerate(raw[1:], start=2):
        texts = {fld: (cells[i] if i < len(cells) else "") for fld, i in where.items()}
        row = Row(n)
        (_check_document if kind == "documents" else _check_figure)(agency, name, row, texts)
        rows.append(row)
    if kind == "documents":
        _check_duplicates(agency, name, rows)
    return Preview(name, kind, rows)


def _err(name: str, row: Row, label: str, msg: str) -> None:
    row.errors.append(f"{name} 第{row.line}行“{label}”列：{msg}")


def _check_document(agency: Agency, name: str, row: Row, t: dict[str, str]) -> None:
    labels = {fld: label for fld, label, _, _ in COLUMNS["documents"]}
    v = row.values
    kind = KIND_WORDS.get(t.get("kind", ""))
    if kind is None:
        _err(name, row, labels["kind"], f"“{t.get('kind', '')}”应为“规章”或“行政规范性文件”")
    v["kind"] = kind
    v["title"] = t.get("title", "")[:300]
    if not v["title"]:
        _err(name, row, labels["title"], "不能为空")
    v["number"] = t.get("number", "")[:100]
    for fld in ("signed_on", "published_on", "effective_on", "changed_on", "ended_on", "review_due"):
        text = t.get(fld, "")
        if not text:
            v[fld] = None
            if fld == "signed_on":
                _err(name, row, labels[fld], "不能为空")
            continue
        try:
            v[fld] = parse_date(text)
        except ValueError as e:
            v[fld] = None
            _err(name, row, labels[fld], str(e))
    end = t.get("end_kind", "")
    if end not in END_WORDS:
        _err(name, row, labels["end_kind"], f"“{end}”应为“废止”“失效”或留空")
    v["end_kind"] = END_WORDS.get(end, "")
    v["ended_by"] = t.get("ended_by", "")[:300]
    if v.get("ended_on") and not v["end_kind"]:
        v["end_kind"] = "repealed"
    if v["end_kind"] and not v.get("ended_on") and not row.errors:
        _err(name, row, labels["ended_on"], "填写了废止或失效，但没有日期")
    if not row.errors:
        doc = Document(agency=agency, **v)
        try:
            doc.clean()
        except ValidationError as e:
            for fld, msgs in e.message_dict.items():
                for msg in msgs:
                    _err(name, row, labels.get(fld, fld), msg)


def _check_duplicates(agency: Agency, name: str, rows: list[Row]) -> None:
    existing = set(Document.objects.filter(agency=agency).exclude(number="").values_list("number", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        number = row.values.get("number")
        if not number:
            continue
        if number in existing:
            _err(name, row, "文号", f"“{number}”已在登记簿中（请在登记簿中修改，不要重复导入）")
        elif number in seen:
            _err(name, row, "文号", f"“{number}”与第{seen[number]}行重复")
        seen.setdefault(number, row.line)  # type: ignore[arg-type]


def _check_figure(agency: Agency, name: str, row: Row, t: dict[str, str]) -> None:
    labels = {fld: label for fld, label, _, _ in COLUMNS["figures"]}
    v = row.values
    cat = CATEGORY_WORDS.get(t.get("category", ""))
    if cat is None:
        _err(name, row, labels["category"],
             f"“{t.get('category', '')}”应为行政许可、行政处罚、行政强制或行政事业性收费")
    v["category"] = cat
    for fld, lo, hi in (("year", 2008, 2100), ("month", 1, 12)):
        try:
            n = int(t.get(fld, ""))
            if not lo <= n <= hi:
                raise ValueError
            v[fld] = n
        except ValueError:
            _err(name, row, labels[fld], f"“{t.get(fld, '')}”应为{lo}至{hi}的整数")
    count, amount = t.get("count", ""), t.get("amount", "")
    v["count"], v["amount"], v["note"] = None, "", t.get("note", "")[:300]
    if cat in AMOUNT_CATEGORIES:
        try:
            parse_amount(amount)
            v["amount"] = amount.replace(",", "").strip()
        except ValidationError as e:
            _err(name, row, labels["amount"], e.messages[0])
        if count:
            _err(name, row, labels["count"], "行政事业性收费只填金额，不填数量")
    elif cat is not None:
        if not re.fullmatch(r"\d{1,9}", count):
            _err(name, row, labels["count"], f"“{count}”应为不小于0的整数")
        else:
            v["count"] = int(count)
        if amount:
            _err(name, row, labels["amount"], "许可、处罚、强制只填数量，不填金额")


# --- saving -----------------------------------------------------------------------------------

@transaction.atomic
def commit(agency: Agency, by, p: Preview) -> int:
    """Save every row of a preview without errors, in one transaction; returns how many."""
    if not p.ok:
        raise ValidationError("导入文件有错误，未保存任何一行：" + "；".join(p.errors[:5]))
    source = f"导入：{p.name}"[:200]
    for row in p.rows:
        if p.kind == "documents":
            Document.objects.create(agency=agency, entered_by=by, source=source, **row.values)
        else:
            MonthlyFigure(agency=agency, entered_by=by, source=source, **row.values).save()
    log(agency, by, "register_import", {"file": p.name, "kind": p.kind, "rows": len(p.rows)})
    return len(p.rows)
