"""`dancu eval build-from-faq DIR -o FILE`: a dataset from third-party Q&A pages in the seed's style.

Each question heading with a 'Căn cứ … Điều N … <document>' basis line (parsed by ``ingest.qa_pages``)
becomes one answerable question whose gold is the cited articles, document names mapped to their số hiệu.
Only references to documents of our corpus are kept, and (by default) only articles our corpus holds: a
question whose every reference falls outside is dropped and counted. Facts are short phrases of the page's
conclusion ('Như vậy …') that also occur verbatim in a gold article (so a correct answer can contain them)
and are not already in the question; none when there are no such phrases. Types come from the answer's own classifier (core.question_type).

The pages are copyrighted: the output is for local evaluation only and is never committed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from evals.dataset import EvalQuestion, GoldRef
from evals.metrics import normalise_for_facts
from core.legal_refs import resolve_so_hieu
from core.question_type import classify
from ingest.qa_pages import QaBlock, parse_qa_page, read_qa_dir
from core.text import nfc

CORPUS_SO_HIEU = ("46/2022/TT-BCA", "26/2023/QH15", "70/2024/NĐ-CP", "13/2023/NĐ-CP", "69/2024/NĐ-CP",
                  "17/2024/TT-BCA", "59/2014/QH13")
ArticleText = Callable[[str, int], "str | None"]

_LEAD = re.compile(r"^(Như vậy|Theo quy định trên|Theo quy định nêu trên|Theo đó|Vậy)\s*(thì)?\s*,?\s*", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
@dataclass(frozen=True)
class BuildStats:
    blocks: int = 0
    kept: int = 0
    no_corpus_document: int = 0
    missing_article: int = 0
    duplicates: int = 0

    def describe(self) -> str:
        return (f"{self.blocks} câu hỏi có căn cứ trong các trang; giữ {self.kept}; bỏ {self.no_corpus_document} câu chỉ dẫn "
                f"văn bản ngoài kho, {self.missing_article} câu dẫn điều kho không có, {self.duplicates} câu trùng.")


_SEGMENT = re.compile(r"[,;:.!?()\"“”]|\s[-–]\s")
_EDGE_WORDS = frozenset("và của thì là về để với cho các những trong tại theo hoặc có được bởi mà như nào đó này từ một trên khi đã sẽ bị".split())


def _trim(words: list[str]) -> list[str]:
    while words and words[0].lower() in _EDGE_WORDS:
        words = words[1:]
    while words and words[-1].lower() in _EDGE_WORDS:
        words = words[:-1]
    return words


def conclusion_facts(conclusion: str | None, question: str, article_texts: Sequence[str], *, max_facts: int = 3,
                     min_words: int = 3, max_words: int = 16) -> tuple[str, ...]:
    """Longest phrases of the conclusion (within one comma-separated segment, min_words..max_words words,
    function words trimmed at the edges) found verbatim in the gold articles and not already in the question."""
    if not conclusion or not article_texts:
        return ()
    source = normalise_for_facts("\n".join(article_texts))
    asked = normalise_for_facts(question)
    spans: list[tuple[int, str]] = []
    order = 0
    for segment in _SEGMENT.split(_LEAD.sub("", nfc(conclusion))):
        words = _WORD.findall(segment)
        i = 0
        while i + min_words <= len(words):
            best = next((j for j in range(min(len(words), i + max_words), i + min_words - 1, -1)
                         if normalise_for_facts(" ".join(words[i:j])) in source), None)
            if best is None:
                i += 1
                continue
            phrase = _trim(words[i:best])
            if len(phrase) >= min_words and normalise_for_facts(" ".join(phrase)) not in asked:
                spans.append((order, " ".join(phrase)))
                order += 1
            i = best
    longest = sorted(spans, key=lambda s: (-len(s[1].split()), s[0]))[:max_facts]
    return tuple(p for _, p in sorted(longest))


def block_gold(block: QaBlock, known: Sequence[str], article_text: ArticleText | None, keep_missing: bool
               ) -> tuple[tuple[GoldRef, ...], bool]:
    """(gold refs, whether any ref named a corpus document) for one Q&A block."""
    gold: list[GoldRef] = []
    in_corpus = False
    for ref in block.refs:
        if ref.doc is None:
            continue
        so_hieu = resolve_so_hieu(ref.doc, list(known))
        if so_hieu is None:
            continue
        in_corpus = True
        if not keep_missing and article_text is not None and article_text(so_hieu, ref.article) is None:
            continue
        gold.append(GoldRef(so_hieu, ref.article, ref.clause))
    return tuple(dict.fromkeys(gold)), in_corpus


def build_questions(blocks: Iterable[QaBlock], *, known: Sequence[str] = CORPUS_SO_HIEU,
                    article_text: ArticleText | None = None, keep_missing: bool = False, prefix: str = "faq"
                    ) -> tuple[list[EvalQuestion], BuildStats]:
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    per_source: dict[str, int] = {}
    counts = dict(blocks=0, kept=0, no_corpus_document=0, missing_article=0, duplicates=0)
    for block in blocks:
        counts["blocks"] += 1
        gold, in_corpus = block_gold(block, known, article_text, keep_missing)
        if not gold:
            counts["missing_article" if in_corpus else "no_corpus_document"] += 1
            continue
        key = normalise_for_facts(block.question)
        if key in seen:
            counts["duplicates"] += 1
            continue
        seen.add(key)
        texts = [t for g in gold if article_text and (t := article_text(g.so_hieu, g.article))]
        stem = Path(block.source).stem[:12] or "page"
        per_source[stem] = per_source.get(stem, 0) + 1
        questions.append(EvalQuestion(
            id=f"{prefix}-{stem}-{per_source[stem]}",
            question=block.question,
            type=classify(block.question),
            answerable=True,
            gold=gold,
            facts=conclusion_facts(block.conclusion, block.question, texts),
            extra={"source": block.source, "style": "faq-page"},
        ))
        counts["kept"] += 1
    return questions, BuildStats(**counts)


def read_pages(folder: Path) -> list[QaBlock]:
    """Q&A blocks of every .md/.txt page in ``folder`` (or of one page file)."""
    folder = Path(folder)
    if folder.is_file():
        return parse_qa_page(folder.read_text(encoding="utf-8", errors="replace"), source=folder.name)
    return read_qa_dir(folder)


def corpus_article_text(corpus_dir: Path) -> ArticleText:
    from ingest.corpus import load_corpus

    corpus = load_corpus(Path(corpus_dir))

    def article_text(so_hieu: str, number: int) -> str | None:
        doc = corpus.law(so_hieu)
        article = doc.article(number) if doc else None
        return article.text if article else None

    return article_text
