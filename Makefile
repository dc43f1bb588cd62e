# Ascent: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is a demo: the local profile has DEBUG off (GOV.UK error pages, no internals
# shown) but serves plain http://$(HOST):$(PORT). See ascent/settings.py.
LOCAL := ASCENT_ENV=local

.PHONY: help install assets setup run serve worker test lint test-python test-e2e bench bench-load lock demo clean

help:
	@echo "make run    install everything, set up the SQLite database with demo data and serve http://$(HOST):$(PORT)"
	@echo "make test   install everything and run the whole suite (lint, unit, integration and browser tests)"
	@echo "make setup  everything 'make run' does before it starts serving"
	@echo "make bench  benchmarks at national scale (see bench/README.md)"
	@echo "make bench-load  50 people browsing and importing against gunicorn on 127.0.0.1 (SQLite; and"
	@echo "            PostgreSQL too when BENCH_LOAD_PG_URL names an empty database of its own)"
	@echo "make lint   ruff, import contracts and migration checks only"

# --- installation -----------------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend compiled for a service not on GOV.UK, and the chart libraries, copied
# where Django's static files can find them.
ascent/static/build/.built: node_modules/.installed $(wildcard assets/scss/*.scss)
	mkdir -p ascent/static/build/vendor ascent/static/build/govuk
	npm run --silent build:css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js* ascent/static/build/govuk/
	rm -rf ascent/static/build/govuk/assets && cp -r node_modules/govuk-frontend/dist/govuk/assets ascent/static/build/govuk/assets
	cp node_modules/vega/build/vega.min.js* node_modules/vega-lite/build/vega-lite.min.js* \
	   node_modules/vega-embed/build/vega-embed.min.js* ascent/static/build/vendor/
	@# vega-interpreter ships only as an ES module; bundle it as a classic script (window.vegaInterpreter).
	npm run --silent build:interpreter
	touch $@

install: $(VENV)/.installed node_modules/.installed ascent/static/build/.built
	@scripts/system-packages.sh

assets: ascent/static/build/.built

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

# --- running ----------------------------------------------------------------------------

setup: install
	$(LOCAL) $(MANAGE) migrate --no-input
	$(LOCAL) $(MANAGE) load_reference_data
	$(LOCAL) $(MANAGE) load_frameworks
	$(LOCAL) $(MANAGE) load_indicators
	$(LOCAL) $(MANAGE) collectstatic --no-input --verbosity 0
	$(LOCAL) $(MANAGE) demo

run: setup
	@echo ""
	@echo "Ascent is starting at http://$(HOST):$(PORT)/ with its background worker. Press Ctrl+C to stop."
	@trap 'kill 0' INT TERM EXIT; \
	  $(LOCAL) $(MANAGE) db_worker --no-reload --interval 1 & \
	  $(LOCAL) $(BIN)/gunicorn --config gunicorn.conf.py ascent.wsgi:application --bind $(HOST):$(PORT) --workers 2 --graceful-timeout 5

demo: install
	$(LOCAL) $(MANAGE) demo

# --- checks -----------------------------------------------------------------------------

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/lint_access.py
	ASCENT_ENV=test $(MANAGE) makemigrations --check --dry-run
	ASCENT_ENV=test $(MANAGE) check

test: install
	@scripts/system-packages.sh --with-browser
	$(MAKE) lint
	ASCENT_ENV=test $(BIN)/pytest

bench: install
	$(BIN)/python bench/run.py

# A loopback load test (bench/load.py): SQLite, then PostgreSQL when BENCH_LOAD_PG_URL is set.
BENCH_LOAD_PG_URL ?=
bench-load: install
	env -u DATABASE_URL $(BIN)/python bench/load.py
	@if [ -n "$(BENCH_LOAD_PG_URL)" ]; then DATABASE_URL="$(BENCH_LOAD_PG_URL)" $(BIN)/python bench/load.py; fi

clean:
	rm -rf $(VENV) node_modules ascent/static/build staticfiles
