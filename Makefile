# qinglian: every command a newcomer or CI needs. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

# System packages the product (WeasyPrint, CJK fonts, translations, python-ldap's headers), its
# tests (Chromium, poppler, OpenLDAP's slapd) and its load benchmark (wrk) need; installed with
# apt on Debian/Ubuntu as root.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext chromium poppler-utils wrk libldap2-dev libsasl2-dev slapd ldap-utils

.PHONY: setup run test bench lint format lock bundle demo clean
.DEFAULT_GOAL := run

setup: $(STAMP) locale/en/LC_MESSAGES/django.mo

# A development machine and CI install both locks: requirements-dev.txt reads requirements.txt.
$(STAMP): requirements.txt requirements-dev.txt
	@bash scripts/system-packages.sh $(APT_PACKAGES)
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

locale/en/LC_MESSAGES/django.mo: locale/en/LC_MESSAGES/django.po $(STAMP)
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --verbosity 0

## Run the product with demo data on http://127.0.0.1:8000 (SQLite, Celery on the filesystem broker).
run: setup
	@bash scripts/run.sh

## The whole test suite (SQLite unless DATABASE_URL is set; Redis when REDIS_URL is set),
## in TEST_WORKERS parallel processes (pytest-xdist); TEST_WORKERS=0 runs it in this one.
TEST_WORKERS ?= 3
test: setup
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist load

## Benchmarks; figures go to benchmarks/results.json and the README.
bench: setup
	$(PY) -m benchmarks

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Regenerate requirements.txt (production) and requirements-dev.txt (the rest) from
## pyproject.toml's pins.
lock:
	bash scripts/lock.sh

## The offline installation archive dist/qinglian-<version>-<date>.tar.gz: wheels, source,
## Docker images when a Docker daemon answers, install script (docs/operations.md).
bundle: setup
	bash scripts/bundle.sh

clean:
	rm -rf var/celery var/cache var/static
