"""The page's conversations, kept on the server under an unguessable token, bounded in number and in age.

Gradio keys its own per-session state by ``session_hash``, a short id the browser makes up and sends in clear
with every queue call: whoever learns it could replay the session (issue #13). So the page keeps nothing of
a conversation in Gradio's state: each page load gets a ``secrets.token_urlsafe(32)`` token from the server
(web/ui.py), the browser sends it back with each question, and the turns live here, under that token.

Bounded: at most ``max_sessions`` conversations (the least recently used is dropped first), each forgotten
``ttl_s`` seconds after its last use, and each keeps its last ``max_turns`` exchanges. An unknown or expired
token simply starts a new conversation.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

T = TypeVar("T")

MAX_SESSIONS = 1000
SESSION_TTL_S = 3600.0
TOKEN_BYTES = 32
MAX_TURNS = 10        # exchanges kept per conversation (the answer service reads only the last 6)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True)
class Conversation(Generic[T]):
    """What the page remembers for one browser tab: the turns (for follow-ups) and what a 👍/👎 refers to."""

    turns: tuple[T, ...] = ()
    target: dict[str, str] | None = None


class ConversationStore(Generic[T]):
    """Thread-safe (Gradio runs handlers in worker threads) LRU + TTL map from token to Conversation."""

    def __init__(self, max_sessions: int = MAX_SESSIONS, ttl_s: float = SESSION_TTL_S, max_turns: int = MAX_TURNS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if max_sessions <= 0 or ttl_s <= 0 or max_turns <= 0:
            raise ValueError("max_sessions, ttl_s and max_turns must be > 0")
        self.max_sessions, self.ttl_s, self.max_turns = max_sessions, ttl_s, max_turns
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, Conversation[T]]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._items)

    def start(self) -> str:
        """A fresh token with an empty conversation."""
        token = new_token()
        self.put(token, Conversation())
        return token

    def get(self, token: str | None) -> Conversation[T] | None:
        """The conversation of ``token``, or None when the token is unknown, malformed or expired."""
        if not isinstance(token, str) or not token:
            return None
        with self._lock:
            self._expire()
            item = self._items.get(token)
            if item is None:
                return None
            self._items.move_to_end(token)
            self._items[token] = (self._clock(), item[1])
            return item[1]

    def put(self, token: str, conversation: Conversation[T]) -> None:
        kept = Conversation(turns=tuple(conversation.turns)[-self.max_turns:], target=conversation.target)
        with self._lock:
            self._items[token] = (self._clock(), kept)
            self._items.move_to_end(token)
            self._expire()
            while len(self._items) > self.max_sessions:
                self._items.popitem(last=False)

    def forget(self, token: str | None) -> None:
        with self._lock:
            self._items.pop(token or "", None)

    def _expire(self) -> None:
        """Drop conversations unused for ttl_s (the oldest are at the front: stop at the first live one)."""
        now = self._clock()
        while self._items:
            token, (used, _) = next(iter(self._items.items()))
            if now - used <= self.ttl_s:
                return
            del self._items[token]
