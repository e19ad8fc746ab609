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
	rm -rf demo-corpus demo-corpus.truth demo-corpus.truth.jsonl demo-case demo-codes.csv
	$(BIN)/phiscope simulate --patients 5000 --out demo-corpus --seed 7
	(echo code; seq -f 'DEMO-%06g' 1 20000) > demo-codes.csv
	PHISCOPE_KEY=demo-key-not-secret $(BIN)/phiscope run demo-corpus --case demo-case \
		--incident examples/demo-incident.toml --codes demo-codes.csv --truth demo-corpus.truth
	PHISCOPE_KEY=demo-key-not-secret $(BIN)/phiscope eval --truth demo-corpus.truth --case demo-case
	@echo "report: $(CURDIR)/demo-case/report/report.html (and report.pdf beside it)"

test: setup
	./scripts/install-test-tools.sh || echo "LibreOffice/pdftotext not installed: tests/simulate/test_sim_tools.py will be skipped"
	./scripts/install-chromium.sh || echo "chromium not installed: tests/report/test_report_browser.py will be skipped"
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# `make bench NOTICES_PEOPLE=20000` for a quick run of the letters bench (1,000,000 takes about 35 minutes)
NOTICES_PEOPLE ?= 1000000
# people resolution against Splink alone (100,000 patients: about 15 minutes with simulate and scan)
PEOPLE_PATIENTS ?= 100000

bench: setup
	$(BIN)/python bench/run_all.py
	$(BIN)/python bench/people_bench.py --patients $(PEOPLE_PATIENTS)
	$(BIN)/python bench/distinct_bench.py
	$(BIN)/python bench/links_bench.py
	$(BIN)/python bench/notices_bench.py --people $(NOTICES_PEOPLE) --workers 2 --verify

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) demo-corpus demo-corpus.truth demo-corpus.truth.jsonl demo-case demo-codes.csv bench/out
