"""Diacritic restoration for questions typed without them.

e5 loses most of its recall on text typed without diacritics, so an unaccented question is given back its
diacritics from the corpus's own vocabulary (the most frequent accented form of each stripped bigram, then
syllable) before it is embedded. Learnt at ingest, saved with the index generation, loaded with it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Iterable

from core.text import has_diacritics, strip_diacritics, syllables

# Everyday words of questions that the legal corpus rarely uses (stripped form -> accented form);
# they win over the corpus's unigram guess ("toi" is "tôi", not "tới"), never over a known bigram.
COMMON_WORDS: dict[str, str] = {
    w: a for a, w in ((a, strip_diacritics(a)) for a in (
        "tôi có nào gì bao cần mấy vậy lâu năm mới đó không được làm sao thì là ai đâu nếu phải bị hay "
        "muốn hỏi cho giúp mình em anh chị bạn ơi nhé ạ rồi chưa nữa gì đi đến ở tại sẽ đã đang nhà con "
        "nó họ ngày tháng tuổi mất lại xin nộp cấp đổi thẻ"
    ).split())
}

class DiacriticRestorer:
    """Most frequent accented form per stripped bigram / syllable, learnt from the corpus."""

    def __init__(self, texts: Iterable[str]) -> None:
        unigrams: dict[str, Counter[str]] = defaultdict(Counter)
        bigrams: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
        for text in texts:
            sylls = syllables(text)
            for s in sylls:
                unigrams[strip_diacritics(s)][s] += 1
            for a, b in zip(sylls, sylls[1:]):
                bigrams[(strip_diacritics(a), strip_diacritics(b))][(a, b)] += 1
        self._unigram = {k: c.most_common(1)[0][0] for k, c in unigrams.items()}
        self._bigram = {k: c.most_common(1)[0][0] for k, c in bigrams.items() if sum(c.values()) >= 2}

    def to_json(self) -> str:
        return json.dumps({"unigram": self._unigram,
                           "bigram": [[a, b, x, y] for (a, b), (x, y) in self._bigram.items()]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "DiacriticRestorer":
        data = json.loads(text)
        restorer = cls(())
        restorer._unigram = dict(data["unigram"])
        restorer._bigram = {(a, b): (x, y) for a, b, x, y in data["bigram"]}
        return restorer

    def restore(self, text: str) -> str:
        words = syllables(text)
        plain = [strip_diacritics(w) for w in words]
        out = list(words)
        fixed = [has_diacritics(w) for w in words]
        for i in range(len(words) - 1):
            pair = self._bigram.get((plain[i], plain[i + 1]))
            if pair is None:
                continue
            for j, form in ((i, pair[0]), (i + 1, pair[1])):
                if not fixed[j]:
                    out[j] = form
                    fixed[j] = True
        for i, w in enumerate(words):
            if not fixed[i]:
                out[i] = COMMON_WORDS.get(plain[i]) or self._unigram.get(plain[i], w)
        return " ".join(out)
