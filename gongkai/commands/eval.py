"""gongkai eval DIR...: parse every document a *.truth.json names and compare cell by cell.

Exit 0 only when every cell of every document is right (and template and year); 1 otherwise.
"""

from __future__ import annotations

import argparse
import json

from ..cli import EXIT_FINDINGS, EXIT_OK, command


def _eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("dirs", nargs="+", metavar="DIR", help="含 *.truth.json 的目录（或单个 .truth.json 文件）")
    p.add_argument("--verbose", "-v", action="store_true", help="列出每个不一致的单元格（键、应为、实为、出处）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


@command("eval", "按真值文件（*.truth.json）逐格评估读取准确率")(_eval_args)
def run_eval(args: argparse.Namespace) -> int:
    from ..ingest.evaluate import evaluate_all
    from ..ingest.mapping import place

    results = evaluate_all(args.dirs)
    total_right = sum(r.cells_right for r in results)
    total_cells = sum(r.cells_total for r in results)
    docs_right = sum(r.all_right for r in results)
    if args.json:
        print(json.dumps({"documents": [r.to_json() for r in results],
                          "total": {"cells_right": total_right, "cells_total": total_cells,
                                    "documents_right": docs_right, "documents": len(results)}},
                         ensure_ascii=False, indent=2))
        return EXIT_OK if docs_right == len(results) else EXIT_FINDINGS
    width = max((len(r.name) for r in results), default=10)
    for r in results:
        if not r.readable:
            print(f"✗ {r.name:{width}}  无法读取（0/{r.cells_total} 单元格）：{r.error}")
            continue
        extra = f"  另有 {len(r.extras)} 个多余单元格" if r.extras else ""
        unread = f"  （{len(r.ambiguous_unread)} 个歧义单元格留空并警告）" if r.ambiguous_unread else ""
        print(f"{_mark(r.all_right)} {r.name:{width}}  {r.cells_right:4d}/{r.cells_total:<4d} 单元格正确"
              f"  模板 {r.template[1]} {_mark(r.template_ok)}"
              f"  年度 {r.year[1]} {_mark(r.year_ok)}"
              f"  机关 {_mark(r.agency[0] == r.agency[1])}"
              f"  发布日期 {_mark(r.published[0] == r.published[1])}"
              f"  {r.seconds * 1000:.0f} ms{extra}{unread}")
        if args.verbose:
            if not r.template_ok:
                print(f"    template: 应为 {r.template[0]}，实为 {r.template[1]}")
            if not r.year_ok:
                print(f"    year: 应为 {r.year[0]}，实为 {r.year[1]}")
            if r.agency[0] != r.agency[1]:
                print(f"    agency: 应为 {r.agency[0]!r}，实为 {r.agency[1]!r}（不计入单元格）")
            if r.published[0] != r.published[1]:
                print(f"    published: 应为 {r.published[0]}，实为 {r.published[1]}（不计入单元格）")
            for d in r.diffs:
                exp = "（不应存在）" if d.extra else json.dumps(d.expected, ensure_ascii=False)
                print(f"    {d.key}: 应为 {exp}，实为 {d.got_text()}  [{place(d.where)}]")
    print(f"TOTAL: {total_right}/{total_cells} cells right on {docs_right}/{len(results)} documents")
    return EXIT_OK if docs_right == len(results) else EXIT_FINDINGS
