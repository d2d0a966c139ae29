# Two commands do all set-up on a fresh machine:
#   make run    start gongkai on its embedded default (SQLite, demo data loaded)
#   make test   run the whole test suite (lint, unit, corpus, browser, PostgreSQL where it answers)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench system clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian packages the browser tests and PDF fonts use; best-effort (needs root and apt).
system:
	@sh scripts/system-packages.sh

run: $(STAMP)
	$(BIN)/gongkai serve

lint: $(STAMP)
	$(BIN)/ruff check gongkai tests bench

test: $(STAMP) system lint
	sh scripts/test.sh

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
