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
