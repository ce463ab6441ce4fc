"""What the proposed latency cuts would buy, measured before anyone changes the core code.

Each variant swaps one piece of the answer path *in this benchmark process only* (instance attributes
on the loaded retriever, removed afterwards) and answers the dev questions, accented and without
diacritics, taking turns question by question with the other variants:

- A: the dense step asks Chroma for ids + distances (``collection.query``) instead of langchain-chroma's
  ``similarity_search_by_vector_with_relevance_scores``, which also fetches 50 documents and metadata;
- B: the query embedding is computed from the question with its diacritics restored but without the
  appended synonym expansion (fewer tokens); BM25 still gets the expanded text;
- C: the four chain steps are called directly instead of through LangChain's ``RunnableLambda`` pipe.

Retrieval quality is reported beside the time (article-level hit@1 / hit@5 against the dev set's gold),
so a cut that costs accuracy shows it.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from benchmarks.questions import DEV_SET
from benchmarks.report import Table, ms, percentile, ratio
from dancu.errors import UserError
from ingest.textnorm import clean_spaces, nfc, strip_diacritics


@dataclass(frozen=True)
class DevQuestion:
    text: str
    gold: frozenset[tuple[str, int]]


def dev_questions(path: Path | None = None) -> list[DevQuestion]:
    out = []
    for line in Path(path or DEV_SET).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold = frozenset((g["so_hieu"], int(g["article"])) for g in row.get("gold") or [])
            out.append(DevQuestion(row["question"], gold if row.get("answerable", True) else frozenset()))
    return out


def _embedding_text_without_expansion(retriever: Any, query: Any) -> str:
    plain = clean_spaces(nfc(query.original))
    return plain if query.accented else retriever.restorer.restore(plain)


def _raw_dense(retriever: Any, collection: Any, text_for: Callable[[Any], str]) -> Callable[[Any, int], list]:
    def dense(query: Any, n: int) -> list[tuple[int, float]]:
        vector = retriever.embed_query(text_for(query))
        result = collection.query(query_embeddings=[vector.tolist()], n_results=min(n, len(retriever.index.chunks)),
                                  include=["distances"])
        positions = retriever._id_to_pos
        return [(positions[i], 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0]) if i in positions]

    return dense


def _direct(service: Any) -> Callable[[str], Any]:
    from bot.chain import prepare
    from bot.service import clean_question

    def answer(question: str) -> Any:
        chain = service.chain
        state: dict[str, Any] = {"question": clean_question(question, service.settings.max_question_chars),
                                 "history": [], "mode": "citizen"}
        return chain.compose(chain.retrieve(chain.check_request(prepare(state))))

    return answer


VARIANTS = ("today", "A: dense ids + distances", "A+B: + embed without synonym expansion", "A+B+C: + steps called directly")


@contextmanager
def variant(service: Any, name: str) -> Iterator[Callable[[str], Any]]:
    from ingest.stores import get_collection

    retriever = service.chain.retriever
    index = retriever.index
    collection = getattr(index, "collection", None) or get_collection(index.client, index.collection_name, service.settings)
    answer: Callable[[str], Any] = service.answer
    if name != "today":
        text_for = (lambda q: q.restored) if name.startswith("A:") else (lambda q: _embedding_text_without_expansion(retriever, q))
        retriever.dense = _raw_dense(retriever, collection, text_for)
    if name.startswith("A+B+C"):
        answer = _direct(service)
    try:
        yield answer
    finally:
        retriever.__dict__.pop("dense", None)


def _hits(answer: Any, gold: frozenset[tuple[str, int]]) -> tuple[bool, bool]:
    keys = [(r.chunk.so_hieu, r.chunk.article) for r in answer.retrieved]
    return bool(keys[:1]) and keys[0] in gold, any(k in gold for k in keys[:5])


def run_whatif(service: Any, questions: Sequence[DevQuestion], repeat: int = 1) -> Table:
    service.chain  # loaded before timing
    forms = [(q.text, q.gold) for q in questions] + [(strip_diacritics(q.text), q.gold) for q in questions]
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    hits: dict[str, list[tuple[bool, bool]]] = {v: [] for v in VARIANTS}
    retriever = service.chain.retriever
    for rep in range(repeat):
        for text, gold in forms:
            for name in VARIANTS:
                with variant(service, name) as answer:
                    retriever._query_cache.clear()  # every variant embeds the question itself
                    start = time.perf_counter()
                    try:
                        result = answer(text)
                    except UserError:
                        continue
                    times[name].append((time.perf_counter() - start) * 1000)
                    if rep == 0 and gold:
                        hits[name].append(_hits(result, gold))
    base = percentile(times["today"], 50)
    rows = []
    for name in VARIANTS:
        h = hits[name]
        rows.append((name, ms(percentile(times[name], 50)), ms(percentile(times[name], 95)), ratio(percentile(times[name], 50), base),
                     f"{sum(a for a, _ in h) / len(h):.3f}" if h else "—", f"{sum(b for _, b in h) / len(h):.3f}" if h else "—"))
    return Table(
        "What the proposed cuts would buy (measured, core code unchanged)",
        ("variant", "answer p50 ms", "answer p95 ms", "p50 vs today", "retrieval hit@1", "retrieval hit@5"),
        tuple(rows),
        (f"{len(questions)} dev questions as written and without diacritics ({len(forms)} texts), every variant on every "
         "text, taking turns; the query-embedding cache is cleared before each answer.",
         "Variants are swapped in this process only (instance attributes on the loaded retriever); nothing in bot/ is edited.",
         "hit@k: a retrieved chunk among the first k has the same số hiệu and Điều as a gold item (answerable questions only)."),
    )
