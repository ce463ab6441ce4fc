"""Gold provisions written as the amending text read as the provision it rewrites.

A question writer who wants the wording in force may name the amending khoản ('khoản 4 Điều 5 Nghị định
58/2026/NĐ-CP', which rewrites khoản 3 Điều 6 Nghị định 70/2024/NĐ-CP) or the amended one, or both. Our answers
quote the amended article in its wording of the day and name the amendment beside it, so both names mean one
provision: scoring and ranker training read the amending khoản as the khoản it rewrites. An amending khoản that
rewrites several articles (a phrase replaced throughout) is left as written.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping

from core.legal import LawDocument
from core.versions import phrase_targets
from evals.dataset import Dataset, EvalQuestion, GoldRef

Provision = tuple[str, int, int | None]
_AMENDING_KHOAN = re.compile(r"^(?:điểm [a-zđ] )?khoản (\d+) Điều (\d+)\b")


def rewritten_provisions(documents: Mapping[str, LawDocument]) -> dict[Provision, Provision]:
    """(amending số hiệu, Điều, khoản) -> the one provision it rewrites (khoản None: several khoản of one article)."""
    targets: dict[Provision, set[Provision]] = {}
    for doc in documents.values():
        for amendment in doc.amendments:
            match = _AMENDING_KHOAN.match(amendment.by_label)
            if match is None or amendment.kind == "annex":  # an annex is no article
                continue
            source = (amendment.by_so_hieu, int(match.group(2)), int(match.group(1)))
            if amendment.kind == "phrase":
                rewritten = {(doc.so_hieu, article, clause) for article, clause in phrase_targets(amendment.where)}
            else:
                rewritten = {(doc.so_hieu, amendment.article, clause) for clause in amendment.clauses or (None,)}
            targets.setdefault(source, set()).update(rewritten)
    out: dict[Provision, Provision] = {}
    for source, rewritten in targets.items():
        articles = {(so_hieu, article) for so_hieu, article, _ in rewritten}
        if len(articles) != 1:
            continue
        (so_hieu, article), = articles
        clauses = {clause for _, _, clause in rewritten}
        out[source] = (so_hieu, article, clauses.pop() if len(clauses) == 1 else None)
    return out


def _read_as_amended(question: EvalQuestion, rewritten: Mapping[Provision, Provision]) -> EvalQuestion:
    gold = tuple(dict.fromkeys(GoldRef(*rewritten.get((g.so_hieu, g.article, g.clause), (g.so_hieu, g.article, g.clause)))
                               for g in question.gold))
    return question if gold == question.gold else replace(question, gold=gold)


def read_as_amended(dataset: Dataset, documents: Mapping[str, LawDocument]) -> Dataset:
    """The dataset with every gold amending khoản replaced by the provision it rewrites (duplicates dropped)."""
    rewritten = rewritten_provisions(documents)
    return replace(dataset, questions=tuple(_read_as_amended(q, rewritten) for q in dataset.questions))
