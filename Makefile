# Two commands on a fresh machine: `make demo` (set up + run the main job) and `make test` (set up + tests).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test install install-test install-docs docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,docs]'

install-docs: $(BIN)/python  # installs only what is missing, so `make docs` works offline once installed
	$(BIN)/python -c "import gigawatt, mkdocs, material, mkdocstrings_handlers.python, nbclient, ipykernel" 2>/dev/null \
	  || $(BIN)/pip install -q -e '.[docs]'

demo: install
	$(BIN)/gigawatt run
	$(BIN)/gigawatt claims
	$(BIN)/gigawatt report -o deal.html --png figures

test: install-test
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

docs: install-docs  # the documentation site in site/, built offline; --strict: any warning fails
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

bench: install
	$(BIN)/gigawatt bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis deal.html figures site
