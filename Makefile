# The two quickstart commands are `make demo` and `make test`; both set up
# everything they need from a fresh clone.  Three pinned locks in requirements/:
# runtime (what newsprism runs on: `make demo`), test (runtime + test and lint
# tools: `make test`, `make lint`) and bench (test + the benchmark peers).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out
# One stamp per lock and the project file: an edit to either reinstalls.
hash = $(shell cat pyproject.toml $(wildcard requirements/*.lock) | cksum | cut -d' ' -f1)
STAMP_RUNTIME := $(VENV)/.runtime-$(hash)
STAMP_TEST := $(VENV)/.test-$(hash)
STAMP_BENCH := $(VENV)/.bench-$(hash)

.PHONY: install install-test install-bench demo test test-all lint docs bench train-align clean

$(STAMP_RUNTIME): pyproject.toml requirements/runtime.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first, pinned: the CPU build on this machine's disk.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -r requirements/runtime.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	rm -f $(VENV)/.runtime-*
	touch $@

$(STAMP_TEST): $(STAMP_RUNTIME) requirements/test.lock
	$(BIN)/python -m pip install -q -r requirements/test.lock
	rm -f $(VENV)/.test-*
	touch $@

$(STAMP_BENCH): $(STAMP_TEST) requirements/bench.lock
	$(BIN)/python -m pip install -q -r requirements/bench.lock
	rm -f $(VENV)/.bench-*
	touch $@

install: $(STAMP_RUNTIME)
install-test: $(STAMP_TEST)
install-bench: $(STAMP_BENCH)

# Ingest the bundled examples, run every stage, write and print the brief.
demo: install
	$(BIN)/newsprism analyze examples/ --db $(OUT)/demo.db --out $(OUT)
	@cat $(OUT)/brief.md

test: install-test
	$(BIN)/python -m pytest

# Everything, including tests marked slow.
test-all: install-bench
	$(BIN)/python -m pytest -m ''

lint: install-test
	$(BIN)/ruff check src tests bench

# The generated references; tests check they are current.
docs: install
	$(BIN)/newsprism settings --markdown > docs/settings.md
	$(BIN)/python -c "from newsprism.errors import errors_markdown; print(errors_markdown(), end='')" > docs/errors.md

bench: install-bench
	$(BIN)/python -m bench

# Retrain the claim-alignment pair classifier (writes src/newsprism/data/claims_align_model.toml)
# and fine-tune the cross-encoder (session 10's recipe: MSRP only, six layers from scratch, LoRA rank 32,
# LayerNorms and biases, both pair orders, 3 epochs, the epoch chosen by MSRP dev accuracy; writes
# src/newsprism/data/claims_align_cross.npz; ~6 min on 2 free cores, bench/RESULTS.md session 10).
train-align: install
	$(BIN)/python bench/train_align.py
	nice $(BIN)/python bench/train_align.py --cross --layers 6 --rank 32 --alpha 64 --norms --swap \
	    --select acc --epochs 3 --lr 6e-4 --ecb-pairs 0

clean:
	rm -rf $(VENV) $(OUT)
