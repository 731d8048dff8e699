# make run  — set up everything on a fresh machine and serve the portal with its worker and beat.
# make test — set up and run the whole suite (SQLite by default; DATABASE_URL/REDIS_URL for servers).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
APPS := accounts core organizations crossposts needs volunteers events

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

test: install compile-messages
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
	$(MANAGE) makemessages -l zh_Hans -l zh_Hant -l en --no-obsolete -v 0 $(foreach a,$(APPS),--ignore=$(a)/*) --ignore=.venv/* --ignore=var/* --ignore=tests/* --ignore=bench/*

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
