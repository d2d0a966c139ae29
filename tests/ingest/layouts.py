"""Small report tables of our own making, written in the layouts the text readers meet.

:func:`numbers` makes a table 3 that balances (rows and columns), with a seed;
the ``*_text`` functions print a whole report in one layout. Nothing here is copied from a
real report.
"""

from __future__ import annotations

import random

from gongkai.report import cells as C

ART20_2021 = {
    "regulations": (2, 1, 30), "normative_documents": (12, 3, 85),
    "licensing": (340,), "punishment": (57,), "coercion": (4,), "fees": ("12.5",),
}
ART20_LABELS = {"regulations": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可",
                "punishment": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}
APP_LABELS = dict([C.NEW_RECEIVED, C.CARRIED_OVER, *C.OUTCOME_ROWS_COMMON, *C.OTHER_ROWS_2021,
                   ("total", "（七）总计"), C.CARRIED_FORWARD])
APPEALS = (1, 0, 2, 0, 3, 0, 1, 0, 1, 2, 0, 0, 0, 0, 0)


def numbers(seed: int = 0) -> dict[str, tuple[int, ...]]:
    """Table 3 rows (2021 form) → 7 numbers each, balanced by construction."""
    rng = random.Random(seed)
    outcome = list(C.OUTCOME_KEYS_COMMON + C.OTHER_KEYS_2021)
    rows: dict[str, list[int]] = {r: [0] * 6 for r in outcome}
    new, old, forward = [0] * 6, [0] * 6, [0] * 6
    for _ in range(rng.randint(5, 40)):
        col = rng.choice((0, 0, 0, 1, 4, 5))
        carried = rng.random() < 0.1
        (old if carried else new)[col] += 1
        if rng.random() < 0.1:
            forward[col] += 1
        else:
            rows[rng.choice(outcome)][col] += 1
    total = [sum(rows[r][c] for r in outcome) for c in range(6)]
    out = {"new_received": new, "carried_over": old, **rows, "total": total, "carried_forward": forward}
    return {k: (*v, sum(v)) for k, v in out.items()}


def expected_cells(seed: int = 0) -> dict[str, int | str]:
    cells: dict[str, int | str] = {}
    for item, vals in ART20_2021.items():
        cols = [k.split(".")[2] for k, _, _ in C.ART20_2021 if k.split(".")[1] == item]
        for col, v in zip(cols, vals, strict=True):
            cells[f"art20.{item}.{col}"] = v
    for row, vals in numbers(seed).items():
        for col, v in zip(C.APP_COLUMN_KEYS, vals, strict=True):
            cells[C.app_key(row, col)] = v
    for k, v in zip(C.APPEAL_KEYS, APPEALS, strict=True):
        cells[k] = v
    return cells


HEAD = "青岚县教育局2024年政府信息公开工作年度报告\n\n一、总体情况\n本局依法做好政府信息公开工作。\n\n"
TAIL = "\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n青岚县教育局\n2025年1月20日\n"
T2_HEADERS = {
    "regulations": ("第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")),
    "licensing": ("第二十条第（五）项", ("信息内容", "本年处理决定数量")),
    "punishment": ("第二十条第（六）项", ("信息内容", "本年处理决定数量")),
    "fees": ("第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）")),
}
T3_HEAD = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况")
T4_HEAD = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _rows(seed: int) -> list[list[str]]:
    """The report's table rows as lists of printed cells, headers included."""
    rows: list[list[str]] = [["二、主动公开政府信息情况"]]
    for item, vals in ART20_2021.items():
        if item in T2_HEADERS:
            head, cols = T2_HEADERS[item]
            rows += [[head], list(cols)]
        rows.append([ART20_LABELS[item], *map(str, vals)])
    rows.append(["三、收到和处理政府信息公开申请情况"])
    rows.append(list(T3_HEAD))
    rows.append(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
    for row, vals in numbers(seed).items():
        rows.append([APP_LABELS[row], *map(str, vals)])
    rows.append(["四、政府信息公开行政复议、行政诉讼情况"])
    rows.append(list(T4_HEAD))
    rows.append(list(map(str, APPEALS)))
    return rows


def tab_text(seed: int = 0) -> str:
    """Tab-indented cells, one per line, empty lines between rows; headings unindented."""
    out = [HEAD]
    for r in _rows(seed):
        if len(r) == 1 and r[0][:2] in ("二、", "三、", "四、"):
            out.append(r[0] + "\n\n")
        else:
            out.append("".join("\t" + c + "\n" for c in r) + "\n")
    return "".join(out) + TAIL


def pipe_text(seed: int = 0) -> str:
    """``value |`` per line, rows separated by lines of pipes."""
    out = [HEAD]
    for r in _rows(seed):
        if len(r) == 1 and r[0][:2] in ("二、", "三、", "四、"):
            out.append(r[0] + "\n")
        else:
            out.append("".join(c + " |\n" for c in r) + "|" * (len(r) + 1) + "\n")
    return "".join(out) + TAIL


def markdown_text(seed: int = 0) -> str:
    out = [HEAD]
    for r in _rows(seed):
        if len(r) == 1:
            out.append("## " + r[0] + "\n")
        else:
            out.append("| " + " | ".join(r) + " |\n" + "|" + "---|" * len(r) + "\n")
    return "".join(out) + TAIL


def flattened_text(seed: int = 0) -> str:
    """Every row's cells run together, the whole table on one line."""
    return HEAD + "".join("".join(r) for r in _rows(seed)) + TAIL


def html_text(seed: int = 0, charset: str = "utf-8") -> str:
    rows = _rows(seed)
    body = [f"<html><head><meta charset='{charset}'><script>var x = '<td>9</td>';</script></head><body>",
            "<div class='nav'><a href='/'>首页</a> | <a href='#'>政务公开</a></div>",
            "<p>青岚县教育局2024年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本局依法做好政府信息公开工作。</p>"]
    table: list[str] = []
    for r in rows:
        if len(r) == 1 and r[0][:2] in ("二、", "三、", "四、"):
            if table:
                body.append("<table border='1'>" + "".join(table) + "</table>")
                table = []
            body.append(f"<p>{r[0]}</p>")
            continue
        table.append("<tr>" + "".join(f"<td>{c if c else '&nbsp;'}</td>" for c in r) + "</tr>")
    body.append("<table border='1'>" + "".join(table) + "</table>")
    body.append("<p>五、存在的主要问题及改进情况</p><p>无。</p><p>六、其他需要报告的事项</p><p>无。</p></body></html>")
    return "".join(body)
