# Two commands do everything on a fresh machine with Python 3.11+:
#   make serve   install, then serve the site at http://127.0.0.1:8000 with live reload
#   make test    install, then run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements-test.lock | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve test build check-data schema preflight price-diff lock clean help lighthouse

help:
	@echo "make serve       serve the site at http://127.0.0.1:8000 (reloads when docs/ or data/ change)"
	@echo "make test        run every test (needs Chromium: see README)"
	@echo "make build       strict build into site/"
	@echo "make check-data  check data/prices.yml and print any problem"
	@echo "make schema      regenerate data/prices.schema.json from the data model"
	@echo "make preflight   list business facts still to be confirmed in mkdocs.yml"
	@echo "make price-diff  report price changes since BASE (default origin/main)"
	@echo "make lock        re-pin every dependency (needs the package index)"
	@echo "make lighthouse  Lighthouse scores for three pages (needs Node >= 18, Chromium, npm access)"

$(STAMP): requirements.lock requirements-test.lock
	rm -rf $(VENV)
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements.lock -r requirements-test.lock
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/python -m pytest

check-data: $(STAMP)
	$(BIN)/python -m cytokine_site check

schema: $(STAMP)
	$(BIN)/python -m cytokine_site schema

preflight: $(STAMP)
	$(BIN)/python -m cytokine_site preflight

# Markdown report of what changed in data/prices.yml since BASE (a branch, tag or commit).
BASE ?= origin/main
price-diff: $(STAMP)
	$(BIN)/python -m cytokine_site price-diff --base "$(BASE)"

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements-test.lock requirements-test.in

lighthouse: $(STAMP)
	scripts/lighthouse.sh

clean:
	rm -rf $(VENV) site .pytest_cache
