# Two commands: `make run` serves the platform with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails (confirmation, password reset, notifications) start with SITE_URL: by default the
# address `make run` serves; set it when users reach the site by another name (HOST=0.0.0.0…).
SITE_URL ?= http://$(HOST):$(PORT)
ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(HOST)
RUN_ENV = DEMO_MODE=1 SITE_URL="$(SITE_URL)" ALLOWED_HOSTS="$(ALLOWED_HOSTS)"
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run test e2e bench lint format migrate clean check-deploy audit

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

setup: $(VENV)/.synced  ## create or refresh .venv from uv.lock

migrate: setup
	mkdir -p var
	DEMO_MODE=1 $(PY) manage.py migrate --noinput

run: migrate  ## serve the platform with demo data at http://$(HOST):$(PORT) (SQLite)
	$(RUN_ENV) $(PY) manage.py load_demo --once
	$(RUN_ENV) $(PY) manage.py rebuild_search_index --if-empty
	$(RUN_ENV) $(PY) manage.py export_open_data --if-missing
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "济宁市标准化平台: http://$(HOST):$(PORT)/  邮件链接: $(SITE_URL)/  (Ctrl+C 停止)"
	$(RUN_ENV) $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

test: setup  ## the whole suite on SQLite, and on PostgreSQL at the same time when TEST_DATABASE_URL is set
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		$(PY) scripts/test_both.py $(PYTEST_ARGS); \
	else \
		echo "== test suite on SQLite =="; \
		TESTING=1 DATABASE_URL= $(PY) -m pytest $(PYTEST_ARGS); \
	fi

e2e: setup  ## browser journeys only (Debian chromium)
	TESTING=1 DATABASE_URL= $(PY) -m pytest -m e2e $(PYTEST_ARGS)

# make bench BENCH_ARGS="--sizes 100000,1000000 --db both" (--db sqlite|postgres|both; --keep)
BENCH_ARGS ?= --sizes 100000 --db both
bench: setup  ## benchmarks (not tests); results in bench/results/
	@command -v wrk >/dev/null 2>&1 || { echo "== installing wrk (the HTTP load generator) =="; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
		|| { echo "wrk is needed: apt-get install -y wrk"; exit 1; }; }
	DEMO_MODE=1 $(PY) -m bench.page_views
	DEMO_MODE=1 $(PY) -m bench.run $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .tools var

# Production settings as docs/deployment.md sets them (HTTPS behind the TLS proxy), with a
# throw-away secret key: `manage.py check --deploy` must report nothing (warnings fail).
CHECK_DEPLOY_ENV = DEBUG=0 DEMO_MODE=0 TESTING= SITE_URL=https://bz.example.gov.cn \
	ALLOWED_HOSTS=bz.example.gov.cn SECURE_COOKIES=1 SECURE_SSL_REDIRECT=1 SECURE_PROXY_SSL=1 \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"

check-deploy: setup  ## `manage.py check --deploy` under production settings: no error, no warning
	$(CHECK_DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# Known vulnerabilities in the locked dependencies (uv.lock), from the OSV database. Needs
# https://api.osv.dev: run it where the network allows (CI with internet, a release machine);
# it fails rather than pretends when the database cannot be reached.
audit: setup  ## vulnerability audit of uv.lock (uv audit, needs api.osv.dev)
	$(UV) audit --frozen
