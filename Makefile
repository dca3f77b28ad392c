PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
BENCH_CASES ?= 100000
BENCH_RECORDS ?= 10000000
# The bench runs with DEBUG off, as in production, so it needs a key of its own.
BENCH_ENV := SECRET_KEY=$${SECRET_KEY:-bench-only-key-not-secret}

LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tertib_load
LOAD_SECONDS ?= 60
LOAD_USERS ?= 24

.PHONY: run test lint format bench load install system-deps system-deps-test migrations-check clean

run: install system-deps
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) createcachetable
	DEBUG=1 $(MANAGE) sop_load
	DEBUG=1 $(MANAGE) demo
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: install system-deps-test
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Seeds the database DATABASE_URL names up to BENCH_CASES SKTM cases and BENCH_RECORDS step
# records, then times the engine (against SpiffWorkflow and a plain transaction), the staff
# pages, /lacak/ under a PDF flood, 8 workers against 1 (PostgreSQL) and the report dashboard.
bench: install system-deps
	$(BENCH_ENV) $(MANAGE) migrate --no-input
	$(BENCH_ENV) $(MANAGE) createcachetable
	$(BENCH_ENV) $(MANAGE) sop_load
	$(BENCH_ENV) $(MANAGE) bench --cases $(BENCH_CASES)
	$(BENCH_ENV) $(MANAGE) bench_flood
	$(BENCH_ENV) $(MANAGE) bench_workers --workers 8
	$(BENCH_ENV) $(MANAGE) bench_reports --records $(BENCH_RECORDS)

# Locust against gunicorn (4 workers) on a PostgreSQL database of its own, created when missing;
# prints requests/s, p50/p95/p99 per page and errors (docs/performance-scale.md).
load: install system-deps
	$(VENV)/bin/pip install --quiet -e '.[load]'
	$(BENCH_ENV) $(PY) scripts/load.py --database-url $(LOAD_DATABASE_URL) \
		--seconds $(LOAD_SECONDS) --users $(LOAD_USERS)

migrations-check: install
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	scripts/system-deps run

system-deps-test:
	scripts/system-deps test

clean:
	rm -rf $(VENV) db.sqlite3 var
