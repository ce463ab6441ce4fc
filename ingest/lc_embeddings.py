"""Our embedder seen as a LangChain ``Embeddings`` (for langchain-chroma and the naive baseline)."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from ingest.embeddings import Embedder


class LangchainEmbeddings(Embeddings):
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts, "passage").tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed([text], "query")[0].tolist()
