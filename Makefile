# Two commands do all the set-up on a fresh Debian 12 machine:
#   make run    start the app on the embedded demo database
#   make test   run the whole test suite
VENV := .venv
STAMP := $(VENV)/.installed
PY := $(VENV)/bin/python
DEMO_DIR ?= .demo-data

.PHONY: run test lint screenshots setup

run: $(STAMP)
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ]; then \
	  echo "No display here: starting offscreen (nothing is shown; Ctrl+C quits)."; \
	  export QT_QPA_PLATFORM=offscreen; fi; \
	QT_LOGGING_RULES="qt.multimedia.*=false" $(PY) -m desktop --demo --data-dir $(DEMO_DIR) $(ARGS)

# The central store's tests need a real PostgreSQL: scripts/postgres.sh installs
# (as root) and starts one on loopback; without it those tests skip and say why.
test: $(STAMP)
	@url="$${RETURNDESK_TEST_PG_URL:-$$(bash scripts/postgres.sh 2>/dev/null | tail -1)}"; \
	case "$$url" in postgresql*) export RETURNDESK_TEST_PG_URL="$$url";; \
	  *) echo "PostgreSQL not available: its tests will be skipped";; esac; \
	$(PY) -m pytest $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop --screenshots docs/screenshots

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
