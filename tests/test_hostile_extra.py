"""`dancu ingest --extra DIR` on hostile input (issue #13, failure 7): every try of the red-team run replayed.

A missing folder, a file, a directory named ``x.md``, a symlink loop: a Vietnamese error, exit 1, no traceback.
A FIFO named ``*.md`` is skipped without being opened; a symlink to ``/dev/zero`` (or anywhere outside the folder)
is not followed; a page over the size limit is skipped with a warning; many extra chunks give a warning with the
estimated embedding time.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.errors import CorpusError
from core.settings import Settings
from ingest import qa_pages
from ingest.qa_pages import MAX_PAGE_BYTES, extra_chunks_warning, read_qa_dir
from tests.helpers import HashEmbedder, small_corpus

PROJECT = Path(__file__).resolve().parents[1]
PAGE = """# Hỏi đáp về kết nối

**Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì có được lấy thông tin riêng tư không?**

Căn cứ khoản 2 Điều 3 Thông tư 46/2022/TT-BCA quy định nguyên tắc kết nối.

Như vậy, không được xâm phạm đời sống riêng tư.
"""


def page(i: int) -> str:
    return PAGE.replace("có được lấy", f"(trường hợp {i}) có được lấy")


@pytest.fixture
def extra(tmp_path: Path) -> Path:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "trang-1.md").write_text(PAGE, encoding="utf-8")
    return folder


def cli_ingest(tmp_path: Path, *extra_args: str) -> subprocess.CompletedProcess:
    corpus = small_corpus(tmp_path / "corpus")
    env = {**os.environ, "DANCU_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([sys.executable, "-m", "dancu.cli", "ingest", "--quiet", "--corpus", str(corpus), *extra_args],
                          env=env, cwd=PROJECT, capture_output=True, text=True, timeout=120)


def assert_clean_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("Lỗi: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


# -- clear errors, exit 1 --------------------------------------------------------------------------------------
def test_a_missing_folder(tmp_path: Path) -> None:
    assert_clean_error(cli_ingest(tmp_path, "--extra", str(tmp_path / "khong-co")), "Không tìm thấy thư mục trang hỏi đáp")


def test_a_file_instead_of_a_folder(tmp_path: Path, extra: Path) -> None:
    assert_clean_error(cli_ingest(tmp_path, "--extra", str(extra / "trang-1.md")), "là một tệp, không phải thư mục",
                       f"(ví dụ: --extra {extra})")


def test_a_directory_named_like_a_page(tmp_path: Path, extra: Path) -> None:
    (extra / "x.md").mkdir()
    assert_clean_error(cli_ingest(tmp_path, "--extra", str(extra)), "x.md", "là một thư mục, không phải trang hỏi đáp")


def test_a_symlink_loop_as_the_folder(tmp_path: Path) -> None:
    loop = tmp_path / "vong"
    loop.symlink_to(loop)
    assert_clean_error(cli_ingest(tmp_path, "--extra", str(loop)), "vòng lặp")


def test_a_symlink_loop_inside_the_folder(tmp_path: Path, extra: Path) -> None:
    (extra / "a.md").symlink_to(extra / "b.md")
    (extra / "b.md").symlink_to(extra / "a.md")
    assert_clean_error(cli_ingest(tmp_path, "--extra", str(extra)), "a.md", "vòng lặp")


def test_a_path_through_a_file(tmp_path: Path, extra: Path) -> None:
    with pytest.raises(CorpusError, match="đi qua một tệp"):
        read_qa_dir(extra / "trang-1.md" / "con")


def test_a_folder_named_x_md_given_as_the_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "x.md"
    folder.mkdir()
    (folder / "trang.md").write_text(PAGE, encoding="utf-8")
    assert len(read_qa_dir(folder)) == 1


# -- skipped, never opened / followed ------------------------------------------------------------------------------
def read_with_timeout(folder: Path, seconds: float = 20.0):
    """read_qa_dir in a daemon thread: a blocking open of a FIFO fails the test instead of hanging it."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["blocks"] = read_qa_dir(folder)
        except BaseException as exc:  # reported below
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "read_qa_dir blocked (opened a FIFO or an endless file?)"
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["blocks"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_md_is_skipped_without_opening_it(extra: Path, caplog) -> None:
    os.mkfifo(extra / "treo.md")
    os.symlink(extra / "treo.md", extra / "lien-ket-toi-fifo.md")  # inside the folder, to a FIFO
    with caplog.at_level(logging.WARNING, logger="ingest.qa_pages"):
        blocks = read_with_timeout(extra)
    assert [b.source for b in blocks] == ["trang-1.md"]
    assert "treo.md: không phải tệp thường" in caplog.text
    assert "lien-ket-toi-fifo.md: không phải tệp thường" in caplog.text


def test_symlinks_outside_the_folder_are_not_followed(tmp_path: Path, extra: Path, caplog) -> None:
    outside = tmp_path / "ngoai.md"
    outside.write_text(page(2), encoding="utf-8")
    (extra / "zero.md").symlink_to("/dev/zero")
    (extra / "ngoai.md").symlink_to(outside)
    (extra / "thoat.md").symlink_to(Path("..") / "ngoai.md")  # relative, climbing out
    (extra / "trong.md").symlink_to("trang-1.md")  # inside: followed
    with caplog.at_level(logging.WARNING, logger="ingest.qa_pages"):
        blocks = read_with_timeout(extra)
    assert sorted(b.source for b in blocks) == ["trang-1.md", "trong.md"]
    for name in ("zero.md", "ngoai.md", "thoat.md"):
        assert f"{name}: liên kết trỏ ra ngoài thư mục --extra" in caplog.text


def test_a_broken_symlink_is_skipped(extra: Path, caplog) -> None:
    (extra / "hong.md").symlink_to(extra / "khong-ton-tai.md")
    with caplog.at_level(logging.WARNING, logger="ingest.qa_pages"):
        assert [b.source for b in read_qa_dir(extra)] == ["trang-1.md"]
    assert "hong.md: liên kết trỏ tới tệp không tồn tại" in caplog.text


def test_a_page_over_the_size_limit_is_skipped_with_a_warning(extra: Path, caplog) -> None:
    assert MAX_PAGE_BYTES == 2 * 1024 * 1024
    big = extra / "lon.md"
    big.write_text(page(3) + "x" * MAX_PAGE_BYTES, encoding="utf-8")
    (extra / "vua.md").write_text(page(4) + "x" * (MAX_PAGE_BYTES - len(page(4).encode()) - 100), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ingest.qa_pages"):
        blocks = read_qa_dir(extra)
    assert sorted(b.source for b in blocks) == ["trang-1.md", "vua.md"]
    assert "lon.md: 2.1 MB, quá giới hạn 2 MB mỗi trang" in caplog.text


def test_other_entries_are_ignored_as_before(extra: Path) -> None:
    (extra / "README.md").write_text(page(5), encoding="utf-8")
    (extra / "anh.png").write_bytes(b"\x89PNG")
    (extra / "thu-muc-con").mkdir()
    (extra / "ghi-chu.TXT").write_text(page(6), encoding="utf-8")
    assert sorted(b.source for b in read_qa_dir(extra)) == ["ghi-chu.TXT", "trang-1.md"]


# -- many chunks: a warning with the embedding time -------------------------------------------------------------------
def test_the_chunk_warning_states_the_estimated_embedding_time() -> None:
    assert extra_chunks_warning(5_000) is None
    message = extra_chunks_warning(181_000)
    assert message.startswith("Các trang hỏi đáp thêm (--extra) tạo 181.000 đoạn (nhiều hơn 5.000)")
    assert "ước tính mất khoảng 4 giờ 1 phút" in message
    assert "ước tính mất khoảng 7 phút" in extra_chunks_warning(5_001)


def test_ingest_warns_when_extra_pages_add_too_many_chunks(tmp_path: Path, monkeypatch, caplog) -> None:
    from ingest.pipeline import run_ingest

    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "nhieu.md").write_text("\n".join(page(i) for i in range(12)), encoding="utf-8")
    monkeypatch.setattr(qa_pages, "MAX_EXTRA_CHUNKS", 10)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus(tmp_path / "corpus"), extra_dirs=(folder,))
    with caplog.at_level(logging.WARNING):
        run_ingest(settings, embedder=HashEmbedder())
    assert "tạo 12 đoạn (nhiều hơn 10)" in caplog.text and "ước tính mất khoảng" in caplog.text


def test_ingest_of_a_hostile_folder_keeps_the_good_pages(tmp_path: Path, extra: Path) -> None:
    from bot.index import load_index
    from ingest.pipeline import run_ingest

    if hasattr(os, "mkfifo"):
        os.mkfifo(extra / "treo.md")
    (extra / "zero.md").symlink_to("/dev/zero")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus(tmp_path / "corpus"), extra_dirs=(extra,))
    run_ingest(settings, embedder=HashEmbedder())
    external = [c for c in load_index(settings).chunks if c.kind == "faq_external"]
    assert [(c.source, c.so_hieu, c.article) for c in external] == [("trang-1.md", "46/2022/TT-BCA", 3)]
