"""Reports of an evaluation run: ``metrics.json``, ``report.md`` and a self-contained ``report.html``
(tables + inline base64 PNG plots). Every table puts ours beside the naive baseline and the questions as
written beside the same questions without diacritics. Also ``compare`` for two metrics.json files.
The HTML comes from the Jinja2 templates in evals/templates, which escape every value they are given.
"""

from __future__ import annotations

import base64
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from evals import plots
from evals.metrics import BY_TYPE_METRICS, QuestionScore
from evals.runner import EvalResult, Record, write_answers

RUN_ORDER = ("ours/accented", "ours/unaccented", "naive/accented", "naive/unaccented")
RUN_LABEL = {"ours/accented": "Ours · có dấu", "ours/unaccented": "Ours · không dấu",
             "naive/accented": "Naive · có dấu", "naive/unaccented": "Naive · không dấu"}
# (key, label, target)
SUMMARY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("recall@1", "recall@1", ""),
    ("recall@3", "recall@3", ""),
    ("recall@5", "recall@5", "≥ 0.95"),
    ("recall@10", "recall@10", ""),
    ("mrr@10", "MRR@10", "≥ 0.85"),
    ("ndcg@10", "nDCG@10", ""),
    ("clause_recall@5", "recall@5 mức khoản", ""),
    ("clause_mrr@10", "MRR@10 mức khoản", ""),
    ("cited_precision", "điều được dẫn: precision", "≥ 0.98"),
    ("cited_recall", "điều được dẫn: recall", ""),
    ("clause_citation_accuracy", "dẫn đúng khoản", ""),
    ("fact_coverage", "độ phủ ý chính (facts)", ""),
    ("conclusion_fact_coverage", "ý chính nêu ngay trong kết luận (conclusion_facts)", "≥ 0.90"),
    ("conclusions_with_ellipsis", "kết luận có dấu lược “…”", "0"),
    ("conclusions_with_empty_item", "kết luận có mục liệt kê rỗng", "0"),
    ("conclusions_with_dangling_colon", "kết luận có “: .” treo", "0"),
    ("refusal_accuracy", "từ chối đúng (refusal accuracy)", "≥ 0.95"),
    ("false_refusal_rate", "từ chối nhầm câu trả lời được", ""),
    ("missed_refusal_rate", "trả lời câu lẽ ra phải từ chối", ""),
    ("quote_verification", "trích dẫn đúng nguyên văn", ""),
    ("latency_p50_ms", "độ trễ p50 (ms)", ""),
    ("latency_p95_ms", "độ trễ p95 (ms)", ""),
)
COUNT_ROWS = (("n_questions", "số câu"), ("n_retrieval", "câu có đáp án (truy hồi)"),
              ("n_clause_gold", "câu có đáp án mức khoản"), ("n_unanswerable", "câu phải từ chối"),
              ("n_quotes", "số trích dẫn"), ("errors", "lỗi"))
TYPE_TITLES = {"recall@5": "recall@5 theo loại câu hỏi", "mrr@10": "MRR@10 theo loại câu hỏi",
               "cited_precision": "Precision điều được dẫn theo loại", "cited_recall": "Recall điều được dẫn theo loại",
               "fact_coverage": "Độ phủ ý chính theo loại", "refusal_accuracy": "Từ chối đúng theo loại",
               "conclusion_fact_coverage": "Ý chính trong kết luận theo loại"}


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    numeric_from: int = 1  # columns from here on are right-aligned


def fmt(value: Any, key: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}" if key.endswith("_ms") else f"{value:.3f}"
    return str(value)


# -- metrics.json ----------------------------------------------------------------------------
def failure_reasons(score: QuestionScore) -> list[str]:
    reasons = []
    if score.error:
        reasons.append(f"lỗi: {score.error}")
    if score.answerable:
        if score.refused:
            reasons.append("từ chối câu trả lời được")
        if score.recall is not None and not score.recall[5]:
            reasons.append("không có điều đúng trong top 5")
        if not score.refused and score.cited_recall == 0:
            reasons.append("không dẫn điều nào đúng")
        elif not score.refused and score.cited_precision is not None and score.cited_precision < 1:
            reasons.append("dẫn thêm điều ngoài đáp án")
        if not score.refused and score.fact_coverage is not None and score.fact_coverage < 0.5:
            reasons.append(f"thiếu ý chính ({score.fact_coverage:.2f})")
        if not score.refused and score.conclusion_fact_coverage is not None and score.conclusion_fact_coverage < 0.5:
            reasons.append(f"kết luận thiếu ý chính ({score.conclusion_fact_coverage:.2f})")
    elif not score.refused:
        reasons.append("lẽ ra phải từ chối")
    if score.conclusion_defects:
        reasons.append("kết luận lỗi: " + ", ".join(score.conclusion_defects))
    return reasons


def _failure(run: str, record: Record) -> dict[str, Any] | None:
    reasons = failure_reasons(record.score)
    if not reasons:
        return None
    q, out = record.question, record.output
    gold_articles = q.gold_articles
    return {
        "run": run,
        "id": q.id,
        "type": q.type,
        "question": q.question,
        "gold": [g.label() for g in q.gold],
        "retrieved": [("✓ " if any((k[0], k[1]) in gold_articles for k in r.covers) else "") + r.label
                      for r in out.retrieved[:5]],
        "cited": list(dict.fromkeys(c.label for c in out.citations)),
        "refused": out.refused,
        "answer": " ".join(out.answer.split())[:240],
        "reasons": reasons,
    }


def build_metrics(result: EvalResult, human: dict[str, Any] | None = None) -> dict[str, Any]:
    runs = [r for r in RUN_ORDER if r in result.runs] + [r for r in result.runs if r not in RUN_ORDER]
    failures = [f for run in runs if run.startswith("ours/") for rec in result.runs[run] if (f := _failure(run, rec))]
    return {
        "meta": result.meta,
        "runs": {run: {"summary": result.summary(run), "by_type": result.by_type(run)} for run in runs},
        "questions": {run: [rec.score.to_dict() for rec in result.runs[run]] for run in runs},
        "failures": failures,
        "human": human or {"n": 0},
    }


# -- tables ----------------------------------------------------------------------------------
def _runs(metrics: dict[str, Any]) -> list[str]:
    return list(metrics["runs"])


def summary_table(metrics: dict[str, Any]) -> Table:
    runs = _runs(metrics)
    headers = ["chỉ số"] + [RUN_LABEL.get(r, r) for r in runs]
    show_delta = "ours/accented" in runs and "ours/unaccented" in runs
    if show_delta:
        headers.append("Δ không dấu (ours)")
    headers.append("mục tiêu")
    rows = []
    for key, label, target in SUMMARY_ROWS:
        values = [metrics["runs"][r]["summary"].get(key) for r in runs]
        row = [label] + [fmt(v, key) for v in values]
        if show_delta:
            a = metrics["runs"]["ours/accented"]["summary"].get(key)
            u = metrics["runs"]["ours/unaccented"]["summary"].get(key)
            row.append(fmt(u - a, key) if a is not None and u is not None else "–")
        rows.append(row + [target])
    human = metrics.get("human") or {}
    if human.get("n") and "ours/accented" in runs:
        # the graded accuracy beside the automatic metrics, in the column of the run that was graded
        for label, value in ((f"chấm như luật sư: đúng ({human['n']} câu)", human["human_strict_accuracy"]),
                             ("chấm như luật sư: một phần = 0.5", human["human_accuracy"])):
            row = [label] + [fmt(value) if r == "ours/accented" else "–" for r in runs]
            rows.append(row + ([""] if show_delta else []) + [""])
    for key, label in COUNT_ROWS:
        row = [label] + [fmt(metrics["runs"][r]["summary"].get(key)) for r in runs]
        rows.append(row + ([""] if show_delta else []) + [""])
    return Table("Tóm tắt: ours so với naive, có dấu và không dấu", headers, rows,
                 "“có dấu” = câu hỏi như trong bộ dữ liệu (gồm cả các câu vốn gõ không dấu); “không dấu” = cùng câu "
                 "hỏi đã bỏ dấu. Δ = không dấu − có dấu (mục tiêu: trong ±0.03).")


def by_type_tables(metrics: dict[str, Any]) -> list[Table]:
    runs = _runs(metrics)
    types = sorted({t for r in runs for t in metrics["runs"][r]["by_type"]})
    tables = []
    for key in BY_TYPE_METRICS:
        rows = []
        for t in types:
            n = metrics["runs"][runs[0]]["by_type"].get(t, {}).get("n", 0)
            rows.append([t, str(n)] + [fmt(metrics["runs"][r]["by_type"].get(t, {}).get(key)) for r in runs])
        tables.append(Table(TYPE_TITLES.get(key, key), ["loại", "n"] + [RUN_LABEL.get(r, r) for r in runs], rows))
    return tables


def human_table(metrics: dict[str, Any]) -> Table | None:
    human = metrics.get("human") or {}
    if not human.get("n"):
        return None
    ours = metrics["runs"].get("ours/accented", {}).get("summary", {})
    rows = [
        ["số câu đã chấm", str(human["n"])],
        ["người chấm", ", ".join(human.get("evaluators", []))],
        ["đúng / một phần / sai", f"{human['correct']} / {human['partly']} / {human['wrong']}"],
        ["độ chính xác theo người chấm (một phần = 0.5)", fmt(human["human_accuracy"])],
        ["độ chính xác theo người chấm (chỉ tính đúng)", fmt(human["human_strict_accuracy"])],
        ["độ chính xác tự động trên cùng các câu", fmt(human["auto_accuracy_same_questions"])],
        ["tỉ lệ đồng thuận người–máy (bỏ câu “một phần”)", fmt(human.get("agreement"))],
        ["điểm chấm cho bản trả lời cũ (đã đổi)", str(human.get("stale", 0))],
        ["(tự động, cả bộ) recall@5 / precision điều dẫn / từ chối đúng",
         f"{fmt(ours.get('recall@5'))} / {fmt(ours.get('cited_precision'))} / {fmt(ours.get('refusal_accuracy'))}"],
    ]
    return Table("Chấm điểm của người đánh giá (Ours · có dấu) bên cạnh chỉ số tự động", ["", "giá trị"], rows,
                 "Phán quyết tự động: câu trả lời được → có trả lời, dẫn ít nhất một điều đúng và có ≥ 50% ý chính; "
                 "câu phải từ chối → đã từ chối.")


def disagreement_table(metrics: dict[str, Any]) -> Table | None:
    items = (metrics.get("human") or {}).get("disagreements") or []
    if not items:
        return None
    rows = [[d["id"], d["question"], d["human"], "đạt" if d["auto_ok"] else "không đạt", d["evaluator"], d["note"]]
            for d in items]
    return Table("Chỗ người chấm và chỉ số tự động không đồng ý",
                 ["id", "câu hỏi", "người chấm", "tự động", "người chấm", "ghi chú"], rows, numeric_from=99)


def failures_table(metrics: dict[str, Any]) -> Table:
    rows = [[f["id"], f["run"].split("/")[1], f["type"], f["question"], "; ".join(f["gold"]) or "(từ chối)",
             "; ".join(f["retrieved"][:3]), "; ".join(f["cited"]) or ("(từ chối)" if f["refused"] else "–"),
             "; ".join(f["reasons"])] for f in metrics["failures"]]
    return Table(f"Các câu trả lời chưa đạt của ours ({len(rows)})",
                 ["id", "biến thể", "loại", "câu hỏi", "đáp án", "top 3 truy hồi", "đã dẫn", "lý do"], rows,
                 "✓ = đoạn truy hồi thuộc một điều đáp án. Câu trả lời của naive có trong answers.jsonl.", numeric_from=99)


def compare_table(a: dict[str, Any], b: dict[str, Any], name_a: str = "A", name_b: str = "B") -> Table:
    rows = []
    for run in [r for r in a["runs"] if r in b["runs"]]:
        sa, sb = a["runs"][run]["summary"], b["runs"][run]["summary"]
        for key, label, _ in SUMMARY_ROWS:
            va, vb = sa.get(key), sb.get(key)
            if va is None and vb is None:
                continue
            delta = fmt(vb - va, key) if va is not None and vb is not None else "–"
            if delta not in ("–",) and not delta.startswith("-"):
                delta = "+" + delta
            rows.append([RUN_LABEL.get(run, run), label, fmt(va, key), fmt(vb, key), delta])
    return Table(f"So sánh {name_a} → {name_b}", ["lượt chạy", "chỉ số", name_a, name_b, "Δ"], rows, numeric_from=2)


# -- rendering -------------------------------------------------------------------------------
def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(table: Table) -> str:
    lines = [f"### {table.title}", ""]
    lines.append("| " + " | ".join(_md_cell(h) for h in table.headers) + " |")
    lines.append("|" + "|".join("---:" if i >= table.numeric_from else "---" for i in range(len(table.headers))) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
    if table.note:
        lines += ["", table.note]
    return "\n".join(lines) + "\n"


@functools.cache
def _templates() -> Environment:
    """The HTML templates of evals/templates, autoescaped; built on first use, once per process."""
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )


def table_html(table: Table) -> str:
    return _templates().get_template("table.html").render(table=table)


PLOT_TITLES = {"recall": "Recall@k", "types": "Theo loại câu hỏi", "latency": "Độ trễ"}


def make_plots(metrics: dict[str, Any]) -> dict[str, bytes]:
    runs = _runs(metrics)
    latencies = {r: [q["latency_ms"] for q in metrics["questions"][r] if not q.get("error")] for r in runs}
    return {
        "recall": plots.recall_curves({r: metrics["runs"][r]["summary"]["recall_curve"] for r in runs}),
        "types": plots.per_type_bars({r: metrics["runs"][r]["by_type"] for r in runs},
                                     [("recall@5", "recall@5 (câu có đáp án)"),
                                      ("cited_recall", "recall điều được dẫn (câu có đáp án)"),
                                      ("refusal_accuracy", "từ chối đúng (mọi câu)")]),
        "latency": plots.latency_histogram(latencies),
    }


def _header(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    m = metrics["meta"]
    return [("Bộ câu hỏi", f"{m.get('dataset')} ({m.get('questions')} câu)"), ("Thời điểm", str(m.get("created"))),
            ("Mô hình embedding", str(m.get("embedder"))), ("Chỉ mục", str(m.get("index_generation"))),
            ("Commit", str(m.get("commit")) + (f" + thay đổi chưa commit: {', '.join(m['uncommitted_changes'])}"
                                               if m.get("uncommitted_changes") else "")), ("LLM", str(m.get("llm") or "không (trích xuất)")),
            ("Naive", json.dumps(m.get("naive"), ensure_ascii=False) if m.get("naive") else "không chạy"),
            ("Thời gian chạy", f"{m.get('seconds')} s")]


def render_markdown(metrics: dict[str, Any], plot_files: dict[str, str]) -> str:
    parts = ["# Báo cáo đánh giá dancu-qa", ""]
    parts += [f"- **{k}:** {v}" for k, v in _header(metrics)] + [""]
    parts.append(table_markdown(summary_table(metrics)))
    parts += [f"![{PLOT_TITLES.get(k, k)}]({v})\n" for k, v in plot_files.items()]
    parts.append("## Theo loại câu hỏi\n")
    parts += [table_markdown(t) for t in by_type_tables(metrics)]
    parts.append("## Chấm điểm của người\n")
    human = human_table(metrics)
    parts.append(table_markdown(human) if human else "Chưa có điểm chấm nào cho bộ câu hỏi này "
                 "(chấm bằng `dancu eval score --dataset …`).\n")
    if (dis := disagreement_table(metrics)) is not None:
        parts.append(table_markdown(dis))
    parts.append("## Câu chưa đạt\n")
    parts.append(table_markdown(failures_table(metrics)))
    parts.append(DEFINITIONS)
    return "\n".join(parts)


def render_html(metrics: dict[str, Any], images: dict[str, bytes]) -> str:
    """The self-contained report.html (templates/report.html, which also holds the CSS)."""
    return _templates().get_template("report.html").render(
        header=_header(metrics),
        summary=summary_table(metrics),
        images=[{"alt": PLOT_TITLES.get(key, key), "data": base64.b64encode(png).decode("ascii")}
                for key, png in images.items()],
        by_type=by_type_tables(metrics),
        human=human_table(metrics),
        disagreements=disagreement_table(metrics),
        failures=failures_table(metrics),
        definitions=DEFINITIONS,
    )


DEFINITIONS = """## Định nghĩa các chỉ số

- Truy hồi (câu có đáp án): một đoạn là *trúng mức điều* khi thuộc cùng số hiệu và điều với một mục đáp án
  (đoạn hỏi đáp FAQ trúng mọi điều nó dẫn trong `cites`); *trúng mức khoản* còn cần đúng khoản khi đáp án nêu khoản
  (đoạn chứa cả điều thì khớp mọi khoản). recall@k = có đoạn trúng trong k đoạn đầu; MRR@10 = 1/thứ hạng đoạn trúng
  đầu tiên; nDCG@10 = lợi ích 1 ở thứ hạng lần đầu gặp một điều đáp án mới.
- Precision điều được dẫn: số điều dẫn đúng / số điều đã dẫn (câu có đáp án, có trả lời). Recall điều được dẫn:
  số điều đáp án được dẫn / số điều đáp án (từ chối = 0). Dẫn đúng khoản: tỉ lệ mục đáp án có khoản được dẫn đúng
  khoản đó. Độ phủ ý chính: tỉ lệ `facts` có trong câu trả lời (bỏ qua hoa thường, dấu câu, khoảng trắng).
- Ý chính trong kết luận: tỉ lệ `conclusion_facts` có trong riêng phần kết luận (cùng cách so khớp; "Có"/"Không"
  phải là chữ đầu tiên của kết luận), trên các câu có đáp án có `conclusion_facts` (từ chối = 0; naive không có
  kết luận nên không tính). Lỗi kết luận: số câu trả lời có kết luận chứa "…"/"...", mục liệt kê rỗng ("(2) ;")
  hoặc dấu ":" treo (": ."); mục tiêu 0.
- Từ chối đúng: từ chối ⇔ answerable = false. Trích dẫn đúng nguyên văn: trích dẫn có trong văn bản của điều được dẫn.
- Naive: LangChain RecursiveCharacterTextSplitter 1000/200 trên chính các tệp kho văn bản, cùng mô hình embedding,
  Chroma similarity top-k; trả lời = đoạn đầu tiên; dẫn = điều chứa phần lớn đoạn đó; không bao giờ từ chối.
"""


def write_reports(result: EvalResult, out_dir: Path, human: dict[str, Any] | None = None) -> dict[str, Path]:
    out_dir = Path(out_dir)
    (out_dir / "plots").mkdir(parents=True, exist_ok=True)
    metrics = build_metrics(result, human)
    images = make_plots(metrics)
    plot_files = {}
    for key, png in images.items():
        path = out_dir / "plots" / f"{key}.png"
        path.write_bytes(png)
        plot_files[key] = f"plots/{key}.png"
    paths = {"metrics": out_dir / "metrics.json", "markdown": out_dir / "report.md", "html": out_dir / "report.html",
             "answers": out_dir / "answers.jsonl"}
    paths["metrics"].write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["markdown"].write_text(render_markdown(metrics, plot_files), encoding="utf-8")
    paths["html"].write_text(render_html(metrics, images), encoding="utf-8")
    write_answers(result, paths["answers"])
    return paths


def load_metrics(path: Path) -> dict[str, Any]:
    from core.errors import UserError

    path = Path(path)
    if path.is_dir():
        path = path / "metrics.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy {path}") from None
    except (OSError, ValueError) as exc:
        raise UserError(f"{path} không phải metrics.json hợp lệ ({exc})") from None
    if not isinstance(data, dict) or "runs" not in data:
        raise UserError(f"{path} không phải metrics.json của dancu eval (thiếu 'runs').")
    return data
