# Two commands set everything up from a bare Python: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest eval bench fuzz test-pure clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# the package's bytecode compiled, as a pip install leaves it (an editable install where
# PYTHONDONTWRITEBYTECODE is set never writes it: one page through `clean -` then runs 1.6x the
# instructions)
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev,ray]'
	$(BIN)/python -m compileall -q cleaner
	touch $(STAMP)

## run: clean the bundled seeds/ into out/ (text with titles, and one JSONL file) and print a summary
run: $(STAMP)
	rm -rf out
	$(BIN)/cleaner clean seeds/ --include '*.txt' -o out/ --with-title
	$(BIN)/cleaner clean seeds/ --include '*.txt' -o out/seeds.jsonl
	$(BIN)/python -m cleaner.summary out/seeds.jsonl

## test: ruff, mypy, pytest (with doctests), the seed evaluation gate, the pure-Python backend
test: $(STAMP) lint typecheck pytest eval test-pure

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$rc

## eval: score the seeds, the dev pages and the dev dumps; fails below bench/floors.json (ERRORS=1 lists misses)
eval: $(STAMP)
	$(BIN)/python bench/evaluate.py $(if $(ERRORS),--errors)

## bench: throughput, per-filter time, memory, start-up, trafilatura comparison
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/bench.py

## fuzz: the fuzz properties of tests/test_fuzz.py, randomised, for FUZZ_SECONDS (default 600)
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --seconds $(FUZZ_SECONDS)

## test-pure: the seed tests again with opencc-python-reimplemented instead of the native binding
test-pure: $(STAMP)
	@test -x .venv-pure/bin/python || $(PY) -m venv .venv-pure
	.venv-pure/bin/python -m pip install -q click chardet charset-normalizer rich ahocorasick-rs selectolax fastwarc pytest pytest-timeout hypothesis opencc-python-reimplemented
	.venv-pure/bin/python -m pip install -q --no-deps -e .
	.venv-pure/bin/python -m pytest -q -p no:cacheprovider tests/test_seeds.py tests/filters/test_simplify.py

clean:
	rm -rf out .venv .venv-pure .pytest_cache .mypy_cache .ruff_cache
