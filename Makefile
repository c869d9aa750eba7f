# Haven: the verbs. `make demo` and `make test` are all a newcomer needs (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: demo setup install assets migrate borough serve test test-fast lint format bench stop-db clean browser

demo: setup serve

setup: install assets migrate borough
	@$(PY) manage.py demo_logins

install: $(VENV)/.installed browser

$(VENV)/.installed: requirements.lock requirements-dev.in requirements.in
	@command -v $(PYTHON) >/dev/null || { echo "Haven needs Python 3.11 or newer ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.in -c requirements.lock
	touch $@

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium (apt-get install chromium) to run the browser tests."; fi; \
	fi

assets: node_modules/.installed
	npm run --silent build

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(PY) manage.py migrate --no-input

borough: migrate
	$(PY) manage.py generate_borough --size demo --seed 1

serve:
	@echo "Haven is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install assets
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/mypy config haven
	$(PY) -m bandit -r haven config -x '*/tests/*,*/migrations/*' -q

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Builds the large borough once in its own database (haven_bench), then measures the pages.
bench: install assets
	DJANGO_SETTINGS_MODULE=config.settings.bench $(PY) bench/run.py

stop-db:
	$(PY) -c "from config.database import stop_embedded; stop_embedded()"

clean: stop-db
	rm -rf .data $(VENV) node_modules haven/static/vendor
