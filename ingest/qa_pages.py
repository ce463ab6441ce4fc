"""Read third-party Q&A pages (bold or plain question headings, a 'Căn cứ … Điều N …' basis line,
a 'Như vậy …' conclusion) into question/answer blocks with the articles they rely on.

Used by `dancu ingest --extra DIR` (kind=faq_external, stays in the user's local index) and by
`dancu eval build-from-faq`. These pages are copyrighted: they are read at run time, never committed.

The folder is user input and read defensively: a missing folder, a file given instead of a folder, a directory
named like a page (``x.md/``) or a symlink loop stop with a Vietnamese error (exit 1 from the CLI, no
traceback); a FIFO, socket or device named ``*.md`` is skipped without ever being opened; a symlink pointing
outside the folder is not followed; a page over ``MAX_PAGE_BYTES`` is skipped with a warning.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from core.errors import CorpusError
from core.legal_refs import ArticleRef, find_article_refs
from core.text import clean_spaces, nfc

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".md", ".txt")
MAX_PAGE_BYTES = 2 * 1024 * 1024  # a long Q&A page is ~100 KB; 50 MB made 181k chunks (issue #13)
MAX_EXTRA_CHUNKS = 5_000
# Embedding speed of the default model on 2 CPU cores: 181k chunks took about 4 h (issue #13).
EMBED_CHUNKS_PER_SECOND = 12.5

_BASIS = re.compile(r"^(Căn cứ|Theo|Tại|Dựa theo|Dựa trên)\b.*\bĐiều\s+\d+", re.IGNORECASE)
_CONCLUSION = re.compile(r"^(Như vậy|Theo quy định trên|Theo đó|Vậy)\b", re.IGNORECASE)
_MARKS = re.compile(r"[*_#>]+")
_FOOTER = re.compile(r"^(MỚI NHẤT|Đặt câu hỏi|Bài viết liên quan|XEM THÊM)\b")


@dataclass(frozen=True)
class QaBlock:
    question: str
    answer: str
    basis: str
    conclusion: str | None
    refs: tuple[ArticleRef, ...]
    source: str


def _plain_line(line: str) -> str:
    return clean_spaces(_MARKS.sub(" ", line))


def _is_question(line: str) -> bool:
    return line.endswith("?") and 15 <= len(line) <= 300


def parse_qa_page(text: str, source: str = "") -> list[QaBlock]:
    """Blocks with a question and at least one article reference in a basis line."""
    lines = [_plain_line(raw) for raw in nfc(text).split("\n")]
    blocks: list[QaBlock] = []
    question: str | None = None
    body: list[str] = []

    def flush() -> None:
        if question is None:
            return
        basis = next((b for b in body if _BASIS.match(b)), None)
        if basis is None:
            return
        refs = tuple(r for r in find_article_refs(basis) if r.doc is not None)
        if not refs:
            return
        conclusion = next((b for b in body if _CONCLUSION.match(b)), None)
        blocks.append(QaBlock(question, "\n".join(body), basis, conclusion, refs, source))

    for line in lines:
        if not line:
            continue
        if _FOOTER.match(line):
            break
        if _is_question(line):
            if line != question:
                flush()
            question, body = line, []
            continue
        if question is not None:
            body.append(line)
    flush()
    # A page often repeats its question as title and heading: keep the last block per question.
    unique: dict[str, QaBlock] = {b.question: b for b in blocks}
    return list(unique.values())


def _extra_root(folder: Path) -> Path:
    """The folder's real path, or a CorpusError saying in Vietnamese what is wrong with it."""
    try:
        mode = os.stat(folder).st_mode  # follows symlinks: a link to a folder is fine
    except FileNotFoundError:
        raise CorpusError(f"Không tìm thấy thư mục trang hỏi đáp \"{folder}\" (--extra). Hãy kiểm tra lại đường dẫn.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CorpusError(f"\"{folder}\" là liên kết tượng trưng vòng lặp (symlink trỏ về chính nó), không mở được "
                              "(--extra).") from None
        if exc.errno == errno.ENOTDIR:
            raise CorpusError(f"Đường dẫn \"{folder}\" đi qua một tệp, không phải thư mục (--extra).") from None
        raise CorpusError(f"Không đọc được thư mục \"{folder}\" (--extra): {exc.strerror}.") from None
    if stat.S_ISREG(mode):
        raise CorpusError(f"\"{folder}\" là một tệp, không phải thư mục. --extra cần một thư mục chứa các trang hỏi đáp "
                          f".md/.txt (ví dụ: --extra {Path(folder).parent}).")
    if not stat.S_ISDIR(mode):
        raise CorpusError(f"\"{folder}\" không phải là thư mục (--extra cần một thư mục chứa các trang .md/.txt).")
    return Path(os.path.realpath(folder))


def _read_page(root: Path, entry: os.DirEntry, max_bytes: int) -> str | None:
    """The text of one page, or None (with a warning) when it must be skipped; CorpusError when it cannot be a page."""
    shown = Path(entry.path)
    try:
        target = Path(entry.path).resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        raise CorpusError(f"\"{shown}\" là liên kết tượng trưng vòng lặp, không đọc được. Hãy xóa hoặc sửa liên kết này "
                          "trong thư mục --extra.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CorpusError(f"\"{shown}\" là liên kết tượng trưng vòng lặp, không đọc được. Hãy xóa hoặc sửa liên kết "
                              "này trong thư mục --extra.") from None
        log.warning("Bỏ qua trang hỏi đáp %s: %s.", shown, "liên kết trỏ tới tệp không tồn tại"
                    if entry.is_symlink() else exc.strerror)
        return None
    if entry.is_symlink() and os.path.commonpath([root, target]) != str(root):
        log.warning("Bỏ qua trang hỏi đáp %s: liên kết trỏ ra ngoài thư mục --extra (%s), không đi theo.", shown, target)
        return None
    try:
        info = os.stat(target)  # never open before knowing it is a regular file: a FIFO would block forever
    except OSError as exc:
        log.warning("Bỏ qua trang hỏi đáp %s: %s.", shown, exc.strerror)
        return None
    if stat.S_ISDIR(info.st_mode):
        raise CorpusError(f"\"{shown}\" là một thư mục, không phải trang hỏi đáp. Hãy đổi tên hoặc chuyển nó ra khỏi "
                          "thư mục --extra.")
    if not stat.S_ISREG(info.st_mode):
        log.warning("Bỏ qua trang hỏi đáp %s: không phải tệp thường (FIFO, socket hoặc thiết bị).", shown)
        return None
    if info.st_size > max_bytes:
        log.warning("Bỏ qua trang hỏi đáp %s: %.1f MB, quá giới hạn %.0f MB mỗi trang.", shown,
                    info.st_size / 1e6, max_bytes / 1e6)
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        log.warning("Bỏ qua trang hỏi đáp %s: %s.", shown, exc.strerror)
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between stat and open
            log.warning("Bỏ qua trang hỏi đáp %s: không phải tệp thường.", shown)
            return None
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew after stat
        log.warning("Bỏ qua trang hỏi đáp %s: quá giới hạn %.0f MB mỗi trang.", shown, max_bytes / 1e6)
        return None
    return data.decode("utf-8", errors="replace")


def read_qa_dir(folder: Path, max_bytes: int = MAX_PAGE_BYTES) -> list[QaBlock]:
    """Blocks of every .md/.txt page directly in ``folder`` (README.md excepted), read as described above."""
    root = _extra_root(Path(folder))
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        raise CorpusError(f"Không liệt kê được thư mục \"{folder}\" (--extra): {exc.strerror}.") from None
    blocks: list[QaBlock] = []
    for entry in entries:
        if Path(entry.name).suffix.lower() not in PAGE_SUFFIXES or entry.name.lower() == "readme.md":
            continue
        text = _read_page(root, entry, max_bytes)
        if text is not None:
            blocks += parse_qa_page(text, source=entry.name)
    return blocks


def _duration(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes // 60} giờ {minutes % 60} phút" if minutes >= 60 else f"{minutes} phút"


def _thousands(n: int) -> str:
    return f"{n:_}".replace("_", ".")


def extra_chunks_warning(count: int) -> str | None:
    """A warning when the extra pages add more than ``MAX_EXTRA_CHUNKS`` chunks, with the embedding time."""
    if count <= MAX_EXTRA_CHUNKS:
        return None
    return (f"Các trang hỏi đáp thêm (--extra) tạo {_thousands(count)} đoạn (nhiều hơn {_thousands(MAX_EXTRA_CHUNKS)}): "
            f"embedding lần đầu ước tính mất khoảng {_duration(count / EMBED_CHUNKS_PER_SECOND)} trên 2 nhân CPU (đoạn "
            "đã có trong bộ đệm không phải tính lại). Nhấn Ctrl+C để dừng nếu không muốn chờ; chỉ mục đang dùng không "
            "bị ảnh hưởng.")
