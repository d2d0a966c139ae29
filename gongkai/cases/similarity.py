"""Near-duplicate applications in Chinese, as evidence for Article 35 (重复申请、无正当理由大量反复申请).

No Django. Texts are normalised (full-width → half-width, case, punctuation, spaces, 〇一二…年 → digits),
cut into character bigrams, and compared by cosine similarity. The index weights each bigram by the
square root of its inverse document frequency, so the words every application shares ("申请公开",
"政府信息", "请提供") count for less and the specific words (a place, a project, a document number)
for more; it answers
"the k most similar earlier applications" from an inverted index with numpy, exactly (no sampling).

API::

    normalize(text) -> str
    bigrams(text) -> frozenset[str]                 # of the normalised text (one char if that is all)
    similarity(a, b) -> float                       # cosine of bigram sets, 0…1, no corpus needed
    jaccard(a, b) -> float
    common_fragments(a, b, min_len=4) -> list[str]  # the shared passages, longest first, to show staff (linear)
    @dataclass(frozen=True) class Match: id; score: float; group
    class SimilarityIndex:
        SimilarityIndex(); SimilarityIndex.build(pairs: Iterable[tuple[id, text]] | Iterable[tuple[id, text, group]])
        .add(id, text, group=None)   # replaces an existing id
        .remove(id) -> bool; len(index); id in index
        .query(text, k=10, *, min_score=0.3, group=None, exclude=(), where=None) -> list[Match]
        .similar_to(id, k=10, *, min_score=0.3, group=None, where=None) -> list[Match]   # excludes id itself
        .refresh()                   # recompute weights now (done automatically as the corpus grows)
    ``id`` is any hashable (the application's primary key); ``group`` e.g. the agency, so one index
    serves every agency and a query sees only its own; ``where(id) -> bool`` filters candidates
    (e.g. only applications received before this one). A SimilarityIndex pickles.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np

_WIDE = {0x3000: " ", **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}}  # full-width ASCII, ideographic space
_WIDE_RE = re.compile("[\uff01-\uff5e]")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_NOT_WORD = re.compile(r"[\W_]+")  # punctuation, symbols, spaces, control characters


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII), lower case, 〇一二…年 as digits; drop
    punctuation, symbols, spaces and control characters."""
    if not text:
        return ""
    t = _NOT_WORD.sub("", text)
    if _WIDE_RE.search(t):
        t = t.translate(_WIDE)
    if not unicodedata.is_normalized("NFKC", t):
        t = _NOT_WORD.sub("", unicodedata.normalize("NFKC", t))
    t = t.lower()
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), t)


def _grams(norm: str) -> set[str]:
    if len(norm) < 2:
        return {norm} if norm else set()
    return {norm[i:i + 2] for i in range(len(norm) - 1)}


def bigrams(text: str) -> frozenset[str]:
    return frozenset(_grams(normalize(text)))


def similarity(a: str, b: str) -> float:
    """Cosine similarity of the two texts' bigram sets (|A∩B| / √(|A|·|B|)), 0…1."""
    ga, gb = _grams(normalize(a)), _grams(normalize(b))
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / math.sqrt(len(ga) * len(gb))


def jaccard(a: str, b: str) -> float:
    ga, gb = _grams(normalize(a)), _grams(normalize(b))
    if not ga and not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


MAX_COMPARE = 20_000  # characters of each (normalised) text common_fragments looks at


def common_fragments(a: str, b: str, min_len: int = 4, stats: dict | None = None) -> list[str]:
    """Passages (normalised) that both texts contain, at least ``min_len`` characters, longest first.

    Bounded work: linear in the texts' lengths (a suffix automaton of ``b``, then one pass over
    ``a``), at most ``6 × (len(a) + len(b))`` steps, each text cut to its first
    :data:`MAX_COMPARE` normalised characters. (difflib's SequenceMatcher, used before, is
    quadratic: two 24,000-character texts took 31 s.) ``stats``, when given, receives ``steps``
    (automaton steps taken) and ``chars`` (characters compared: the two lengths).
    Passages do not overlap in ``a``; the longest are kept.
    """
    na, nb = normalize(a)[:MAX_COMPARE], normalize(b)[:MAX_COMPARE]
    steps = 0
    # Suffix automaton of nb: per state, its transitions, suffix link and longest length.
    nxt: list[dict[str, int]] = [{}]
    link, length = [-1], [0]
    last = 0
    for ch in nb:
        cur = len(length)
        nxt.append({})
        link.append(-1)
        length.append(length[last] + 1)
        p = last
        while p != -1 and ch not in nxt[p]:
            nxt[p][ch] = cur
            p = link[p]
            steps += 1
        if p == -1:
            link[cur] = 0
        else:
            q = nxt[p][ch]
            if length[p] + 1 == length[q]:
                link[cur] = q
            else:
                clone = len(length)
                nxt.append(dict(nxt[q]))
                link.append(link[q])
                length.append(length[p] + 1)
                while p != -1 and nxt[p].get(ch) == q:
                    nxt[p][ch] = clone
                    p = link[p]
                    steps += 1
                link[q] = link[cur] = clone
        last = cur
        steps += 1
    # For each end position in na, the longest passage ending there that nb contains.
    ends: list[int] = []
    state, run = 0, 0
    for ch in na:
        while state and ch not in nxt[state]:
            state = link[state]
            run = length[state]
            steps += 1
        if ch in nxt[state]:
            state, run = nxt[state][ch], run + 1
        else:
            run = 0
        ends.append(run)
        steps += 1
    if stats is not None:
        stats.update(steps=steps, chars=len(na) + len(nb))
    # Passages that cannot be extended to the right, longest first, not overlapping in na.
    spans = sorted(((n, i - n + 1) for i, n in enumerate(ends)
                    if n >= min_len and (i + 1 == len(ends) or ends[i + 1] != n + 1)), key=lambda t: (-t[0], t[1]))
    taken = bytearray(len(na))
    frags: list[str] = []
    for n, start in spans:
        if taken[start] or taken[start + n - 1]:  # no longer passage taken lies strictly inside this one
            continue
        taken[start:start + n] = b"\x01" * n
        frag = na[start:start + n]
        if frag not in frags:
            frags.append(frag)
    return frags


@dataclass(frozen=True)
class Match:
    id: Hashable
    score: float
    group: Hashable = None


def _unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True) by one argsort (numpy's hash-based unique is slower here)."""
    if not len(values):
        return values, np.zeros(0, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    first = np.concatenate([[True], sorted_values[1:] != sorted_values[:-1]])
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return sorted_values[first], inverse


def _code(gram: str) -> int:
    """A bigram (or a lone character) as one integer: the two code points side by side."""
    return (ord(gram[0]) << 21) | ord(gram[1]) if len(gram) == 2 else ord(gram)


def _codes(text: str) -> set[int]:
    return {_code(g) for g in _grams(normalize(text or ""))}


class SimilarityIndex:
    """An inverted index over character bigrams with idf-weighted cosine scoring.

    Storage (all plain arrays, so the index pickles): the postings of each bigram in CSR form
    (``_p_ptr``/``_p_docs``, numpy) plus a small appendable tail per bigram for documents added
    since the last :meth:`refresh`; each document's bigram numbers (``_flat``/``_start``); and the
    norms, groups and liveness of documents. Weights are a snapshot taken at :meth:`refresh` — redone
    automatically once the corpus has grown by a quarter — so a query and the documents it is
    compared with are always weighted alike. :meth:`build` is vectorised with numpy.
    """

    REFRESH_GROWTH = 1.25

    def __init__(self) -> None:
        self._gram_no: dict[int, int] = {}  # bigram code → bigram number
        self._df = np.zeros(0, dtype=np.int64)  # live documents per bigram
        self._p_ptr = np.zeros(1, dtype=np.int64)
        self._p_docs = np.zeros(0, dtype=np.int32)
        self._tail: dict[int, array] = {}  # bigram number → documents added since the last refresh
        self._ids: list[Hashable] = []
        self._doc_no: dict[Hashable, int] = {}
        self._flat: array = array("i")  # bigram numbers of every document, concatenated
        self._start: array = array("q", [0])  # document d's bigrams are _flat[_start[d]:_start[d+1]]
        self._norm: array = array("d")
        self._group: array = array("i")
        self._group_no: dict[Hashable, int] = {None: 0}
        self._groups: list[Hashable] = [None]
        self._alive: bytearray = bytearray()
        self._live = 0
        self._idf = np.zeros(0)
        self._idf_new = 1.0  # weight of a bigram unseen at the last refresh
        self._snapshot_n = 0

    # --- building -----------------------------------------------------------------

    @classmethod
    def build(cls, pairs: Iterable[tuple]) -> SimilarityIndex:
        """From ``(id, text)`` or ``(id, text, group)`` tuples (a later duplicate id wins)."""
        index = cls()
        ids, texts, groups = [], [], []
        for row in pairs:
            ids.append(row[0])
            texts.append(normalize(row[1] or ""))
            groups.append(row[2] if len(row) == 3 else None)
        if len(set(ids)) != len(ids):  # rare: keep the last text of each id, the slow way
            for i, t, g in zip(ids, texts, groups, strict=True):
                index._insert(i, t, g, normalized=True, norm=False)
            index.refresh()
            return index
        n = len(ids)
        # One long string, documents separated by NUL; bigrams as (code point << 21 | code point),
        # keyed by document in the high bits so that one sort both groups and de-duplicates them.
        arr = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32) if n else np.zeros(0, np.uint32)
        if len(arr) > 1:
            valid = (arr[:-1] != 0) & (arr[1:] != 0)
            docs = np.cumsum(arr[:-1] == 0, dtype=np.int64)[valid]
            codes = (arr[:-1][valid].astype(np.int64) << 21) | arr[1:][valid].astype(np.int64)
            del valid
        else:
            codes, docs = np.zeros(0, np.int64), np.zeros(0, np.int64)
        del arr
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
        single = np.flatnonzero(lengths == 1)
        if len(single):  # a one-character text is its own gram
            firsts = np.array([ord(texts[i]) for i in single], dtype=np.int64)
            codes, docs = np.concatenate([codes, firsts]), np.concatenate([docs, single])
        key = (docs << 42) | codes
        del codes, docs
        key.sort()
        if len(key):
            key = key[np.concatenate([[True], key[1:] != key[:-1]])]
        docs, codes = key >> 42, key & ((1 << 42) - 1)
        del key
        vocab, gram = _unique_inverse(codes)
        index._gram_no = dict(zip(vocab.tolist(), range(len(vocab)), strict=True))
        index._flat = array("i", gram.astype(np.int32).tobytes())
        index._start = array("q", np.concatenate([[0], np.cumsum(np.bincount(docs, minlength=n))]).astype(np.int64)
                             .tobytes())
        index._ids = ids
        index._doc_no = {i: d for d, i in enumerate(ids)}
        for g in groups:
            if g not in index._group_no:
                index._group_no[g] = len(index._groups)
                index._groups.append(g)
        index._group = array("i", [index._group_no[g] for g in groups])
        index._alive = bytearray(b"\x01" * n)
        index._live = n
        index._norm = array("d", bytes(8 * n))
        index._df = np.bincount(gram, minlength=len(vocab)).astype(np.int64)
        index.refresh()
        return index

    def add(self, id: Hashable, text: str, group: Hashable = None) -> None:
        """Index one application; an id already present is replaced (its text was edited)."""
        self._insert(id, text, group)
        if self._live > max(self._snapshot_n, 50) * self.REFRESH_GROWTH:
            self.refresh()

    def _insert(self, id: Hashable, text: str, group: Hashable, *, normalized: bool = False,
                norm: bool = True) -> None:
        if id in self._doc_no:
            self.remove(id)
        d = len(self._ids)
        nos = []
        for g in _grams(text if normalized else normalize(text or "")):
            code = _code(g)
            no = self._gram_no.get(code)
            if no is None:
                no = self._gram_no[code] = len(self._gram_no)
            tail = self._tail.get(no)
            if tail is None:
                tail = self._tail[no] = array("i")
            tail.append(d)
            nos.append(no)
        if len(self._gram_no) > len(self._df):
            self._df = np.concatenate([self._df, np.zeros(len(self._gram_no) - len(self._df) + 256, np.int64)])
        if nos:
            np.add.at(self._df, np.asarray(nos), 1)
        self._ids.append(id)
        self._doc_no[id] = d
        self._flat.extend(nos)
        self._start.append(len(self._flat))
        gno = self._group_no.get(group)
        if gno is None:
            gno = self._group_no[group] = len(self._groups)
            self._groups.append(group)
        self._group.append(gno)
        self._alive.append(1)
        self._live += 1
        if norm:
            w = self._weights(np.asarray(nos, dtype=np.int64))
            self._norm.append(float(np.sqrt((w * w).sum())))
        else:
            self._norm.append(0.0)  # set by refresh()

    def remove(self, id: Hashable) -> bool:
        d = self._doc_no.pop(id, None)
        if d is None:
            return False
        self._alive[d] = 0
        self._live -= 1
        nos = np.frombuffer(self._flat, dtype=np.int32)[self._start[d]:self._start[d + 1]].copy()
        if len(nos):
            np.subtract.at(self._df, nos, 1)
        return True

    def refresh(self) -> None:
        """Recompute the idf weights and every norm; fold the tails into the postings, dropping removed ones."""
        g_count = len(self._gram_no)
        n = max(self._live, 1)
        df = self._df[:g_count].astype(np.float64)
        # Each bigram's weight is √idf (its square, idf, enters the dot product): rare words count for
        # more, but not so much that the few bigrams made where a reworded text's clauses meet
        # outweigh everything the two texts share.
        self._idf = np.sqrt(np.log((n + 1) / (df + 1)) + 1.0)
        self._idf_new = math.sqrt(math.log(n + 1) + 1.0)
        self._snapshot_n = self._live
        n_docs = len(self._ids)
        flat = np.frombuffer(self._flat, dtype=np.int32).copy() if len(self._flat) else np.zeros(0, np.int32)
        start = np.frombuffer(self._start, dtype=np.int64).copy()
        lengths = np.diff(start)
        sums = np.zeros(n_docs)
        nonempty = lengths > 0
        if len(flat):
            sums[nonempty] = np.add.reduceat(self._idf[flat] ** 2, start[:-1][nonempty])
        self._norm = array("d", np.sqrt(sums).tobytes())
        # Postings in CSR from the per-document lists, live documents only.
        docs = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)
        alive = np.frombuffer(bytes(self._alive), dtype=np.uint8).astype(bool) if n_docs else np.zeros(0, bool)
        live = alive[docs] if len(docs) else np.zeros(0, bool)
        grams, docs = flat[live], docs[live]
        order = np.argsort(grams, kind="stable")
        self._p_docs = docs[order].astype(np.int32)
        self._p_ptr = np.concatenate([[0], np.cumsum(np.bincount(grams, minlength=g_count))]).astype(np.int64)
        self._tail = {}

    def _weights(self, nos: np.ndarray) -> np.ndarray:
        w = np.full(len(nos), self._idf_new)
        known = nos < len(self._idf)
        w[known] = self._idf[nos[known]]
        return w

    # --- asking -------------------------------------------------------------------

    def __len__(self) -> int:
        return self._live

    def __contains__(self, id: Hashable) -> bool:
        return id in self._doc_no

    def query(self, text: str, k: int = 10, *, min_score: float = 0.3, group: Hashable = None,
              exclude: Iterable[Hashable] = (), where: Callable[[Hashable], bool] | None = None) -> list[Match]:
        """The ``k`` indexed applications most similar to ``text`` with score ≥ ``min_score``, best first."""
        codes = _codes(text)
        nos = [self._gram_no[c] for c in codes if c in self._gram_no]
        return self._rank(nos, len(codes) - len(nos), k, min_score, group, set(exclude), where)

    def similar_to(self, id: Hashable, k: int = 10, *, min_score: float = 0.3, group: Hashable = None,
                   where: Callable[[Hashable], bool] | None = None) -> list[Match]:
        """Like :meth:`query` for an indexed application, leaving it out of the answer."""
        d = self._doc_no[id]
        nos = list(self._flat[self._start[d]:self._start[d + 1]])
        return self._rank(nos, 0, k, min_score, group, {id}, where)

    def _postings(self, no: int) -> list[np.ndarray]:
        out = []
        if no + 1 < len(self._p_ptr):
            out.append(self._p_docs[self._p_ptr[no]:self._p_ptr[no + 1]])
        tail = self._tail.get(no)
        if tail:
            out.append(np.array(tail, dtype=np.int32))
        return out

    def _rank(self, nos, unknown, k, min_score, group, exclude, where) -> list[Match]:
        if not nos or not self._live or k <= 0:
            return []
        q = np.asarray(nos, dtype=np.int64)
        w = self._weights(q)
        qnorm = math.sqrt(float((w * w).sum()) + unknown * self._idf_new ** 2)
        parts, part_w = [], []
        for no, wi in zip(nos, (w * w).tolist(), strict=True):
            for p in self._postings(no):
                parts.append(p)
                part_w.append(wi)
        if not parts:
            return []
        weights = np.repeat(np.asarray(part_w), [len(p) for p in parts])
        dot = np.bincount(np.concatenate(parts), weights=weights, minlength=len(self._ids))
        norms = np.frombuffer(self._norm, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(norms > 0, dot / (norms * qnorm), 0.0)
        del norms
        scores *= np.frombuffer(bytes(self._alive), dtype=np.uint8)
        if group is not None:
            gno = self._group_no.get(group)
            if gno is None:
                return []
            scores[np.frombuffer(self._group, dtype=np.int32) != gno] = 0.0
        candidates = np.flatnonzero(scores >= max(min_score, 1e-12))
        if not len(candidates):
            return []
        m = 4 * k + 64
        if len(candidates) > m:  # rank the best m first; go on to the rest only if filters reject too many
            top = candidates[np.argpartition(-scores[candidates], m)[:m]]
            out = self._take(top, scores, k, exclude, where)
            if len(out) >= k:
                return out
        return self._take(candidates, scores, k, exclude, where)

    def _take(self, candidates, scores, k, exclude, where) -> list[Match]:
        order = candidates[np.lexsort((candidates, -scores[candidates]))]  # best first; ties: earlier first
        out = []
        for d in order:
            ident = self._ids[d]
            if ident in exclude or (where is not None and not where(ident)):
                continue
            out.append(Match(ident, round(min(float(scores[d]), 1.0), 4), self._groups[self._group[d]]))
            if len(out) >= k:
                break
        return out
