# coopcarbon — `make help` lists the targets. Every target sets up .venv itself.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help demo test lint typecheck check bench bench-quick docs tables wheel clean fuzz

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## compute and print the bilan of the bundled example (Scop Exemple, Lyon)
	mkdir -p build && $(BIN)/coopcarbon report examples/scop-lyon/bilan-2024.yaml --lang fr --format html -o build/rapport-scop-lyon-2024.html --force --summary

test: $(STAMP)  ## run the whole test suite (unit, property, docs and examples)
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff on src, tests, tools, benchmarks, examples
	$(BIN)/ruff check src tests tools benchmarks examples

typecheck: $(STAMP)  ## mypy --strict on src
	$(BIN)/mypy

check: lint typecheck test  ## everything CI runs

FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)  ## long fuzz of the table and bilan loaders (FUZZ_EXAMPLES=20000 per test; CI runs 1000)
	COOPCARBON_FUZZ_RANDOM=1 COOPCARBON_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py

bench: $(STAMP)  ## run the benchmarks (ratios against baselines measured in the same run)
	$(BIN)/python -m pip install --quiet -e '.[bench,network]'
	$(BIN)/python benchmarks/run.py

bench-quick: $(STAMP)  ## every benchmark at small sizes: checks that they run (figures not comparable with the targets)
	$(BIN)/python -m pip install --quiet -e '.[bench,network]'
	$(BIN)/python benchmarks/run.py --quick

docs: $(STAMP)  ## build the documentation site into site/ (mkdocs, strict: warnings fail)
	$(BIN)/mkdocs build --strict -d site

tables: $(STAMP)  ## regenerate emission_factors/, the shipped library and the factor catalogue from tools/reference-data and tools/curation
	$(BIN)/python tools/build_tables.py

wheel: $(STAMP)  ## build the wheel into dist/
	$(BIN)/python -m pip wheel --no-deps -w dist .

clean:  ## remove the virtual environment and build artefacts
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache
