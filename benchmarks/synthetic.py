"""Synthetic Vietnamese legal-like documents, written from the real corpus's own vocabulary.

A word-bigram chain is learnt from the clauses of the real laws; documents are written in the corpus
layout (YAML front matter, 'Điều N. Tiêu đề', numbered khoản) so they go through the real parser,
chunker and ingest. Each article has ``CLAUSES_PER_ARTICLE`` clauses long enough that the chunker
makes one chunk per clause, so the number of chunks is controlled. The text reads like legal prose
word by word but means nothing; it is for measuring cost, never quality.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from ingest.corpus import load_corpus

CLAUSES_PER_ARTICLE = 5
ARTICLES_PER_DOCUMENT = 20
CHUNKS_PER_DOCUMENT = CLAUSES_PER_ARTICLE * ARTICLES_PER_DOCUMENT
_LINE_START_TOKEN = re.compile(r"^(\d{1,3}\.|[a-zđ]\)|\(\d+\)|Điều|Chương|Mục|Bước|Nơi|PHỤ|Phụ)")


class BigramChain:
    """Next-word choices observed after each word in the real clauses."""

    def __init__(self, texts: Iterable[str], seed: int = 0) -> None:
        self._next: dict[str, list[str]] = defaultdict(list)
        self._starts: list[str] = []
        for text in texts:
            words = [w for w in text.split() if w not in ("...", "…")]
            if len(words) < 3:
                continue
            self._starts.append(words[0])
            for a, b in zip(words, words[1:]):
                self._next[a].append(b)
        if not self._starts:
            raise ValueError("no text to learn a vocabulary from")
        self._rng = random.Random(seed)

    @property
    def vocabulary_size(self) -> int:
        return len(self._next)

    def sentence(self, min_words: int, max_words: int) -> str:
        length = self._rng.randint(min_words, max_words)
        word = self._rng.choice(self._starts)
        words = [word]
        while len(words) < length:
            options = self._next.get(word)
            word = self._rng.choice(options) if options else self._rng.choice(self._starts)
            words.append(word)
        text = " ".join(words).rstrip(",;:")
        return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def real_clauses(corpus_dir: Path) -> list[str]:
    """Clause (or article) texts of the real laws, without their '1.' numbering."""
    corpus = load_corpus(corpus_dir)
    out = []
    for doc in corpus.laws:
        for article in doc.articles:
            parts = [c.text for c in article.clauses] or [article.body]
            for part in parts:
                out += [re.sub(r"^(\d{1,3}\.|[a-zđ]\)|\(\d+\))\s*", "", line) for line in part.split("\n")]
    return [t for t in out if t.strip()]


def _safe(line: str) -> str:
    """A generated line must not look like a new article/clause/point to the parser."""
    line = line.replace('"', "").replace("“", "").replace("”", "")  # an unbalanced quote would swallow the lines after it
    while _LINE_START_TOKEN.match(line):
        line = line.split(" ", 1)[1] if " " in line else "Nội dung"
    return line[0].upper() + line[1:]


def write_document(chain: BigramChain, folder: Path, number: int) -> Path:
    so_hieu = f"{number}/2099/TT-TH"
    lines = [
        "---",
        f"id: tt-tonghop-{number:06d}",
        f'so_hieu: "{so_hieu}"',
        f'title: "Thông tư {so_hieu} (văn bản tổng hợp để đo hiệu năng)"',
        f'short_title: "Thông tư {so_hieu}"',
        'loai: "Thông tư"',
        'co_quan: "Văn bản tổng hợp"',
        'ngay_ban_hanh: "không rõ"',
        'ngay_hieu_luc: "không rõ"',
        "status:",
        '  text: "Văn bản tổng hợp để đo hiệu năng, không có giá trị pháp lý."',
        "completeness:",
        "  level: full",
        "---",
        "",
    ]
    for article in range(1, ARTICLES_PER_DOCUMENT + 1):
        lines.append(f"Điều {article}. {_safe(chain.sentence(5, 12)).rstrip('.')}")
        for clause in range(1, CLAUSES_PER_ARTICLE + 1):
            text = _safe(" ".join(chain.sentence(15, 35) for _ in range(2)))
            lines.append(f"{clause}. {text}")
        lines.append("")
    path = folder / f"tt-tonghop-{number:06d}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def build_corpus(real_corpus: Path, target: Path, extra_chunks: int, seed: int = 0) -> int:
    """Copy the real corpus to ``target`` and add synthetic laws worth about ``extra_chunks`` chunks.

    Returns the number of synthetic documents written.
    """
    import shutil

    if extra_chunks < 0:
        raise ValueError(f"extra_chunks must be >= 0, got {extra_chunks}")
    shutil.copytree(real_corpus, target)
    chain = BigramChain(real_clauses(real_corpus), seed=seed)
    documents = -(-extra_chunks // CHUNKS_PER_DOCUMENT)
    laws = target / "laws"
    for number in range(1, documents + 1):
        write_document(chain, laws, number)
    return documents
