# Two promises to a new user: `make serve` and `make test` do all their own set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help serve test lint typecheck unit build pdf bench clean browser libreoffice valgrind

help:
	@echo "make serve   - install into .venv and serve the site at http://127.0.0.1:8000"
	@echo "make test    - install into .venv and run lint, type checks and the whole test suite"
	@echo "make build   - strict build of the site into site/"
	@echo "make pdf     - build the site and print its printable edition to site/print/playbook.{nb,en}.pdf"
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
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

# The printable edition as PDF (generator/site/print_pdf.py): Chromium prints it,
# poppler's pdfinfo reads back where each chapter starts for the contents.
pdf: build browser
	@command -v pdfinfo >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get install -y poppler-utils; }
	$(BIN)/python -m generator.site.print_pdf site site/print

# The browser tests drive a real Chromium. Playwright's own browser download is
# not reachable everywhere, so on Debian as root we take the distribution's package.
CHROMIUM := /usr/bin/chromium
browser: $(STAMP)
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update && apt-get install -y chromium; \
	else \
	  $(BIN)/python -m playwright install chromium; \
	fi

# LibreOffice opens every example workbook, prints it to PDF and saves it again
# (tests/site/test_workbooks_libreoffice.py), and a person fills a blank one in
# Calc through UNO (tests/site/test_workbook_person_libreoffice.py, with the
# system Python's python3-uno); Debian's packages, as root. Without them those
# tests are skipped.
SOFFICE := /usr/bin/soffice
libreoffice:
	@if [ -x $(SOFFICE) ] && command -v pdftotext >/dev/null 2>&1 && /usr/bin/python3 -c 'import uno' 2>/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	    libreoffice-core libreoffice-calc poppler-utils python3-uno; \
	else \
	  echo "LibreOffice not installed: the workbook print tests are skipped"; \
	fi

# Two workers (these machines have two cores); a test file stays on one worker,
# so module fixtures are made once.
unit: $(STAMP) browser libreoffice
	$(BIN)/python -m pytest -n 2 --dist loadfile

test: lint typecheck unit

# Lighthouse 12.8 runs on Node 20 (13 needs Node 22); it drives the same Chromium
# as the browser tests. 12.2 failed its LCP-element audit on Chromium 156. The
# stamp names the version, so a change of version installs again.
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := benchmarks/node_modules/.lighthouse-$(LIGHTHOUSE_VERSION)
$(LIGHTHOUSE):
	npm install --prefix benchmarks --no-save --no-package-lock --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

# Instruction counts for the growth figures; the benchmark says so and goes on without them.
valgrind:
	@command -v valgrind >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get install -y valgrind; } || \
	  echo "valgrind not installed: the benchmark skips instruction counts"

bench: $(STAMP) browser $(LIGHTHOUSE) valgrind
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) site dist build .pytest_cache .mypy_cache .ruff_cache benchmarks/node_modules
