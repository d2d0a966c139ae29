"""Near-duplicate applications (Art. 35 evidence): normalisation, scores, and the index."""

from __future__ import annotations

import math
import pickle
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.cases.similarity import (
    MAX_COMPARE,
    Match,
    SimilarityIndex,
    bigrams,
    common_fragments,
    jaccard,
    normalize,
    similarity,
)

ORIGINAL = "申请公开2023年东湖区旧城改造项目的征收补偿方案及立项批复文件。"
NEAR = {
    "reworded": "请提供2023年东湖区旧城改造项目征收补偿方案和立项批复文件",
    "reordered": "东湖区旧城改造项目（2023年）立项批复文件及征收补偿方案，申请公开。",
    "punctuation": "申请公开：2023年 东湖区 “旧城改造项目” 的征收补偿方案、立项批复文件！！",
    "full-width": "申请公开２０２３年东湖区旧城改造项目的征收补偿方案及立项批复文件",
    "chinese-year": "申请公开二〇二三年东湖区旧城改造项目的征收补偿方案及立项批复文件。",
}
UNRELATED = [
    "请提供本市2021年度一般公共预算执行情况及决算报告",
    "申请公开西山镇垃圾焚烧发电厂环境影响评价报告书全文",
    "本人要求获取市公安局交通管理支队关于某路口信号灯设置的会议纪要",
    "申请公开2024年教育局义务教育学校划片招生方案",
    "请告知某某食品有限公司生产许可证的审批材料",
]


def test_normalize():
    assert normalize("ＡＢＣ１２３，ａｂ　c") == "abc123abc"
    assert normalize("“旧城改造”（2023年）！") == "旧城改造2023年"
    assert normalize("二〇二三年") == "2023年"
    assert normalize("  \t\n，。") == ""
    assert normalize("") == ""
    assert bigrams("申请公开") == {"申请", "请公", "公开"}
    assert bigrams("甲") == {"甲"}


@pytest.mark.parametrize("kind", sorted(NEAR))
def test_near_duplicates_score_high(kind):
    s = similarity(ORIGINAL, NEAR[kind])
    assert s >= 0.6, (kind, s)
    assert jaccard(ORIGINAL, NEAR[kind]) >= 0.4


@pytest.mark.parametrize("text", UNRELATED)
def test_unrelated_texts_score_low(text):
    assert similarity(ORIGINAL, text) < 0.3


def test_common_fragments_show_why():
    frags = common_fragments(ORIGINAL, NEAR["reordered"])
    assert "东湖区旧城改造项目" in frags and "征收补偿方案" in frags
    assert all(len(f) >= 4 for f in frags)
    assert common_fragments(ORIGINAL, UNRELATED[2]) == []


# --- the index ------------------------------------------------------------------------

def corpus(n=3000, seed=3):
    """Synthetic applications that share the usual wording but differ in their particulars."""
    rng = random.Random(seed)
    places = ["东湖区", "西山镇", "南岭街道", "北塘县", "中和乡", "新华区", "光明街道", "长江镇"]
    projects = ["旧城改造项目", "道路拓宽工程", "污水处理厂", "学校新建工程", "医院迁建项目", "集体土地征收",
                "河道整治工程", "农贸市场改造", "公共停车场", "变电站建设"]
    docs = ["征收补偿方案", "立项批复文件", "环境影响评价报告", "规划许可证", "招投标文件", "会议纪要",
            "资金使用明细", "验收报告", "安置房分配方案", "听证会记录"]
    leads = ["申请公开", "请提供", "本人申请获取"]
    out = []
    for i in range(n):
        text = (f"{rng.choice(leads)}{rng.randint(2015, 2026)}年{rng.choice(places)}{rng.choice(projects)}的"
                f"{'、'.join(rng.sample(docs, 2))}")
        out.append((f"a{i}", text, f"agency-{i % 3}"))
    return out


@pytest.fixture(scope="module")
def index():
    rows = corpus()
    rows.append(("orig", ORIGINAL, "agency-0"))
    return SimilarityIndex.build(rows)


@pytest.mark.parametrize("kind", sorted(NEAR))
def test_index_finds_the_near_duplicate_first(index, kind):
    res = index.query(NEAR[kind], 5, min_score=0.3, group="agency-0")
    assert res and res[0].id == "orig", (kind, res[:3])
    assert res[0].score >= 0.5 and res[0].group == "agency-0"


@pytest.mark.parametrize("text", UNRELATED[:3])
def test_index_unrelated_finds_nothing_close(index, text):
    assert index.query(text, 5, min_score=0.5) == []


def test_group_exclude_where(index):
    assert all(m.group == "agency-1" for m in index.query(ORIGINAL, 20, min_score=0.0, group="agency-1"))
    assert index.query(ORIGINAL, 3, group="nobody") == []
    res = index.query(ORIGINAL, 3, min_score=0.0, exclude=["orig"])
    assert res and all(m.id != "orig" for m in res)
    res = index.query(ORIGINAL, 5, min_score=0.0, where=lambda i: i.endswith("7"))
    assert len(res) == 5 and all(m.id.endswith("7") for m in res)
    scores = [m.score for m in index.query(ORIGINAL, 50, min_score=0.0)]
    assert scores == sorted(scores, reverse=True)


def test_similar_to_leaves_itself_out(index):
    res = index.similar_to("orig", 5, min_score=0.0)
    assert res and "orig" not in {m.id for m in res}
    assert res == index.query(ORIGINAL, 5, min_score=0.0, exclude=["orig"])


def brute_force(rows, query):
    """An independent cosine over bigram sets weighted by √idf, for checking the index's numbers."""
    grams = {i: bigrams(t) for i, t, *_ in rows}
    n = len(rows)
    df = {}
    for g in grams.values():
        for x in g:
            df[x] = df.get(x, 0) + 1

    def w(x):
        return math.sqrt(math.log((n + 1) / (df.get(x, 0) + 1)) + 1)

    q = bigrams(query)
    qn = math.sqrt(sum(w(x) ** 2 for x in q))
    out = {}
    for i, g in grams.items():
        dn = math.sqrt(sum(w(x) ** 2 for x in g))
        if dn and qn:
            out[i] = sum(w(x) ** 2 for x in q & g) / (qn * dn)
    return out


def test_scores_equal_a_brute_force_computation():
    rows = corpus(300, seed=9)
    idx = SimilarityIndex.build(rows)
    for q in [ORIGINAL, NEAR["reordered"], UNRELATED[0], rows[5][1]]:
        expected = brute_force(rows, q)
        got = idx.query(q, 300, min_score=0.0)
        assert got, q
        for m in got:
            assert m.score == pytest.approx(expected[m.id], abs=1e-4)
        best = max(expected.values())
        assert got[0].score == pytest.approx(best, abs=1e-4)


def test_incremental_matches_build_and_updates():
    rows = corpus(500, seed=5)
    built = SimilarityIndex.build(rows)
    grown = SimilarityIndex()
    for row in rows:
        grown.add(*row)
    grown.refresh()
    for q in [ORIGINAL, rows[10][1], NEAR["reworded"]]:
        assert built.query(q, 10, min_score=0.0) == grown.query(q, 10, min_score=0.0)
    # An added application is found at once, before any refresh.
    grown.add("new", ORIGINAL, "agency-0")
    assert grown.query(NEAR["reworded"], 1)[0].id == "new"
    # Editing replaces; removing forgets.
    grown.add("new", UNRELATED[1], "agency-0")
    assert "new" not in {m.id for m in grown.query(NEAR["reworded"], 10, min_score=0.0)}
    assert grown.query(UNRELATED[1], 1)[0].id == "new"
    assert grown.remove("new") and not grown.remove("new") and "new" not in grown
    assert grown.query(UNRELATED[1], 1, min_score=0.9) == []
    grown.refresh()
    assert len(grown) == 500 and grown.query(UNRELATED[1], 1, min_score=0.9) == []


def test_auto_refresh_keeps_scores_consistent():
    idx = SimilarityIndex.build(corpus(100, seed=1))
    for i, text, group in corpus(400, seed=2):
        idx.add(f"b{i}", text, group)  # crosses the growth threshold several times
    assert len(idx) == 500
    res = idx.query(ORIGINAL, 10, min_score=0.0)
    assert all(0.0 < m.score <= 1.0 for m in res)
    same = idx.query(corpus(400, seed=2)[7][1], 1)[0]
    assert same.score == pytest.approx(1.0)  # b7 itself, or an identical text


def test_edge_cases_and_pickle():
    idx = SimilarityIndex.build([("e", ""), ("one", "甲"), ("x", "申请公开预算")])
    assert idx.query("", 5, min_score=0.0) == []
    assert idx.query("甲", 1) == [Match("one", 1.0, None)]
    assert idx.query("申请公开预算", 1)[0] == Match("x", 1.0, None)
    assert SimilarityIndex().query("申请", 3) == []
    again = pickle.loads(pickle.dumps(idx))
    assert again.query("申请公开预算", 1) == idx.query("申请公开预算", 1)
    again.add("y", "申请公开决算")
    assert {m.id for m in again.query("申请公开预算决算", 5, min_score=0.0)} == {"x", "y"}
    dup = SimilarityIndex.build([("a", "申请公开预算"), ("a", "申请公开决算")])
    assert len(dup) == 1 and dup.query("申请公开决算", 1)[0].id == "a"


# --- properties ------------------------------------------------------------------------

CJK = st.text(alphabet=st.sampled_from(list("申请公开政府信息年区项目方案文件批复征收补偿预算决算报告")),
              min_size=2, max_size=40)
PUNCT = st.text(alphabet=st.sampled_from(list("，。、；：！？“”（）《》 \t　")), max_size=5)


@settings(max_examples=200, deadline=None)
@given(CJK, CJK)
def test_similarity_is_symmetric_and_bounded(a, b):
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0 + 1e-12
    assert s == pytest.approx(similarity(b, a))
    assert similarity(a, a) == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(CJK, st.lists(st.tuples(st.integers(0, 40), PUNCT), max_size=5))
def test_punctuation_and_spaces_do_not_matter(text, inserts):
    noisy = text
    for pos, p in inserts:
        pos = min(pos, len(noisy))
        noisy = noisy[:pos] + p + noisy[pos:]
    assert normalize(noisy) == normalize(text)
    assert similarity(noisy, text) == pytest.approx(1.0)


# --- bounded comparison (issue 10: two 24,000-character texts took 31 s with difflib) ---------------------

def test_common_fragments_hand_counted():
    # ORIGINAL and the reordered text share exactly these passages of 4+ characters (counted by hand).
    assert sorted(common_fragments(ORIGINAL, NEAR["reordered"]), key=len) == [
        "申请公开", "2023年", "征收补偿方案", "立项批复文件", "东湖区旧城改造项目"]
    # Passages do not overlap: "abcdefg" matched once, not also as "bcdefg", "cdefg" …
    assert common_fragments("xxabcdefgyy", "zzabcdefgww") == ["abcdefg"]
    assert common_fragments("abcd1234", "1234abcd") == ["abcd", "1234"]


def _texts(kind: str, n: int = 24_000) -> tuple[str, str]:
    rng = random.Random(10)
    alphabet = [chr(0x4E00 + i) for i in range(3000)]
    if kind == "random":
        return "".join(rng.choice(alphabet) for _ in range(n)), "".join(rng.choice(alphabet) for _ in range(n))
    if kind == "four letters":  # many short shared passages
        return ("".join(rng.choice(alphabet[:4]) for _ in range(n)),
                "".join(rng.choice(alphabet[:4]) for _ in range(n)))
    if kind == "one letter":
        return "甲" * n, "甲" * n
    if kind == "periodic":
        return "甲乙丙" * (n // 3), "乙丙甲" * (n // 3)
    # the same long text with a few changes
    base = "".join(rng.choice(alphabet) for _ in range(n))
    return base, base[:5000] + "改" + base[5001:15000] + "动" + base[15001:]


@pytest.mark.parametrize("kind", ["random", "four letters", "one letter", "periodic", "edited"])
def test_common_fragments_work_is_linear(kind):
    a, b = _texts(kind)
    stats = {}
    frags = common_fragments(a, b, stats=stats)
    # Each text is cut to MAX_COMPARE characters; the work stays within the documented 6 steps a character.
    assert stats["chars"] == 2 * MAX_COMPARE == 40_000
    assert stats["steps"] <= 6 * stats["chars"]
    assert sum(map(len, frags)) <= MAX_COMPARE  # passages do not overlap in the first text
    if kind == "edited":
        assert frags[0] == a[5001:15000] and a[15001:MAX_COMPARE] in frags
    if kind == "random":
        assert frags == []  # 3,000 letters at random: no 4-character passage in common (p ≈ 5·10⁻⁶)
