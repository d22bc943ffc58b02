# Two commands for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: setup demo test check lint bench clean

# the native core (Rust, built by maturin through pip): a changed source rebuilds it
NATIVE := Cargo.toml Cargo.lock $(shell find native -path native/fuzz -prune -o \( -name '*.rs' -o -name Cargo.toml \) -print)

$(STAMP): pyproject.toml $(NATIVE)
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $@

setup: $(STAMP)

# the whole story (vault, masked views, reveal, denial, release, leak, trace, audit) in a
# fresh temporary folder; exits non-zero if any step did not go as expected
demo: setup
	$(BIN)/boxguard demo

PYDIRS := $(wildcard src tests bench scripts)

lint: setup
	$(BIN)/ruff check $(PYDIRS)
	$(BIN)/ruff format --check $(PYDIRS)
	$(BIN)/mypy
	$(BIN)/lint-imports
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -q -- -D warnings

test: setup lint
	cargo nextest run --workspace --locked --no-fail-fast --status-level fail
	cargo test --doc --workspace --locked -q
	BOXGUARD_TEST_PG_URL=$${BOXGUARD_TEST_PG_URL:-$$(scripts/pg-test-server start)} \
	BOXGUARD_TEST_MYSQL_URL=$${BOXGUARD_TEST_MYSQL_URL:-$$(scripts/mariadb-test-server start)} \
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
