# Storyline: two commands on a fresh machine.
#   make demo   creates .venv, installs everything, builds the demo corpus and prints where the dossier is
#   make test   creates .venv, installs everything, runs the linter and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := build

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Storyline needs Python 3.11: run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	@mkdir -p $(OUT)
	$(BIN)/storyline build examples/corpus --db $(OUT)/demo.db --quiet
	$(BIN)/storyline export --db $(OUT)/demo.db --format json --output $(OUT)/dossier.json
	$(BIN)/storyline export --db $(OUT)/demo.db --format csv --output $(OUT)/dossier-csv
	@echo ""
	@echo "Done. The dossier is in $(CURDIR)/$(OUT)/dossier.json"
	@echo "      (tables for spreadsheets in $(CURDIR)/$(OUT)/dossier-csv/, the store in $(CURDIR)/$(OUT)/demo.db)"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/build_speed.py

clean:
	rm -rf $(VENV) $(OUT) *.egg-info
