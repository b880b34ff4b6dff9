# Two commands for a newcomer: `make run` (set up + serve on http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6 needs Python 3.12+: take the first interpreter that really is one (pyenv shims may exist without it).
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3; do \
	$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$candidate; break; }; \
	done)

.PHONY: run test test-fast screenshots setup check format superuser check-python messages clean axe lock upgrade

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

# One test process per core (pytest-xdist), each with its own test database; an idle process takes tests
# queued for the other (worksteal), so the long browser tests do not leave one core waiting at the end;
# the slowest tests are listed.
test: setup check axe
	$(BIN)/pytest -n auto --dist worksteal --durations=15

# The browser tests alone, keeping their screenshots under artifacts/screenshots/ to be read.
screenshots: setup axe
	$(BIN)/pytest -n auto --dist worksteal -m browser --screenshots

# The developer's loop: everything but the browser tests, keeping the test databases between runs
# (after a new migration: make test-fast PYTEST_ARGS=--create-db).
test-fast: $(VENV)/.installed
	$(BIN)/pytest -n auto --dist worksteal -m "not browser" --reuse-db $(PYTEST_ARGS)

# axe-core (accessibility rules) for the browser tests, from the npm registry, kept out of the repository;
# one version, as the accessibility test leaves out the rules whose findings this version rates below serious.
AXE := .cache/npm/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE):
	npm install --no-save --no-audit --no-fund --prefix .cache/npm axe-core@4.14.1

setup: $(VENV)/.installed
	if compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then $(MANAGE) compilemessages --ignore=.venv -v 0; fi
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) bootstrap_registry --demo

check: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run -v 0

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

superuser: setup
	$(MANAGE) createsuperuser

messages: $(VENV)/.installed
	$(MANAGE) makemessages -l pl -l en -l de --ignore=.venv --ignore=staticfiles --no-obsolete

check-python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6). Install it, e.g. 'pyenv install 3.12', or run 'make PYTHON=/path/to/python3.12'." >&2; exit 1; }

# Exact versions from requirements.lock (every package, dependencies of dependencies included); the
# project itself is installed editable on top, without asking for anything more.
$(VENV)/.installed: requirements.lock pyproject.toml | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# requirements.lock from pyproject.toml's ranges: `make lock` after adding a dependency (keeps the other
# pins), `make upgrade` to move every package to its newest allowed version. uv resolves; pip installs.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 \
	--python-platform x86_64-unknown-linux-gnu --no-header --quiet --output-file requirements.lock
lock: $(BIN)/uv
	$(UV_COMPILE)
upgrade: $(BIN)/uv
	$(UV_COMPILE) --upgrade
$(BIN)/uv: | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache
