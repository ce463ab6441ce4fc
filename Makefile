# dancu-qa: `make install`, `make run`, `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast browser-deps postgres-deps ingest eval bench clean

install: $(STAMP)

# torch first, pinned: it must be the local CPU build, never a CUDA download.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

run: install
	$(BIN)/dancu serve

# Debian's chromium + chromedriver for the browser test (browser downloads do not work offline).
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-color-emoji >/dev/null; \
	else echo "Cần cài chromium và chromium-driver (sudo apt-get install chromium chromium-driver) cho bài kiểm thử trình duyệt."; fi

# Debian's PostgreSQL server binaries (initdb, pg_ctl): the tests start their own throw-away server with them
# (tests/postgres.py); no system cluster is used.
postgres-deps:
	@if command -v initdb >/dev/null && command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "Cần cài PostgreSQL (sudo apt-get install postgresql) cho các bài kiểm thử cơ sở dữ liệu."; fi

# DANCU_REQUIRE_POSTGRES=1: the PostgreSQL tests fail instead of skipping when the server cannot be found.
test: install browser-deps postgres-deps
	DANCU_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

ingest: install
	$(BIN)/dancu ingest

eval: install
	$(BIN)/dancu eval --dataset evals/data/dev.jsonl --baseline naive --out reports/dev

bench: install
	$(BIN)/dancu bench all

clean:
	rm -rf data reports artifacts .pytest_cache
