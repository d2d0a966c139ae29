"""Random annual reports that balance by construction (and the agencies and narrative around them)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from gongkai.report import Report
from gongkai.report import cells as C
from gongkai.report.model import Cell

# --- agencies and narrative ----------------------------------------------------------

_PLACE_A = "青岚云溪松川梅岭白沙石门清河柳塘金坪桂岗丰源安澜"
_PLACE_B = ("市", "县", "区")
_DEPARTMENTS = ("人民政府办公室", "教育局", "财政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
                "交通运输局", "农业农村局", "卫生健康委员会", "市场监督管理局", "民政局", "司法局",
                "人力资源和社会保障局", "应急管理局", "统计局", "商务局", "文化广电和旅游局", "人民政府")


def random_agency(rng: random.Random) -> str:
    i = rng.randrange(0, len(_PLACE_A), 2)
    return f"{_PLACE_A[i:i + 2]}{rng.choice(_PLACE_B)}{rng.choice(_DEPARTMENTS)}"


_OPENERS = ("坚持以人民为中心的发展思想", "围绕全年重点工作", "按照上级关于政务公开的部署要求", "立足部门职责")
_ACTIONS = ("健全信息发布审核机制", "完善主动公开目录", "加强政策解读和回应关切", "规范依申请公开办理流程",
            "推进基层政务公开标准化", "强化政府网站和政务新媒体管理", "做好公开属性源头认定", "落实保密审查")
_EFFECTS = ("公开质量稳步提升", "群众获得感不断增强", "工作透明度进一步提高", "办理时效明显改善")
_PROBLEMS = ("政策解读形式还不够丰富", "公开内容的时效性有待加强", "工作人员业务能力仍需提升",
             "数据开放的深度和广度还不够")
_FIXES = ("加强业务培训", "丰富解读形式", "完善考核评估", "拓展公开渠道", "建立常态化自查机制")


def _sentence(rng: random.Random, parts: tuple[str, ...], k: int = 2) -> str:
    return "，".join(rng.sample(parts, k))


def _filler(rng: random.Random) -> str:
    """One paragraph of ordinary report prose (no counts the checks would compare)."""
    return (f"{rng.choice(_OPENERS)}，{_sentence(rng, _ACTIONS, 3)}，{rng.choice(_EFFECTS)}。"
            f"同时{_sentence(rng, _ACTIONS)}，{rng.choice(_EFFECTS)}。")


def random_sections(rng: random.Random, report: Report, scale: int = 1, paragraphs: int = 2) -> dict[str, str]:
    """Six sections of our own words; the counts they state agree with the tables.

    Each section has about ``paragraphs × scale`` paragraphs of prose besides its counts.
    """
    year = report.year
    n = report.number
    k = paragraphs * scale

    def prose(count: int) -> list[str]:
        return [_filler(rng) for _ in range(count)]

    received = n("apps.new_received.total")
    review = n("review.total")
    litig = (n("litigation_direct.total") or 0) + (n("litigation_after_review.total") or 0)
    overview = [f"{year}年，本机关{rng.choice(_OPENERS)}，{_sentence(rng, _ACTIONS)}，{rng.choice(_EFFECTS)}。"]
    if received is not None:
        overview.append(f"全年共收到政府信息公开申请{received}件，均在法定期限内依法答复。")
    overview += prose(k)
    proactive = ["本机关通过门户网站、政务新媒体和公开栏等渠道主动公开政府信息。"] + prose(k)
    applications = [f"依申请公开工作严格按照条例规定的程序和时限办理，{rng.choice(_EFFECTS)}。"] + prose(k // 2)
    appeals = ([f"本年度因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{litig}件。"]
               if review is not None else [])
    problems = [f"工作中还存在一些不足：{_sentence(rng, _PROBLEMS)}。",
                f"下一步将{_sentence(rng, _FIXES, 3)}，持续提升政务公开水平。"]
    problems += [f"{_sentence(rng, _PROBLEMS)}；{_sentence(rng, _FIXES)}。" for _ in range(k // 2)]
    other = [f"{year}年度本机关未收取信息处理费。" if rng.random() < 0.7 else
             f"{year}年度本机关未收取信息处理费，无其他需要报告的事项。"]
    return {
        "overview": "\n".join(overview),
        "proactive": "\n".join(proactive),
        "applications": "\n".join(applications),
        "appeals": "\n".join(appeals),
        "problems": "\n".join(problems),
        "other_matters": "\n".join(other),
    }


# --- reports ---------------------------------------------------------------------

# How likely each applicant column and each outcome is (roughly as in published reports).
_COLUMN_WEIGHTS = (70, 15, 2, 2, 4, 7)
_OUTCOME_WEIGHTS = {
    "granted": 30, "partial": 8, "denied.state_secret": 1, "denied.law_forbidden": 1,
    "denied.security_stability": 1, "denied.third_party": 2, "denied.internal_affairs": 2,
    "denied.process_info": 2, "denied.enforcement_file": 1, "denied.admin_query": 2,
    "unable.not_held": 20, "unable.needs_creation": 3, "unable.unclear": 2,
    "not_processed.complaint": 3, "not_processed.repeat": 2, "not_processed.publication": 1,
    "not_processed.excessive": 1, "not_processed.confirmation": 1,
    "other": 4, "other.no_correction": 3, "other.no_fee": 1, "other.other": 2,
}


@dataclass
class Options:
    """What a generated report may contain (beyond balanced numbers)."""

    template: str = "2021"
    mixed: bool = False  # a 2021 table 2 with the single 2019 （六）其他处理 row
    omit_art20: bool = False  # leave out some Article 20 rows (absent keys)
    blanks: bool = False  # some cells printed blank or as a dash/slash/无
    amounts: bool = True  # amounts as decimals or with units (元, 万元)
    size: int = 40  # about how many applications
    scale: int = 1  # how many times longer the narrative is (paragraphs × scale)
    paragraphs: int = 2  # prose paragraphs per section at scale 1


def _art20(rng: random.Random, report: Report, opts: Options) -> None:
    for key, _, column in report.tmpl.art20:
        if key == "art20.fees.amount":
            value: object = (str(Decimal(rng.randrange(0, 100000)) / 100) if opts.amounts and rng.random() < 0.7
                             else rng.randrange(0, 50))
        elif key == "art20.procurement.amount":
            r = rng.random()
            if opts.amounts and r < 0.4:
                value = f"{rng.randrange(10000, 9000000)}元"
            elif opts.amounts and r < 0.7:
                value = f"{Decimal(rng.randrange(100, 100000)) / 100}万元"
            else:
                value = rng.randrange(0, 2000)
        elif key in C.SIGNED_KEYS:
            value = rng.choice([0, 0, rng.randrange(-5, 12)])
        elif column in ("现行有效件数", "对外公开总数量"):
            value = rng.randrange(0, 400)
        elif column in ("本年处理决定数量", "处理决定数量", "上一年项目数量"):
            value = rng.choice([0, rng.randrange(0, 50), rng.randrange(0, 20000)])
        else:
            value = rng.randrange(0, 40)
        report.set(key, value)
    if opts.omit_art20:
        rows: dict[str, list[str]] = {}
        for key, row, _ in report.tmpl.art20:
            rows.setdefault(row, []).append(key)
        for row in rng.sample(sorted(rows), rng.randint(1, max(1, len(rows) // 2))):
            for key in rows[row]:
                del report.cells[key]


def _apps(rng: random.Random, report: Report, opts: Options) -> None:
    other_rows = C.OTHER_KEYS_2019 if (opts.template == "2019" or opts.mixed) else C.OTHER_KEYS_2021
    outcomes = list(C.OUTCOME_KEYS_COMMON + other_rows)
    weights = [_OUTCOME_WEIGHTS[o] for o in outcomes]
    rows = ("new_received", "carried_over") + tuple(outcomes) + ("total", "carried_forward")
    counts = {(r, c): 0 for r in rows for c in C.APPLICANT_KEYS}
    n = rng.randrange(0, opts.size * 2 + 1) if rng.random() < 0.9 else 0
    for _ in range(n):
        col = rng.choices(C.APPLICANT_KEYS, _COLUMN_WEIGHTS)[0]
        counts[("carried_over" if rng.random() < 0.08 else "new_received", col)] += 1
        if rng.random() < 0.07:
            counts[("carried_forward", col)] += 1
        else:
            out = rng.choices(outcomes, weights)[0]
            counts[(out, col)] += 1
            counts[("total", col)] += 1
    for r in rows:
        for c in C.APPLICANT_KEYS:
            report.set(C.app_key(r, c), counts[(r, c)])
        report.set(C.app_key(r, "total"), sum(counts[(r, c)] for c in C.APPLICANT_KEYS))


def _appeals(rng: random.Random, report: Report) -> None:
    for group, _ in C.APPEAL_GROUPS:
        parts = [rng.choice([0, 0, 0, rng.randrange(0, 6), rng.randrange(0, 30)]) for _ in C.APPEAL_PARTS]
        for p, v in zip(C.APPEAL_PARTS, parts, strict=True):
            report.set(C.appeal_key(group, p), v)
        report.set(C.appeal_key(group, "total"), sum(parts))


_NON_NUMBERS = ("—", "/", "无", "－")


def _blank_some(rng: random.Random, report: Report) -> None:
    """Print a few cells blank or as a dash. Blank cells are ``None``, dashes text."""
    keys = [k for k in report.cells if not k.endswith(".total")]
    for key in rng.sample(keys, min(len(keys), rng.randint(1, 4))):
        if report.cells[key].number not in (0, None):
            continue  # keep the arithmetic: only zeros become blank or a dash
        report.set(key, Cell(key, "", "blank") if rng.random() < 0.5 else rng.choice(_NON_NUMBERS))


def random_report(rng: random.Random | int, opts: Options | None = None, **kw: object) -> Report:
    """A report that balances by construction (see the module docstring)."""
    if not isinstance(rng, random.Random):
        rng = random.Random(rng)
    opts = opts or Options()
    if kw:
        opts = dataclasses.replace(opts, **kw)  # type: ignore[arg-type]
    year = rng.randint(2019, 2020) if opts.template == "2019" else rng.randint(2021, 2025)
    report = Report(template=opts.template, year=year, agency=random_agency(rng))
    _art20(rng, report, opts)
    _apps(rng, report, opts)
    _appeals(rng, report)
    if opts.blanks:
        _blank_some(rng, report)
    report.sections = random_sections(rng, report, opts.scale, opts.paragraphs)
    report.published = dt.date(year + 1, 1, rng.randint(5, 31))
    return report


# The cells an unbalancing change may touch: every one takes part in some check.
def _checked_keys(report: Report) -> list[str]:
    return [k for k in report.cells if (k.startswith("apps.") or k.split(".")[0] in dict(C.APPEAL_GROUPS))
            and report.cells[k].kind == "int"]


def unbalance(report: Report, rng: random.Random) -> tuple[Report, str]:
    """A copy of ``report`` with one checked cell changed; returns it and the changed key."""
    out = copy.deepcopy(report)
    key = rng.choice(_checked_keys(out))
    value = out.cells[key].number
    delta = rng.choice([1, 2, 3, 7]) if (value or 0) == 0 or rng.random() < 0.6 else -1
    out.set(key, int(value) + delta)  # type: ignore[arg-type]
    return out, key
