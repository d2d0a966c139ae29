"""gongkai export [--long] PATH...: reports as data for pandas, R or DuckDB — one row per cell (--long)
or one row per report with every indicator."""

from __future__ import annotations

import argparse
import csv
import sys

from ..cli import EXIT_OK, EXIT_UNREADABLE, command, lang_option
from ..errors import GongkaiError


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（文件夹内的文档全部读取）")
    p.add_argument("--long", action="store_true",
                   help="长表：每个单元格一行（机关、层级、年度、键、名称、数值、原文、计量单位、置信度、来源文件、位置）")
    p.add_argument("--format", choices=("csv", "xlsx", "parquet", "json"), default="csv",
                   help="输出格式（csv 带 UTF-8 BOM；长表的 json 为每行一个对象的 JSON Lines）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件（默认：标准输出）")
    p.add_argument("--units", metavar="UNITS.csv", help="单位名录（name,level,parent[,aliases]），用于填写层级")
    p.add_argument("--jobs", type=int, default=None, help="并行读取的进程数（默认：全部核心）")
    lang_option(p)


def load_units(path: str) -> dict[str, tuple[str, str]]:
    """Name or alias (spaces removed) → (unit name, level), from a units CSV ``name,level,parent[,aliases]``."""
    from ..supervision.compare import agency_key

    out: dict[str, tuple[str, str]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for n, row in enumerate(csv.reader(f), 1):
                if not row or (n == 1 and row[0].strip().lower() == "name"):
                    continue
                if len(row) < 2:
                    raise GongkaiError("每行至少应有 name,level 两列", path, f"第 {n} 行")
                name, level = row[0].strip(), row[1].strip()
                aliases = row[3].split("|") if len(row) > 3 else []
                for a in [name, *aliases]:
                    if agency_key(a):
                        out[agency_key(a)] = (name, level)
    except OSError as e:
        raise GongkaiError(f"无法读取单位名录：{e.strerror}", path) from None
    except UnicodeDecodeError:
        raise GongkaiError("单位名录不是 UTF-8 编码", path) from None
    return out


def match_unit(units: dict[str, tuple[str, str]], agency: str | None) -> tuple[str | None, str | None]:
    """The unit a printed agency name is, by name or alias, with or without a leading place name."""
    from ..supervision.compare import agency_key, is_place_prefix

    key = agency_key(agency)
    if not key:
        return None, None
    if key in units:
        return units[key]
    for k, unit in units.items():
        if len(k) >= 4 and key.endswith(k) and is_place_prefix(key[: -len(k)]):
            return unit
        if len(key) >= 4 and k.endswith(key) and is_place_prefix(k[: -len(key)]):
            return unit
    return agency, None


@command("export", "导出报告数据（长表：每个单元格一行），供 pandas、R、DuckDB 分析")(_args)
def run(args: argparse.Namespace) -> int:
    from ..ingest.batch import read_many
    from ..supervision import export
    from .compare import read_reports, skipped

    units = load_units(args.units) if args.units else {}
    if not args.long:
        from ..supervision.compare import compare, header, rows, types

        reports, status = read_reports(args.paths, args.jobs)
        export.write_table(header(args.lang), rows(compare(reports)), args.format, args.output, types())
        return status

    status = EXIT_OK
    for path in skipped(args.paths):
        print(f"gongkai: {path}：扩展名不是可读取的报告格式，已跳过", file=sys.stderr)

    def cells():
        nonlocal status
        for path, result in read_many(args.paths, args.jobs):
            if isinstance(result, GongkaiError):
                print(f"gongkai: {result}", file=sys.stderr)
                status = EXIT_UNREADABLE
                continue
            unit, level = match_unit(units, result.agency) if units else (result.agency, None)
            yield from export.cell_rows(unit, level, result, path)

    export.write_long(cells(), args.format, args.output, args.lang)
    return status
