# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test eval lint bench fuzz clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## extract every notice in corpus/ into rules_out/
	$(BIN)/cuofeng extract corpus/ --out rules_out/

test: $(STAMP)  ## the whole test suite (the same command CI runs)
	$(BIN)/python -m pytest -q -n 2

eval: run  ## extract, then score against gold/
	$(BIN)/cuofeng score --gold gold/ --pred rules_out/

lint: $(STAMP)  ## ruff, mypy (types) and lint-imports (the layer contract), all configured in pyproject.toml
	$(BIN)/ruff check extract tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)  ## every benchmark: stages, a large batch and its memory, dedup at 100k and 1M paragraphs, pathological inputs, engine latency
	$(BIN)/pip install -q -e ".[bench,engine]"
	$(BIN)/python bench/bench_recognize.py
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_dates_vs_jionlp.py
	$(BIN)/python bench/bench_dedup.py --compare-datasketch
	$(BIN)/python bench/bench_dedup.py --n 1000000
	$(BIN)/python bench/bench_pathological.py
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_batch_memory.py

fuzz: $(STAMP)  ## the fuzz suite with 2,000 examples per property (the test suite runs 25)
	CUOFENG_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q -n 2 tests/test_fuzz.py

clean:
	rm -rf $(VENV) rules_out/*.json rules_out/rules.jsonl
