"""`dancu eval` (placeholder arguments until the evaluation tooling lands)."""

from __future__ import annotations

import argparse

from dancu.errors import UserError
from dancu.settings import Settings


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", help="tệp JSONL câu hỏi")


def run_eval_command(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("Chức năng đánh giá chưa có trong bản này.")
