# The two quickstart commands are `make demo` and `make test`; both set up
# everything they need from a fresh clone.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
OUT ?= out

.PHONY: install demo test test-all bench train-align clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first, pinned: the CPU build on this machine's disk.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Ingest the bundled examples, run every stage, write and print the brief.
demo: install
	$(BIN)/newsprism analyze examples/ --db $(OUT)/demo.db --out $(OUT)
	@cat $(OUT)/brief.md

test: install
	$(BIN)/python -m pytest

# Everything, including tests marked slow.
test-all: install
	$(BIN)/python -m pytest -m ''

bench: install
	$(BIN)/python -m bench

# Retrain the claim-alignment pair classifier (writes src/newsprism/data/claims_align_model.toml).
train-align: install
	$(BIN)/python bench/train_align.py

clean:
	rm -rf $(VENV) $(OUT)
