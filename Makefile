# Two commands do everything on a fresh machine with Python 3.11+:
#   make serve   install, then serve the site at http://127.0.0.1:8000 with live reload
#   make test    install, then run every test
#
# Two variables are meant to be set by the user: PYTHON (the interpreter that creates .venv) and BASE (for
# `make price-diff`). Their text reaches commands only through the environment ("$$VAR" in a recipe), never
# spliced into a shell line, so quotes, backticks, $(...) or ; in them cannot run anything. `override` keeps
# every other variable this file sets (SHELL and .SHELLFLAGS, the paths, the exported settings) fixed even
# when it is given on the command line.
PYTHON ?= python3
BASE   ?= origin/main
# $(value ...): the text exactly as given, so make does not run a $(shell ...) hidden in it either.
override PYTHON := $(value PYTHON)
override BASE   := $(value BASE)
override SHELL  := /bin/sh
override .SHELLFLAGS := -c
override VENV   := .venv
override BIN    := $(VENV)/bin
override STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements-test.lock | cksum | cut -d' ' -f1)
# Node tools (package.json + package-lock.json): the Nu HTML checker for `make test`, Lighthouse for `make lighthouse`.
override NODE_LOCK  := $(shell cksum < package-lock.json | cut -d' ' -f1)
override NODE_STAMP := node_modules/.installed-$(NODE_LOCK)
override NODE_ALL   := node_modules/.installed-all-$(NODE_LOCK)
override NPM_CI     := npm ci --ignore-scripts --no-audit --no-fund
override export NO_MKDOCS_2_WARNING := 1
override export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve test build check-data schema preflight price-diff lock clean help check-external-links lighthouse benchmark check-labels

help:
	@echo "make serve       serve the site at http://127.0.0.1:8000 (reloads when docs/ or data/ change)"
	@echo "make test        run every test (needs Chromium: see README)"
	@echo "make build       strict build into site/"
	@echo "make check-data  check data/prices.yml and print any problem"
	@echo "make schema      regenerate data/prices.schema.json from the data model"
	@echo "make preflight   list business facts still to be confirmed in mkdocs.yml"
	@echo "make price-diff  report price changes since BASE (default origin/main)"
	@echo "make lock        re-pin every dependency (needs the package index)"
	@echo "make check-external-links  report external links that do not answer (needs network; never fails)"
	@echo "make check-labels  list cited US labels with a newer version on DailyMed (needs network)"
	@echo "make lighthouse  Lighthouse scores (mobile) for the home, interleukin-2 and costs pages"
	@echo "make benchmark   time the build and list page sizes"

# PYTHON must be one word: a program name or a path (python3, /usr/bin/python3.12), nothing else.
$(STAMP): export MAKE_PYTHON := $(PYTHON)
$(STAMP): requirements.lock requirements-test.lock
	@case "$$MAKE_PYTHON" in \
	  '' | *[!A-Za-z0-9_./+-]*) echo "PYTHON must be a program name or path such as python3 or /usr/bin/python3.12 (letters, digits and _ . / + - only)" >&2; exit 2 ;; \
	esac
	rm -rf $(VENV)
	"$$MAKE_PYTHON" -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	"$$MAKE_PYTHON" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements.lock -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The check runs first: it reads mkdocs.yml as plain data (refusing tags such as !!python/...) before MkDocs'
# own loader, which would run them, ever sees the file.
serve: $(STAMP)
	$(BIN)/python -m cytokine_site check
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)
	$(BIN)/python -m cytokine_site check
	$(BIN)/mkdocs build --strict

# --ignore-scripts: vnu-jar's install script would try to download Java; the jar itself is in the package.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the HTML checker: install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm)"; exit 1; }
	$(NPM_CI) --omit=dev
	touch $@

$(NODE_ALL): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for Lighthouse: install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm)"; exit 1; }
	$(NPM_CI)
	touch $@ $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

check-external-links: $(STAMP)
	$(BIN)/python -m cytokine_site check
	$(BIN)/mkdocs build --strict
	-$(BIN)/python scripts/check_external_links.py site

lighthouse: $(STAMP) $(NODE_ALL)
	scripts/lighthouse-report.sh

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

check-data: $(STAMP)
	$(BIN)/python -m cytokine_site check

# Asks DailyMed (DAILYMED_URL, from the environment only) for the version history of every cited US label.
check-labels: $(STAMP)
	$(BIN)/python -m cytokine_site check-labels --root .

schema: $(STAMP)
	$(BIN)/python -m cytokine_site schema

preflight: $(STAMP)
	$(BIN)/python -m cytokine_site preflight

# Markdown report of what changed in data/prices.yml since BASE (a branch, tag or commit). BASE reaches the
# command as the environment variable PRICE_DIFF_BASE; `--base=` keeps a value that starts with - an argument.
price-diff: export PRICE_DIFF_BASE := $(BASE)
price-diff: $(STAMP)
	$(BIN)/python -m cytokine_site price-diff --base="$$PRICE_DIFF_BASE"

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements-test.lock requirements-test.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements-zensical.lock requirements-zensical.in

clean:
	rm -rf $(VENV) site .pytest_cache node_modules
