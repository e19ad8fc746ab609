# Two commands on a fresh machine with only python3:  make demo   |   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint typecheck bench clean lock

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

demo: setup
	rm -rf demo-corpus demo-case
	$(BIN)/phiscope simulate --patients 200 --out demo-corpus --seed 7
	PHISCOPE_KEY=demo-key-not-secret $(BIN)/phiscope scan demo-corpus --case demo-case
	PHISCOPE_KEY=demo-key-not-secret $(BIN)/phiscope summary --case demo-case

test: setup
	./scripts/install-test-tools.sh || echo "LibreOffice/pdftotext not installed: tests/simulate/test_sim_tools.py will be skipped"
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/run_all.py

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) demo-corpus demo-case bench/out
