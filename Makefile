# The two commands of the README:
#   make run    set everything up, load the demo data, serve http://127.0.0.1:5000
#   make test   run the whole test suite (SQLite; PostgreSQL too when DATABASE_URL is set)
#   make serve  production: migrate, serve with gunicorn and run a job worker (docs/deploy.md; no demo data)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run serve worker setup test lint test-postgres browser-deps translations bench bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d contractmgr/translations -f --statistics 2>&1 | tail -n 1

setup: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) demo

# The development server with one job worker beside it (uploads for import are read by the worker);
# stopping the server (Ctrl-C) stops the worker.
run: setup
	$(FLASK) jobs worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# Production: install, compile the translations, migrate, then gunicorn with gunicorn.conf.py (settings from
# the environment: BIND, WEB_CONCURRENCY, WEB_THREADS, WEB_TIMEOUT; the app's DATABASE_URL, STORAGE_DIR, SECRET_KEY).
# JOBS_WORKERS job workers run beside gunicorn (default 1; 0 on app hosts when workers run elsewhere: `make worker`).
JOBS_WORKERS ?= 1
serve: $(VENV)/.installed translations
	$(FLASK) db upgrade
	@if [ "$(JOBS_WORKERS)" -gt 0 ]; then \
	  $(FLASK) jobs worker --workers $(JOBS_WORKERS) & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(BIN)/gunicorn --config gunicorn.conf.py app:app; \
	else exec $(BIN)/gunicorn --config gunicorn.conf.py app:app; fi

# A job worker host (several hosts: JOBS_URL=redis://… or postgresql://…, the same DATABASE_URL and STORAGE_DIR).
worker: $(VENV)/.installed translations
	$(FLASK) jobs worker --workers $(JOBS_WORKERS)

# Browser tests drive Debian's chromium; document tests render with LibreOffice.
browser-deps:
	@command -v chromium >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium libreoffice-writer-nogui fonts-noto-cjk poppler-utils >/dev/null; }

# Lint: ruff (lint and format), the import rule (import-linter, contracts in pyproject.toml) and mypy --strict
# on the pure layers and the importers.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy --strict contractmgr/domain
	$(BIN)/mypy --strict importers

# The suite runs in TEST_WORKERS processes (pytest-xdist; `auto`: one per core). Each test has its own database
# (a copy of the migrated template), instance folder and server port, so they do not meet.
TEST_WORKERS ?= auto
test: $(VENV)/.installed translations browser-deps lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_import.py

# Page costs at scale on PostgreSQL: a generated database per size, made once (cm_bench_N) and reused.
BENCH_SIZES ?= 1000 10000
BENCH_SERVER ?= postgresql://postgres@127.0.0.1:5432
bench-scale: $(VENV)/.installed
	@for n in $(BENCH_SIZES); do \
	  url=$(BENCH_SERVER)/cm_bench_$$n; \
	  if ! psql $(BENCH_SERVER)/postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'cm_bench_$$n'" | grep -q 1; then \
	    psql $(BENCH_SERVER)/postgres -qc "CREATE DATABASE cm_bench_$$n" && \
	    DATABASE_URL=$$url $(FLASK) db upgrade && \
	    DATABASE_URL=$$url $(FLASK) generate --contracts $$n || exit 1; \
	  fi; \
	  DATABASE_URL=$$url $(FLASK) db upgrade && \
	  $(BIN)/python benchmarks/bench_pages.py --url "$$(echo $(BENCH_SERVER) | sed 's|^postgresql://|postgresql+psycopg://|')/" --database cm_bench_$$n || exit 1; \
	done

clean:
	rm -rf $(VENV) instance .pytest_cache
