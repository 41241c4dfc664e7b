# Two promises to a new user: `make serve` and `make test` do all their own set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help serve test lint typecheck unit build bench clean

help:
	@echo "make serve   - install into .venv and serve the site at http://127.0.0.1:8000"
	@echo "make test    - install into .venv and run lint, type checks and the whole test suite"
	@echo "make build   - strict build of the site into site/"
	@echo "make bench   - run the benchmark (not part of make test)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[site,dev]'
	touch $(STAMP)

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) site dist build .pytest_cache .mypy_cache .ruff_cache
