# blogarchive: `make demo` runs the main job, `make test` the tests. Both set themselves up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus

.PHONY: demo test lint accuracy clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## demo: extract posts and threads from the project's own sample pages and show them
demo: $(BIN)/.installed
	$(BIN)/blogarchive extract tests/fixtures --no-tree
	$(BIN)/blogarchive extract tests/fixtures/dailykos/diary-with-comments.html

## test: lint, then the whole test suite (real-page tests read $(CORPUS) where it exists)
test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .

## accuracy: score extraction on the real pages of $(CORPUS), trafilatura alongside
accuracy: $(BIN)/.installed
	$(BIN)/python bench/accuracy.py --corpus $(CORPUS) --json bench/results/accuracy.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
