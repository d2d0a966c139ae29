"""Benchmark: near-duplicate search over 100,000 synthetic application texts.

    .venv/bin/python bench/similarity.py [--n 100000] [--queries 300] [--seed 7]

Generates application texts from templates (places, projects, document kinds, years, wording
variants, free text), plants reworded / reordered / re-punctuated copies of some of them, builds
the index, and reports: build time, index memory, query time (p50 / p95 / max) for "top 10 similar
to this application, same agency", the incremental add time, and the recall of the planted copies.
"""

from __future__ import annotations

import argparse
import pickle
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gongkai.cases.similarity import SimilarityIndex  # noqa: E402

CHARS = ("东西南北中新华光明和平建设人民解放胜利长江黄河青山绿水金银玉石龙凤春秋安康富强文明"
         "兴旺开发高新工业园区街道社区镇乡村庄湖海港湾桥路口花园林场")
PROJECTS = ["旧城改造项目", "棚户区改造工程", "道路拓宽工程", "地铁站点建设", "垃圾焚烧发电厂", "污水处理厂扩建",
            "学校新建工程", "医院迁建项目", "集体土地征收", "国有土地上房屋征收", "河道整治工程", "工业园区规划",
            "农贸市场改造", "老旧小区加装电梯", "公共停车场建设", "高速公路连接线", "变电站建设", "公园提升改造"]
DOCS = ["征收补偿方案", "立项批复文件", "环境影响评价报告", "规划许可证", "用地审批材料", "招投标文件",
        "资金使用明细", "社会稳定风险评估报告", "听证会记录", "会议纪要", "安置房分配方案", "施工许可证",
        "预算及决算", "验收报告", "征地公告", "补偿标准依据"]
LEADS = ["申请公开", "请提供", "本人申请获取", "现申请公开以下政府信息：", "依据《政府信息公开条例》申请公开"]
TAILS = ["", "。", "，以纸质形式邮寄。", "，请通过电子邮件发送。", "，用于维护本人合法权益。", "（含附件）。"]
WORDS = ("本人 房屋 位于 该 项目 范围内 因 征收 补偿 问题 多次 向 有关部门 反映 至今 未 得到 答复 为 维护 合法权益 "
         "特 申请 公开 上述 信息 请 贵单位 依法 在 法定 期限 内 予以 答复 如 不属于 本机关 公开 职责 请 告知 "
         "负责 公开 的 机关 名称 和 联系方式 该 信息 与 本人 生产 生活 密切 相关 涉及 土地 规划 环境 安全 资金 "
         "使用 情况 以及 审批 程序 是否 合法 合规 并 说明 理由 依据 文件 编号 发文 日期 附件 材料 清单").split()
FREE = ["相关", "的全部", "及其附件", "涉及本人房屋", "具体", "最新", "历年", "完整"]


def place(rng: random.Random) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(2, 3))) + rng.choice(["区", "县", "镇", "街道"])


EXTRA = 0  # words of free-text reason appended (--reason)


def application(rng: random.Random) -> str:
    docs = rng.sample(DOCS, rng.randint(1, 3))
    reason = "".join(rng.choice(WORDS) for _ in range(rng.randint(EXTRA // 2, EXTRA))) if EXTRA else ""
    return (f"{rng.choice(LEADS)}{rng.randint(2015, 2026)}年{place(rng)}{rng.choice(PROJECTS)}"
            f"{rng.choice(FREE)}{'、'.join(docs)}{rng.choice(TAILS)}{reason}")


def near_copy(rng: random.Random, text: str) -> str:
    """Reword the lead, reorder the items, change punctuation and width."""
    t, reason = text, ""
    for tail in TAILS[1:]:
        if tail in t:
            t, _, reason = t.partition(tail)
            reason = tail + reason
            break
    for lead in LEADS:
        if t.startswith(lead):
            t = rng.choice([x for x in LEADS if x != lead]) + t[len(lead):]
            break
    if "、" in t:
        head, _, rest = t.rpartition(rng.choice(FREE)) if any(f in t for f in FREE) else ("", "", t)
        items = rest.rstrip("。，").split("、")
        rng.shuffle(items)
        t = (head + "；".join(items)) if head else "；".join(items)
    t = t.replace("年", " 年 ").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return t + reason + rng.choice(["！", "", "。谢谢。"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--agencies", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reason", type=int, default=0, help="append a free-text reason of up to N words")
    a = ap.parse_args()
    global EXTRA
    EXTRA = a.reason
    rng = random.Random(a.seed)

    texts = [application(rng) for _ in range(a.n)]
    agencies = [f"agency-{rng.randrange(a.agencies)}" for _ in range(a.n)]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    index = SimilarityIndex.build((i, texts[i], agencies[i]) for i in range(a.n))
    build = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    blob = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    t0 = time.perf_counter()
    pickle.loads(blob)
    unpickle = time.perf_counter() - t0

    # Queries: near copies of random indexed applications, asked within the same agency.
    targets = rng.sample(range(a.n), a.queries)
    times, found = [], 0
    for i in targets:
        q = near_copy(rng, texts[i])
        t0 = time.perf_counter()
        res = index.query(q, 10, min_score=0.3, group=agencies[i])
        times.append(time.perf_counter() - t0)
        found += any(m.id == i for m in res[:5])
    times.sort()

    # Unrestricted queries (every agency) and similar_to.
    t_all = []
    for i in targets[:100]:
        t0 = time.perf_counter()
        index.similar_to(i, 10)
        t_all.append(time.perf_counter() - t0)
    t_all.sort()

    # Incremental adds.
    t0 = time.perf_counter()
    for j in range(1000):
        index.add(f"new-{j}", application(rng), agencies[j])
    add = (time.perf_counter() - t0) / 1000

    def ms(x: float) -> str:
        return f"{x * 1000:.1f} ms"

    print(f"texts: {a.n:,} (mean {statistics.mean(map(len, texts)):.0f} chars), agencies: {a.agencies}, "
          f"bigrams: {len(index._gram_no):,}")
    print(f"build: {build:.2f} s; index pickle {len(blob) / 2**20:.1f} MiB, unpickle {unpickle:.2f} s; "
          f"peak RSS +{(rss1 - rss0) / 1024:.0f} MiB")
    print(f"query (same agency, top 10): p50 {ms(times[len(times) // 2])}, p95 {ms(times[int(len(times) * .95)])}, "
          f"max {ms(times[-1])}")
    print(f"similar_to (all agencies, top 10): p50 {ms(t_all[len(t_all) // 2])}, "
          f"p95 {ms(t_all[int(len(t_all) * .95)])}")
    print(f"add one application: {add * 1e6:.0f} µs")
    print(f"planted near-copies found in the top 5: {found}/{len(targets)}")


if __name__ == "__main__":
    main()
