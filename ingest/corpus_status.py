"""`dancu corpus status`: the documents, their status (with the date it was checked), effective dates, and
every relation with what it changed."""

from __future__ import annotations

from core.legal import LawDocument, vn_date
from ingest.corpus import Corpus


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def documents_table(corpus: Corpus) -> str:
    rows = ["| số hiệu | văn bản | hiệu lực từ | hết hiệu lực | còn hiệu lực? | kho dữ liệu giữ | tình trạng (kiểm tra ngày) |",
            "|---|---|---|---|---|---|---|"]
    for doc in corpus.laws:
        in_force = "không" if (doc.valid_to or not doc.in_force) else "có"
        rows.append(f"| {doc.so_hieu} | {_cell(doc.short_title)} | {vn_date(doc.ngay_hieu_luc)} | "
                    f"{vn_date(doc.valid_to) or '—'} | {in_force} | {'toàn văn' if not doc.is_partial else 'một phần'} | "
                    f"{_cell(doc.status)} ({vn_date(doc.status_checked) or 'chưa rõ'}) |")
    return "\n".join(rows)


def _changes(doc: LawDocument) -> list[str]:
    out = []
    for a in sorted(doc.amendments, key=lambda a: (a.effective, a.article)):
        if a.kind == "replace":
            what = (f"khoản {', '.join(map(str, a.clauses))} Điều {a.article}" if a.clauses else f"toàn bộ Điều {a.article}")
            out.append(f"| {doc.so_hieu} | được sửa đổi | {what}: lời văn mới | {a.by_label} | {vn_date(a.effective)} |")
        elif a.kind == "phrase":
            change = f"thay cụm từ “{a.old}” bằng “{a.new}”" if a.new else f"bỏ cụm từ “{a.old}”"
            out.append(f"| {doc.so_hieu} | được sửa đổi | {_cell(change)} tại {_cell(a.where)} | {a.by_label} | {vn_date(a.effective)} |")
        else:
            out.append(f"| {doc.so_hieu} | được sửa đổi | thay thế {_cell(a.where)} | {a.by_label} | {vn_date(a.effective)} |")
    return out


def relations_table(corpus: Corpus) -> str:
    rows = ["| văn bản | quan hệ | nội dung | văn bản liên quan | từ ngày |", "|---|---|---|---|---|"]
    names = {"replaced_by": "bị thay thế bởi", "replaces": "thay thế", "amended_by": "được sửa đổi bởi"}
    for doc in corpus.laws:
        for r in doc.relations:
            held = "" if r.held else " (kho không có văn bản này)"
            what = "toàn bộ văn bản" if r.kind != "amended_by" else "xem các dòng dưới" if doc.amendments else "chưa rõ điều khoản"
            rows.append(f"| {doc.so_hieu} | {names.get(r.kind, r.kind)} | {what} | {_cell(r.title or r.so_hieu)}{held} | "
                        f"{vn_date(r.effective)} |")
        rows += _changes(doc)
        for n in doc.notes:
            place = (f"khoản {n.clause} " if n.clause is not None else "") + f"Điều {n.article}"
            kind = "chính quyền hai cấp" if n.kind == "two_level_government" else "quy định chuyển tiếp hết hạn"
            rows.append(f"| {doc.so_hieu} | ghi chú | {kind}: {place} | — | {vn_date(n.effective)} |")
    return "\n".join(rows)


def status_report(corpus: Corpus) -> str:
    return ("## Văn bản\n\n" + documents_table(corpus) + "\n\n## Quan hệ và thay đổi\n\n" + relations_table(corpus) + "\n")
