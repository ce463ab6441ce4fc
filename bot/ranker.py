"""Article ranking: every candidate article described by the signals of every granularity (its best clause,
the whole article, our question bank, our FAQ, BM25 and dense alike), answer-type cues, document kind and
currency; a model learnt by ``dancu ranker train`` (boosted trees, or a logistic regression) turns them into one
score.

The model is a JSON file (feature names and the trees' nodes, or the weights) committed with the code; without it
the articles keep the order of the fused clause ranking (the first version's behaviour).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from bot.guard import content_words
from core.chunk import Chunk
from core.legal import LawDocument

MODEL_PATH = Path(__file__).with_name("ranker_model.json")
ArticleKey = tuple[str, int]

FEATURES = (
    "fused_rr",  # 1 / rank of the article in the fused clause ranking (the first version's order)
    "clause_dense", "clause_dense_rr", "clause_bm25", "clause_bm25_rr",
    "article_dense", "article_dense_rr", "article_bm25",
    "bank_dense", "bank_dense_rr", "bank_bm25", "bank_hits",
    "faq_dense", "faq_dense_rr",
    "cue_match", "heading_type_match", "named_document", "named_article",
    "is_law", "is_decree", "is_circular", "not_in_force", "amending_article",
    "details_link", "phrase_overlap", "principle_heading",
)
# Continuous signals also given relative to the best candidate of the same question (0 for the best): a
# pointwise model can then tell "best of this question" from "high in absolute terms".
GAP_FEATURES = ("fused_rr", "clause_dense", "clause_bm25", "article_dense", "article_bm25", "bank_dense", "bank_bm25",
                "faq_dense", "cue_match", "phrase_overlap")
FEATURES = FEATURES + tuple(f"{name}_gap" for name in GAP_FEATURES)

# What a question asks for (plain text) -> what an article must contain to answer it (plain text).
_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"\b(bao lau|bao nhieu ngay|may ngay|thoi han|trong vong|mat bao lau|khi nao thi nhan)\b"),
     re.compile(r"\b\d+ (ngay|thang|nam|gio)\b")),
    (re.compile(r"\b(bao nhieu tuoi|may tuoi|do tuoi|du tuoi|tuoi nao|tuoi bao nhieu)\b"), re.compile(r"\b\d+ tuoi\b")),
    # until when a paper stays valid: a date or the end of its term
    (re.compile(r"\b(den khi nao|den bao gio|den luc nao|dung den (?:khi|bao gio|luc))\b"),
     re.compile(r"\b(ngay \d+ thang \d+ nam \d{4}|het thoi han)\b")),
    (re.compile(r"\b(o dau|noi nao|tai dau|cho nao)\b"), re.compile(r"\b(tai|noi cu tru|co quan quan ly can cuoc|truc tiep)\b")),
    # an agency asked for; 'những ai phải / được …' asks which people, not which body
    (re.compile(r"\b(co quan nao|(?<!nhung )ai (co|chiu|la|se|duoc)|don vi nao|tham quyen|ai cap)\b"),
     re.compile(r"\b(co quan|bo cong an|thu truong|cuc|cong an cap|truong cong an|uy ban)\b")),
    (re.compile(r"\b(thu tuc|trinh tu|quy trinh|cac buoc|ho so gom|lam the nao|nhu the nao)\b"),
     re.compile(r"\b(trinh tu|thu tuc|buoc \d|ho so)\b")),
    (re.compile(r"\b(la gi|duoc hieu|khai niem|nghia la|dinh nghia)\b"), re.compile(r"\b(la|duoc hieu la)\b")),
    (re.compile(r"\b(gom nhung|bao gom|nhung gi|nhung thong tin nao|co nhung)\b"), re.compile(r"\n[a-zđ]\)|\n\d+\.")),
)
_TYPE_HEADINGS = {
    "responsibility": ("trach nhiem", "nhiem vu"),
    "procedure": ("trinh tu", "thu tuc", "quy trinh"),
    "definition": ("giai thich tu ngu",),
}
# A may/must question is often settled by an article of principles or of prohibited acts ("may a connected system
# use the data for …" -> nguyên tắc kết nối, chia sẻ, khai thác; hành vi bị nghiêm cấm) whose wording shares few
# words with the story; the procedure article the story's words match is then a worse answer (README).
_PRINCIPLE_HEADING = re.compile(r"\b(nguyen tac|hanh vi bi nghiem cam)\b")


@dataclass(frozen=True)
class Candidate:
    key: ArticleKey
    features: dict[str, float]
    law_positions: tuple[int, ...]  # its clause chunks among the hits, best first
    clause_votes: dict[int, float]  # khoản -> evidence for it (question bank and FAQ pointers, clause hits)


# One boosted tree, as its nodes in order: (feature index, threshold, left, right, value); a leaf has feature -1.
Tree = tuple[tuple[int, float, int, int, float], ...]


@dataclass(frozen=True)
class ArticleRanker:
    """A learnt scorer of candidate articles: a logistic regression (one weight per feature) or boosted trees (each
    adds a leaf's value to the log-odds); either way a probability that the article answers the question."""
    features: tuple[str, ...]
    weights: tuple[float, ...] = ()
    intercept: float = 0.0
    trees: tuple[Tree, ...] = ()
    # trees may be blended with an earlier linear model: its probability counts for this share of the score
    linear: "ArticleRanker | None" = None
    linear_share: float = 0.0

    @classmethod
    def from_dict(cls, data: Mapping) -> "ArticleRanker":
        if data.get("kind") == "trees":
            trees = tuple(tuple((int(f), float(t), int(l), int(r), float(v)) for f, t, l, r, v in tree)
                          for tree in data["trees"])
            linear = cls.from_dict(data["linear"]) if data.get("linear") else None
            return cls(tuple(data["features"]), intercept=float(data["baseline"]), trees=trees, linear=linear,
                       linear_share=float(data.get("linear_share", 0.0)) if linear else 0.0)
        return cls(tuple(data["features"]), tuple(float(w) for w in data["weights"]), float(data["intercept"]))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "ArticleRanker | None":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return cls.from_dict(data)

    def score(self, features: Mapping[str, float]) -> float:
        return self.score_values([features.get(name, 0.0) for name in self.features])

    def score_values(self, values: Sequence[float]) -> float:
        if not self.trees:
            return _sigmoid(self.intercept + sum(w * v for w, v in zip(self.weights, values)))
        own = _sigmoid(self.intercept + sum(_leaf_value(tree, values) for tree in self.trees))
        if self.linear is None:
            return own
        return (1.0 - self.linear_share) * own + self.linear_share * self.linear.score_values(values)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _leaf_value(tree: Tree, values: Sequence[float]) -> float:
    node = tree[0]
    while node[0] >= 0:
        node = tree[node[2] if values[node[0]] <= node[1] else node[3]]
    return node[4]


def _cites(chunk: Chunk) -> list[tuple[str, int, int | None]]:
    if chunk.kind in ("law", "article"):
        return [(chunk.so_hieu, chunk.article, chunk.clause)] if chunk.article is not None else []
    return [(c["so_hieu"], int(c["article"]), c.get("clause")) for c in json.loads(chunk.cites or "[]")]


def _reciprocal_ranks(order: Sequence[ArticleKey]) -> dict[ArticleKey, float]:
    out: dict[ArticleKey, float] = {}
    for rank, key in enumerate(order, start=1):
        out.setdefault(key, 1.0 / rank)
    return out


def cue_match(question_plain: str, article_plain: str) -> float:
    asked = [answer for ask, answer in _CUES if ask.search(question_plain)]
    if not asked:
        return 0.0
    return sum(1.0 for answer in asked if answer.search(article_plain)) / len(asked)


@lru_cache(maxsize=2048)
def word_pairs(plain: str) -> frozenset[tuple[str, str]]:
    """Adjacent content-word pairs ('cap lai', 'the can')."""
    words = content_words(plain)
    return frozenset(zip(words, words[1:]))


def phrase_overlap(question_plain: str, article_plain: str) -> float:
    """Share of the question's adjacent content-word pairs ("cap lai", "the can") found in the article: the
    question's phrases read against the article's wording, which the embedding's near-equal similarities do not
    separate (first-ranked article 0.734 -> 0.754 on blind sets held out one at a time; no change on two newer
    blind sets, README)."""
    asked = word_pairs(question_plain)
    return len(asked & word_pairs(article_plain)) / len(asked) if asked else 0.0


def candidates(*, chunks: Sequence[Chunk], documents: Mapping[str, LawDocument], article_texts: Mapping[ArticleKey, str],
               # article_texts: plain (diacritics-stripped, lower-case) text of each article on the day asked
               dense: Sequence[tuple[int, float]], lexical: Sequence[tuple[int, float]], fused_order: Sequence[int],
               question_plain: str, qtype: str, named_documents: set[str], named_articles: set[ArticleKey],
               day: str, spent: set[tuple[str, int, int | None]], amending: set[ArticleKey],
               details: Mapping[ArticleKey, set[ArticleKey]]) -> list[Candidate]:
    """Every article some chunk of the hits points to, with its features."""
    feats: dict[ArticleKey, dict[str, float]] = {}
    laws: dict[ArticleKey, list[int]] = {}
    votes: dict[ArticleKey, dict[int, float]] = {}
    top_bm25 = max((s for _, s in lexical), default=0.0) or 1.0

    def channel(hits: Sequence[tuple[int, float]], kinds: tuple[str, ...], name: str, scale: float = 1.0,
                ranks: bool = True, count: str | None = None) -> None:
        order: list[ArticleKey] = []
        for pos, value in hits:
            chunk = chunks[pos]
            # an article held as one chunk is its own whole-article chunk
            whole = kinds == ("article",) and chunk.kind == "law" and chunk.clause is None and chunk.step is None
            if chunk.kind not in kinds and not whole:
                continue
            for so_hieu, article, clause in _cites(chunk):
                key = (so_hieu, article)
                f = feats.setdefault(key, {})
                f[name] = max(f.get(name, 0.0), value / scale)
                order.append(key)
                if count:
                    f[count] = f.get(count, 0.0) + 1.0
                if clause is not None and kinds != ("article",):
                    votes.setdefault(key, {})[clause] = votes.get(key, {}).get(clause, 0.0) + value / scale
        if ranks:
            for key, rr in _reciprocal_ranks(order).items():
                feats[key][f"{name}_rr"] = rr

    channel(dense, ("law",), "clause_dense")
    channel(lexical, ("law",), "clause_bm25", top_bm25)
    channel(dense, ("article",), "article_dense")
    channel(lexical, ("article",), "article_bm25", top_bm25, ranks=False)
    channel(dense[:20], ("question",), "bank_dense", count="bank_hits")
    channel(lexical, ("question",), "bank_bm25", top_bm25, ranks=False)
    channel(dense, ("faq",), "faq_dense")
    fused_keys = []
    for pos in fused_order:
        chunk = chunks[pos]
        if chunk.kind == "law" and chunk.article is not None:
            key = (chunk.so_hieu, chunk.article)
            fused_keys.append(key)
            laws.setdefault(key, []).append(pos)
    for key, rr in _reciprocal_ranks(fused_keys).items():
        feats.setdefault(key, {})["fused_rr"] = rr
    top_keys = [k for k, _ in sorted(feats.items(), key=lambda kv: -kv[1].get("fused_rr", 0.0))[:5]]
    out = []
    for key, f in feats.items():
        doc = documents.get(key[0])
        plain = article_texts.get(key)
        if doc is None or plain is None:
            continue  # an article with no wording on this day
        title = plain.split("\n", 1)[0]
        f["cue_match"] = cue_match(question_plain, plain)
        f["phrase_overlap"] = phrase_overlap(question_plain, plain)
        f["heading_type_match"] = float(any(w in title for w in _TYPE_HEADINGS.get(qtype, ())))
        f["principle_heading"] = float(qtype == "permission" and bool(_PRINCIPLE_HEADING.search(title)))
        f["named_document"] = float(key[0] in named_documents)
        f["named_article"] = float(key in named_articles)
        f["is_law"], f["is_decree"], f["is_circular"] = (float(doc.loai == k) for k in ("Luật", "Nghị định", "Thông tư"))
        f["not_in_force"] = float(not doc.in_force_on(day) or (not doc.valid_to and not doc.in_force))
        f["spent_transitional"] = float(any((key[0], key[1], c) in spent for c in (None, *votes.get(key, {}))))  # not learnt
        f["amending_article"] = float(key in amending)
        f["details_link"] = float(any(other in details.get(key, set()) for other in top_keys if other != key))
        out.append(Candidate(key, {name: f.get(name, 0.0) for name in (*FEATURES, "spent_transitional")},
                             tuple(laws.get(key, ())), votes.get(key, {})))
    for name in GAP_FEATURES:
        best = max((c.features[name] for c in out), default=0.0)
        for c in out:
            c.features[f"{name}_gap"] = c.features[name] - best
    return out
