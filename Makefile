# edugov — two commands on a fresh machine with Python 3.11:
#   make demo   install, migrate, load the Nanchang demo, serve http://127.0.0.1:8000
#   make test   install dev deps, lint, and run every test on SQLite, PostgreSQL and Chromium

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
DEMO_SETTINGS := edugov.settings.demo
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install install-dev chromium lint test-sqlite test-postgres test-browser serve clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(VENV)/bin/activate
	$(PIP) install -q -e .

# A stamp: lint and the three test stages each depend on it, and pip resolving the whole
# dependency set again took ~15 s each time; it re-runs when pyproject.toml changes.
install-dev: $(VENV)/.dev-installed

$(VENV)/.dev-installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e '.[dev]'
	touch $@

demo: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(PY) manage.py migrate --no-input -v0
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000  (task worker running in the background)"
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(PY) manage.py worker --no-startup-delay --no-reload & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(PY) manage.py runserver 127.0.0.1:8000 --noreload

# Debian's chromium and a CJK font, for the Playwright browser tests (Playwright's own
# browser download is not used: bureaus and CI have no route to it). Without the font the
# pages' Chinese renders as boxes in screenshots.
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'cjk'; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium or its CJK font is missing: run 'sudo apt-get install chromium fonts-noto-cjk'"; exit 1; fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check edugov bench scripts
	$(VENV)/bin/ruff format --check edugov bench scripts
	DJANGO_SETTINGS_MODULE=edugov.settings.test $(PY) manage.py makemigrations --check --dry-run -v1

test-sqlite: install-dev
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup -m "not browser" edugov

# PostgreSQL at 127.0.0.1:5432 (trust auth, database 'test'). Optional on a laptop;
# required when CI=true. The engines are Django-free (no database), and the import fuzz
# (whether a parser crashes on a file, which no database changes) runs 50 examples per
# importer here against SQLite's 200: the suite's 30-minute budget.
test-postgres: install-dev
	@if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
	  EDUGOV_DB=postgres EDUGOV_FUZZ_EXAMPLES=50 $(VENV)/bin/pytest -q -n 2 --dist loadgroup -m "not browser" --ignore=edugov/engines edugov; \
	elif [ "$$CI" = "true" ]; then echo "CI=true but PostgreSQL is not reachable on 127.0.0.1:5432"; exit 1; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL suite skipped"; fi

test-browser: install-dev chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -n 2 -m browser edugov

test: lint test-sqlite test-postgres test-browser

clean:
	rm -rf $(VENV) var
