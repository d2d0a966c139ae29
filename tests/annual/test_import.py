"""Importing a register from CSV/XLSX: a preview with row-level errors, then all rows or none."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.registers import importing
from gongkai.registers.models import Document, MonthlyFigure
from gongkai.registers.table2 import table2

pytestmark = pytest.mark.django_db

GOOD = """类别,标题,文号,签发日期,公开日期,废止或失效日期,废止或失效,由何废止
规章,示范市道路管理办法,示范市人民政府令第1号,2025-03-01,2025年3月9日,,,
行政规范性文件,示范市补贴办法,示规〔2025〕1号,2025/6/1,20250610,2025-12-01,废止,示范市人民政府决定
行政规范性文件,示范市停车管理办法,示规〔2025〕2号,2025-07-01,,,,
"""


def test_good_csv_in_gbk_previews_then_imports_everything(people):
    p = importing.preview(people.a, "documents", "登记表.csv", GOOD.encode("gb18030"))
    assert p.ok and len(p.rows) == 3 and p.errors == []
    assert Document.objects.count() == 0  # a preview saves nothing
    assert importing.commit(people.a, people.admin, p) == 3
    d = Document.objects.get(number="示规〔2025〕1号")
    assert d.published_on == dt.date(2025, 6, 10) and d.ended_on == dt.date(2025, 12, 1) and d.end_kind == "repealed"
    assert d.entered_by == people.admin and d.source == "导入：登记表.csv"
    cells = table2(people.a, 2025, "2021")
    assert (cells["art20.normative_documents.made"], cells["art20.normative_documents.repealed"],
            cells["art20.normative_documents.in_force"]) == (2, 1, 1)
    # Importing the same list again is refused row by row (文号 already registered).
    again = importing.preview(people.a, "documents", "登记表.csv", GOOD.encode())
    assert not again.ok and "登记表.csv 第2行“文号”列：“示范市人民政府令第1号”已在登记簿中" in again.errors[0]


def test_every_bad_row_is_named_and_nothing_is_saved(people):
    bad = ("类别,标题,文号,签发日期,公开日期,废止或失效日期,废止或失效\n"
           "规章,甲,号1,2025-02-30,,,\n"  # no such day
           "通知,乙,号2,2025-01-01,,,\n"  # not a kind
           "规章,,号3,2025-01-01,2024-12-01,,\n"  # no title; published before signed
           "规章,丁,号1,2025-01-01,,,作废\n")  # duplicate 文号 in the file; unknown end word
    p = importing.preview(people.a, "documents", "list.csv", bad.encode())
    assert not p.ok
    text = "\n".join(p.errors)
    assert "list.csv 第2行“签发日期”列：日期“2025-02-30”不存在" in text
    assert "list.csv 第3行“类别”列：“通知”应为“规章”或“行政规范性文件”" in text
    assert "list.csv 第4行“标题”列：不能为空" in text
    assert "list.csv 第5行“废止或失效”列" in text and "list.csv 第5行“文号”列：“号1”与第2行重复" in text
    with pytest.raises(ValidationError):
        importing.commit(people.a, people.admin, p)
    assert Document.objects.count() == 0


def test_missing_header_and_unreadable_files(people):
    p = importing.preview(people.a, "documents", "x.csv", "名称,日期\n甲,2025-01-01\n".encode())
    assert p.errors == ["x.csv 第1行（表头）：缺少列“类别、签发日期”（应有：类别、标题、文号、签发日期、公开日期、"
                        "施行日期、修改日期、废止或失效日期、废止或失效、由何废止、评估清理期限）"]
    assert "XLSX 文件已损坏" in importing.preview(people.a, "figures", "y.xlsx", b"PK\x03\x04garbage").errors[0]
    assert "文件过大" in importing.preview(people.a, "figures", "z.csv", b"a" * (importing.MAX_BYTES + 1)).errors[0]
    assert importing.preview(people.a, "figures", "e.csv", b"").errors == ["e.csv：文件是空的"]


def test_monthly_figures_from_xlsx_keep_amount_decimals(people):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["类别", "年", "月", "数量", "金额（万元）", "备注"])
    ws.append(["行政许可", 2025, 1, 31, None, "审批系统导出"])
    ws.append(["行政事业性收费", 2025, 1, None, "3.50", ""])
    ws.append(["行政处罚", 2025, 13, 2, None, ""])
    buf = io.BytesIO()
    wb.save(buf)
    p = importing.preview(people.a, "figures", "业务系统.xlsx", buf.getvalue())
    assert p.errors == ["业务系统.xlsx 第4行“月”列：“13”应为1至12的整数"]
    ws.delete_rows(4)
    buf = io.BytesIO()
    wb.save(buf)
    p = importing.preview(people.a, "figures", "业务系统.xlsx", buf.getvalue())
    assert importing.commit(people.a, people.handler, p) == 2
    assert MonthlyFigure.objects.get(category="fees").amount == "3.50"
    assert table2(people.a, 2025, "2021")["art20.fees.amount"] == "3.50"
