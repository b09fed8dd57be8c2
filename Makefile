# The two commands of the README: `make run` and `make test`. Both start from nothing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
INDEX  ?= .pubkb

.PHONY: install run index test lint typecheck pytest test-slow bench clean corpus

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

index: install
	PUBKB_INDEX=$(INDEX) $(BIN)/pubkb index corpus/

run: index
	@echo "pubkb: serving on http://localhost:$(PORT)"
	PUBKB_INDEX=$(INDEX) $(BIN)/streamlit run search_app/app.py \
	    --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy indexer

pytest: install
	$(BIN)/pytest -m "not slow"

test: lint typecheck pytest

test-slow: install
	$(BIN)/pytest -m slow

corpus: install
	$(BIN)/python corpus/generate.py

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache .mypy_cache .ruff_cache
