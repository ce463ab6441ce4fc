"""`dancu bench` (placeholder arguments until the benchuation tooling lands)."""

from __future__ import annotations

import argparse

from dancu.errors import UserError
from dancu.settings import Settings


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", help="tệp JSONL câu hỏi")


def run_bench_command(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("Chức năng đo hiệu năng chưa có trong bản này.")
