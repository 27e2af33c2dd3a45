# The two commands of the quick start: `make demo` and `make test`.
# Each creates the virtual environment on first use (PYTHON >= 3.11) with what it needs:
# `make demo` only the model and the report (ecosim's own dependencies); `make test`
# and `make viz` add the extras (educator app, analyses, cluster launchers, browser
# test) and the app's front-end assets (fetched once from the npm registry, so that
# `make viz` then works offline).
# `make test-fast` runs the tests not marked slow (under 2 minutes on 2 cores), for
# quick checks while editing; `make test` runs them all (what CI runs).
# `make study-<name>` reproduces a study of experiments/ into results/<name>/.
# (`make study-lessons` and `make study-seed_effects` write into their experiments/
# folder: the docs quote their committed results.)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORE := $(VENV)/.core
VIZ := $(VENV)/.viz
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast lint bench viz clean

$(CORE): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ecosim needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(CORE)

$(VIZ): $(CORE)
	$(BIN)/python -m pip install --quiet -e '.[viz]'
	@# Only the educator app needs them (npm): without npm, the app's browser test fails
	@# loudly and `ecosim viz` retries the fetch.
	$(BIN)/ecosim assets || echo 'warning: front-end assets not fetched (is npm installed?); make viz will retry'
	touch $(VIZ)

$(STAMP): $(VIZ)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# A small policy comparison (configs/experiment/demo.yaml) on all cores, then its report.
demo: $(CORE)
	sweep=$$($(BIN)/ecosim sweep demo) && $(BIN)/ecosim report "$$sweep"

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check ecosim tests benchmarks hydra_plugins experiments
	$(BIN)/ruff format --check ecosim tests benchmarks hydra_plugins experiments

# VIZ_ARGS: options of `ecosim viz`, e.g. make viz VIZ_ARGS="--port 8800"
viz: $(VIZ)
	$(BIN)/ecosim viz $(VIZ_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_agent_step
	$(BIN)/python -m benchmarks.bench_scaling
	$(BIN)/python -m benchmarks.bench_process
	$(BIN)/python -m benchmarks.bench_sweep
	$(BIN)/python -m benchmarks.bench_profile
	$(BIN)/python -m benchmarks.bench_memory
	$(BIN)/python -m benchmarks.bench_diversity

study-%: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" sh experiments/$*/run.sh

clean:
	rm -rf $(VENV) .venv-* build dist *.egg-info
