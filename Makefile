# The two commands of the README: `make run` and `make test`. Others are helpers.
SHELL := /bin/bash
export ODOO_SRC ?= /opt/odoo/18.0

.PHONY: run test venv update lint format bench pg-stop clean help

help:
	@echo "make run      set everything up, serve Odoo with the suite and demo data on http://localhost:8069"
	@echo "make test     lint, then our tests (addons/*/tests, tests/) and the OCA peer suites (peer_addons.txt)"
	@echo "make update   upgrade the suite's addons in the demo database"
	@echo "make lint     the linters make test runs first (scripts/lint.sh)"
	@echo "make format   fix what ruff can, regenerate the README.rst files"
	@echo "make bench    run the benchmarks under bench/"
	@echo "make pg-stop  stop the private PostgreSQL cluster, if one was started"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(ARGS)

venv:
	@bash scripts/setup_venv.sh

update:
	@bash scripts/run.sh --update

lint:
	@bash scripts/lint.sh

format:
	@.venv/bin/ruff check --fix . && .venv/bin/ruff format . && .venv/bin/python scripts/gen_readme.py

bench:
	@bash scripts/bench.sh $(ARGS)

pg-stop:
	@bash scripts/pg.sh stop

clean: pg-stop
	rm -rf .venv .run .pgdata
