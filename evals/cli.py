"""`dancu eval`: run an evaluation, build a dataset from Q&A pages, compare two runs, score answers by hand.

    dancu eval --dataset FILE [--out DIR] [--baseline naive|none] [--no-unaccented] [--limit N]
    dancu eval build-from-faq DIR -o FILE [--keep-missing]
    dancu eval compare A/metrics.json B/metrics.json
    dancu eval score --dataset FILE [--evaluator NAME] [--answers DIR/answers.jsonl]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from core.errors import UserError
from core.settings import Settings

ACTIONS = ("run", "build-from-faq", "compare", "score")


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Đánh giá trợ lý trên một bộ câu hỏi JSONL (ours so với naive, có dấu và không dấu), "
                          "dựng bộ câu hỏi từ trang hỏi đáp, so sánh hai lần chạy, chấm điểm bằng tay.")
    parser.add_argument("action", nargs="?", default="run", choices=ACTIONS,
                        help="run (mặc định): chạy đánh giá; build-from-faq DIR: dựng bộ câu hỏi từ trang hỏi đáp; "
                             "compare A B: so sánh hai metrics.json; score: chấm điểm câu trả lời bằng tay")
    parser.add_argument("paths", nargs="*", help="build-from-faq: thư mục (hoặc tệp) trang hỏi đáp; "
                                                 "compare: hai tệp metrics.json (hoặc thư mục chứa chúng)")
    parser.add_argument("--dataset", type=Path, metavar="FILE", help="tệp JSONL câu hỏi (định dạng trong CONTRACT.md)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="thư mục ghi metrics.json, report.md, report.html "
                                                 "(mặc định reports/eval-<bộ>-<thời điểm>)")
    parser.add_argument("--baseline", choices=["naive", "none"], default="naive",
                        help="chạy kèm baseline naive (LangChain RAG đơn giản) để so sánh (mặc định naive)")
    parser.add_argument("--unaccented", action=argparse.BooleanOptionalAction, default=True,
                        help="chạy thêm biến thể bỏ dấu của mọi câu hỏi (mặc định bật; --no-unaccented để tắt)")
    parser.add_argument("--limit", type=int, metavar="N", help="chỉ dùng N câu đầu của bộ câu hỏi")
    parser.add_argument("--split", choices=["train", "validation", "test"],
                        help="chỉ dùng các câu hỏi thuộc phần train / validation / test (chia theo trang, evals/data/faq_split.json)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="build-from-faq: tệp JSONL kết quả (không commit tệp này)")
    parser.add_argument("--keep-missing", action="store_true",
                        help="build-from-faq: giữ cả câu dẫn điều mà kho văn bản không có")
    parser.add_argument("--evaluator", default=os.environ.get("DANCU_EVALUATOR"), metavar="NAME",
                        help="score: tên người chấm ($DANCU_EVALUATOR)")
    parser.add_argument("--answers", type=Path, metavar="FILE",
                        help="score: đọc câu trả lời từ answers.jsonl của một lần chạy thay vì hỏi trợ lý")
    parser.add_argument("--rescore", action="store_true", help="score: chấm lại cả câu mình đã chấm")
    parser.add_argument("--import", dest="import_file", type=Path, metavar="FILE",
                        help="score: nạp điểm chấm đã lưu thành dữ liệu (evals/data/grades-*.jsonl) vào kho điểm, "
                             "kèm câu trả lời được chấm từ --answers")
    parser.add_argument("--build", metavar="NAME", help="score --import: chỉ nạp lượt chấm của bản dựng này "
                                                        "(mặc định lượt chấm mới nhất trong tệp)")


def run_eval_command(args: argparse.Namespace, settings: Settings) -> int:
    action = getattr(args, "action", "run") or "run"
    handler = {"run": _run, "build-from-faq": _build, "compare": _compare, "score": _score}[action]
    return handler(args, settings)


def _need_dataset(args: argparse.Namespace):
    from evals.dataset import load_dataset

    if args.dataset is None:
        raise UserError("Thiếu --dataset: hãy chỉ tệp JSONL câu hỏi, ví dụ --dataset evals/data/dev.jsonl")
    if args.limit is not None and args.limit <= 0:
        raise UserError(f"--limit phải lớn hơn 0 (nhận được {args.limit}).")
    dataset = load_dataset(args.dataset)
    if getattr(args, "split", None):
        from evals.splits import select

        dataset = select(dataset, args.split)
    return dataset.limit(args.limit)


def _no_paths(args: argparse.Namespace, action: str) -> None:
    if args.paths:
        raise UserError(f"'{action}' không nhận đối số vị trí (thừa: {' '.join(args.paths)}).")


def _tqdm(run: str, total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc=run, unit="câu", file=sys.stderr, dynamic_ncols=True)


# -- run ---------------------------------------------------------------------------------------
def _human_summary(settings: Settings, dataset_name: str, result: Any) -> dict[str, Any] | None:
    from evals.scoring import ScoreStore, summarise_human

    store = ScoreStore.for_settings(settings)
    try:
        scores = store.latest(dataset_name)
    finally:
        store.close()
    records = result.runs.get("ours/accented", [])
    auto = {r.question.id: r.score.auto_ok for r in records}
    answers = {r.question.id: r.output.answer for r in records}
    return summarise_human(scores, auto, answers)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from evals.report import summary_table, table_markdown, write_reports, build_metrics
    from evals.runner import run_eval

    _no_paths(args, "run")
    dataset = _need_dataset(args)
    out = args.out or Path("reports") / f"eval-{Path(dataset.name).stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    baseline = None if args.baseline == "none" else args.baseline
    print(f"Đánh giá {len(dataset)} câu của {dataset.name}"
          f"{' (kèm naive)' if baseline else ''}{' (có dấu và không dấu)' if args.unaccented else ''}…", file=sys.stderr)
    result = run_eval(dataset, settings, baseline=baseline, unaccented=args.unaccented, progress=_tqdm)
    human = _human_summary(settings, dataset.name, result)
    paths = write_reports(result, out, human)
    print(table_markdown(summary_table(build_metrics(result, human))))
    print("Đã ghi: " + ", ".join(str(p) for p in paths.values()), file=sys.stderr)
    return 0


# -- build-from-faq ---------------------------------------------------------------------------
def _build(args: argparse.Namespace, settings: Settings) -> int:
    from evals.dataset import write_dataset
    from evals.faq_builder import build_questions, corpus_article_text, read_pages

    if len(args.paths) != 1:
        raise UserError("Cách dùng: dancu eval build-from-faq THƯ_MỤC -o TỆP.jsonl")
    if args.output is None:
        raise UserError("Thiếu -o TỆP.jsonl (nơi ghi bộ câu hỏi; đừng commit tệp này vì nội dung của bên thứ ba).")
    folder = Path(args.paths[0])
    if not folder.exists():
        raise UserError(f"Không tìm thấy thư mục trang hỏi đáp: {folder}")
    article_text = corpus_article_text(settings.corpus_dir)
    questions, stats = build_questions(read_pages(folder), article_text=article_text, keep_missing=args.keep_missing)
    if args.limit:
        questions = questions[: args.limit]
    if not questions:
        raise UserError(f"Không dựng được câu hỏi nào từ {folder}: {stats.describe()}")
    written = write_dataset(questions, args.output)
    print(f"{stats.describe()} Đã ghi {written} câu vào {args.output}.", file=sys.stderr)
    return 0


# -- compare ------------------------------------------------------------------------------------
def _compare(args: argparse.Namespace, settings: Settings) -> int:
    from evals.report import compare_table, load_metrics, table_markdown

    if len(args.paths) != 2:
        raise UserError("Cách dùng: dancu eval compare A/metrics.json B/metrics.json")
    a, b = (load_metrics(Path(p)) for p in args.paths)
    table = compare_table(a, b, Path(args.paths[0]).parent.name or "A", Path(args.paths[1]).parent.name or "B")
    if not table.rows:
        raise UserError("Hai tệp không có lượt chạy chung nào để so sánh.")
    print(table_markdown(table))
    return 0


# -- score --------------------------------------------------------------------------------------
def _answers_from_file(path: Path) -> dict[str, str]:
    from evals.dataset import read_json_lines

    answers: dict[str, str] = {}
    for _, record in read_json_lines(path, "không phải JSON."):
        if record.get("run", "ours/accented") == "ours/accented":
            answers[str(record["id"])] = record["output"]["answer"]
    if not answers:
        raise UserError(f"{path} không có câu trả lời nào của ours (có dấu).")
    return answers


def _score(args: argparse.Namespace, settings: Settings) -> int:
    from evals.scoring import ScoreStore, ToScore, interactive_session

    _no_paths(args, "score")
    dataset = _need_dataset(args)
    if args.import_file:
        return _import(args, settings, dataset)
    evaluator = (args.evaluator or "").strip()
    if not evaluator:
        raise UserError("Cần tên người chấm: --evaluator TÊN (hoặc đặt DANCU_EVALUATOR).")
    stored = _answers_from_file(args.answers) if args.answers else None
    service = None
    if stored is None:
        from bot import AnswerService

        service = AnswerService(settings)

    def items() -> Iterator[ToScore]:
        for q in dataset:
            if stored is not None:
                if q.id not in stored:
                    continue
                text = stored[q.id]
            else:
                try:
                    text = service.answer(q.question).answer
                except UserError as exc:
                    text = f"(lỗi: {exc})"
            expected = "; ".join(g.label() for g in q.gold) if q.answerable else "phải từ chối (ngoài phạm vi / không có căn cứ)"
            facts = f"\nÝ chính cần có: {'; '.join(q.facts)}" if q.facts else ""
            yield ToScore(q.id, q.question, text, f"Đáp án: {expected}{facts}")

    store = ScoreStore.for_settings(settings)
    try:
        saved = interactive_session(items(), store, dataset.name, evaluator, skip_scored=not args.rescore)
    finally:
        store.close()
    print(f"\nĐã lưu {saved} điểm chấm.", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, settings: Settings, dataset: Any) -> int:
    """Grades committed as data go into the score store, so `dancu eval` reports them beside the metrics."""
    from evals.scoring import ScoreStore, import_grades, latest_build, read_grades

    grades = read_grades(args.import_file)
    build = args.build or latest_build(grades)
    grades = [g for g in grades if g.build == build]
    if not grades:
        raise UserError(f"{args.import_file} không có điểm chấm nào của bản dựng '{build}'.")
    answers = _answers_from_file(args.answers) if args.answers else {}
    questions = {q.id: q.question for q in dataset}
    store = ScoreStore.for_settings(settings)
    try:
        added, kept = import_grades(grades, store, dataset.name, questions, answers)
    finally:
        store.close()
    print(f"Đã nạp {added} điểm chấm (bản dựng {build}; {kept} đã có sẵn) cho {dataset.name}.", file=sys.stderr)
    return 0
