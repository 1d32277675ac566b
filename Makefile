# Two commands on a fresh machine: `make demo` (set up + run the main job) and `make test` (set up + tests).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

demo: install
	$(BIN)/gigawatt run
	$(BIN)/gigawatt claims
	$(BIN)/gigawatt report -o deal.html --png figures

test: install-test
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: install
	$(BIN)/gigawatt bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis deal.html figures
