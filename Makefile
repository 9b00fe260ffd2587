# One task runner; CI calls `make test`. `make help` lists the targets.
.DEFAULT_GOAL := help
.PHONY: help install run run-production-shape test test-fast check fmt lint types validate train check-migrations bench lock-app

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

install: ## Create or refresh both pinned virtual environments
	@scripts/bootstrap

run: ## Run the whole service on embedded defaults (SQLite); sets everything up first
	@scripts/run

run-production-shape: ## PostgreSQL, Redis, 2 gateway replicas, 2 Rasa workers behind nginx: http://127.0.0.1:8000/
	@scripts/run-production-shape

test: ## Run every test (model, database, HTTP and browser); sets everything up first
	@scripts/test

test-fast: ## Run the tests without the browser ones
	@scripts/test -m "not browser"

check: lint types ## Lint, format check, types and import contracts (CI runs it before the tests)
	@.venv/bin/python -m pytest -q tests/test_import_contracts.py

fmt: install ## Format the code and fix what the linter can
	@.venv/bin/ruff format . && .venv/bin/ruff check --fix .

lint: install ## Ruff: lint and format check (settings in pyproject.toml)
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

types: install ## mypy on bot/, actions/, rasa_ext/ and vocabulary/
	@.venv/bin/mypy

validate: install ## Check the Rasa domain and training data (warnings fail)
	@RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore .venv-rasa/bin/rasa data validate --domain domain --fail-on-warnings

train: install ## Train the Rasa model if its inputs changed
	@.venv/bin/python -m bot.model

check-migrations: install ## Models and Alembic migrations agree
	@.venv/bin/python -m bot db upgrade && .venv/bin/python -m bot db check

bench: install ## Measure start-up, load, handoff and NLU; prints figures (docs/benchmarks.md; ~30 min)
	@.venv/bin/python bench/startup.py
	@.venv/bin/python bench/load.py
	@.venv/bin/python bench/handoff.py
	@PYTHONPATH=. .venv-rasa/bin/python bench/nlu.py --json bench/out/nlu.json
	@.venv-rasa/bin/python bench/chart.py

lock-app: ## Re-resolve requirements/app.txt from app.in in a scratch venv
	@rm -rf /tmp/lock-venv && $$(scripts/bootstrap --print-python) -m venv /tmp/lock-venv \
	  && /tmp/lock-venv/bin/pip install -q -r requirements/app.in \
	  && (echo '# Generated from app.in by `make lock-app` (pip freeze in a fresh venv). Do not edit by hand.'; /tmp/lock-venv/bin/pip freeze) > requirements/app.txt
