# make run  — set up everything on a fresh machine and serve the portal with its worker and beat.
# make test — set up and run the whole suite (SQLite by default; DATABASE_URL/REDIS_URL for servers).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
APPS := accounts core organizations crossposts needs volunteers events cadre_reports members reports demo

.PHONY: run test setup install migrate messages compile-messages seed lint fmt bench backup restore clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

compile-messages: install
	$(MANAGE) compiletranslations -v 0

setup: install compile-messages
	$(MANAGE) migrate --noinput -v 0

seed: setup
	$(MANAGE) seed_demo

run: seed
	$(MANAGE) runportal

test: install compile-messages e2e-deps
	$(BIN)/python -m pytest -n auto -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract the strings of one app (or the project templates) into its catalogues.
messages: install
	for app in $(APPS); do mkdir -p $$app/locale; (cd $$app && DJANGO_SETTINGS_MODULE=hongqiao.settings PYTHONPATH=.. ../$(BIN)/django-admin makemessages -l zh_Hans -l zh_Hant -l en --no-obsolete -v 0); done
	$(MANAGE) makemessages -l zh_Hans -l zh_Hant -l en --no-obsolete -v 0 $(foreach a,$(APPS),--ignore=./$(a)/*) --ignore=.venv/* --ignore=var/* --ignore=tests/* --ignore=bench/*

clean:
	rm -rf $(VENV) var

# --- Operations (issue 9): backups, the load test, API fuzzing.
.PHONY: loadtest fuzz

# make backup — the database and media into var/backups/hongqiao-<UTC time>.tar.gz, with a manifest
# of record counts and checksums (scripts/backup_check.py).
backup: install
	scripts/backup.sh

# make restore BACKUP=var/backups/hongqiao-....tar.gz [TARGET_DATABASE_URL=...] [TARGET_MEDIA_ROOT=...] [CONFIRM=yes]
# Refuses a target that holds data unless CONFIRM=yes; fails loudly if counts or checksums differ.
restore: install
	BACKUP="$(BACKUP)" TARGET_DATABASE_URL="$(TARGET_DATABASE_URL)" TARGET_MEDIA_ROOT="$(TARGET_MEDIA_ROOT)" \
	  CONFIRM="$(CONFIRM)" scripts/restore.sh

# make loadtest — 50 users for 2 minutes against gunicorn + PostgreSQL + Redis on loopback
# (bench/loadtest/run.sh; PG_URL and REDIS_URL choose the servers). Not part of `make test`.
loadtest: install compile-messages
	test -x $(BIN)/locust || $(BIN)/python -m pip install --quiet 'locust>=2.37'
	bench/loadtest/run.sh

# make fuzz — the schemathesis run of `make test`, with more examples per operation.
fuzz: install compile-messages
	FUZZ_MAX_EXAMPLES=$${FUZZ_MAX_EXAMPLES:-100} $(BIN)/python -m pytest -q tests/ops/test_fuzz_api.py

# What the end-to-end tests need beyond Python: axe-core from the npm registry.
# Without npm (a newcomer's laptop) the accessibility checks skip, saying why.
e2e-deps:
	@test -f var/npm/node_modules/axe-core/axe.min.js || ! command -v npm >/dev/null || (mkdir -p var/npm && cd var/npm && npm install --no-save --no-audit --no-fund axe-core@4)

# --- Benchmarks (issue 8): make bench [BENCH_SCALE=1/100|city|district|street|<factor>] [DATABASE_URL=...]
# Creates and migrates the bench database if needed, generates data at BENCH_SCALE when it has no
# organizations, then prints the table of bench/run.py (figures recorded in bench/RESULTS.md).
.PHONY: bench-data
BENCH_SCALE ?= 1/100
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hongqiao_bench

bench-data: install compile-messages
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" $(BIN)/python bench/prepare.py "$(BENCH_SCALE)"

bench: bench-data
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" $(BIN)/python bench/run.py
