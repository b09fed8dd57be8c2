# The two commands of the README: `make run` and `make test`. Both start from nothing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
INDEX  ?= .pubkb

.PHONY: install system-deps run index test lint typecheck pytest test-slow bench clean corpus

# Debian packages the tests need (a real headless Chromium for the browser tests). Installed
# only when missing, so a machine that has them needs neither root nor the network.
APT_PACKAGES := chromium tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor poppler-utils fonts-nanum fonts-noto-core

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

index: install
	PUBKB_INDEX=$(INDEX) $(BIN)/pubkb index corpus/

run: index
	@echo "pubkb: serving on http://localhost:$(PORT)"
	PUBKB_INDEX=$(INDEX) $(BIN)/streamlit run search_app/app.py \
	    --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/vulture

typecheck: install
	$(BIN)/mypy indexer

pytest: install system-deps
	$(BIN)/pytest -m "not slow"

test: lint typecheck pytest

test-slow: install
	$(BIN)/pytest -m slow

corpus: install
	$(BIN)/python corpus/generate.py

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache .mypy_cache .ruff_cache
