# Seller Cockpit — two commands do everything on a fresh machine:
#   make run    set up, import the demo company into the default demo warehouse when it is empty, start the
#               server at http://127.0.0.1:$(PORT) (PORT=8502 make run for another port)
#   make test   set up (incl. Debian chromium + CJK fonts for browser tests), lint, run every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test venv dev browser lint fmt demo-data bench bench-5m bench-refresh clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev: $(VENV)/.dev-installed

run: venv
	$(PY) -m warehouse demo --if-empty --default-path-only
	$(PY) -m ui.serve --server.port $(PORT)

# Debian's chromium (Playwright's own browser download cannot work offline) and a CJK font for 中文 pages
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk\|wqy"; then \
		echo "installing Debian chromium and CJK fonts"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-liberation >/dev/null) \
		|| (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-liberation >/dev/null); \
	fi

lint: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: dev browser lint
	$(PY) -m pytest -q -n 2 --dist loadfile --durations=60

demo-data: venv
	$(PY) -m warehouse.demo_gen --out data/demo

bench: dev
	$(PY) bench/ingest.py
	$(PY) bench/report.py
	$(PY) bench/pages.py
	$(PY) bench/whatif.py

# 5M order lines / 2,000 SKUs / 2 years generated into /tmp/seller_cockpit_5m (~3 GB, ~6 min the first time)
bench-5m: dev
	$(PY) bench/bigwh.py
	$(PY) bench/whatif.py --db /tmp/seller_cockpit_5m/wh.duckdb --write
	$(PY) bench/pages.py --db /tmp/seller_cockpit_5m/wh.duckdb --runs 3 --tag 5m \
		--label "generated warehouse: 5M order lines, 2,000 SKUs, two years (bench/bigwh.py)"

# issue 14: one day's / one month's files, full rebuild, undo, base switch, peak memory at 5M lines (BENCHMARKS.md
# "Refresh (issue 14)"); the generated warehouse ends a month ago so the new files fit before today (reused when there)
bench-refresh: dev
	$(PY) bench/bigwh.py --end $$($(PY) -c "import datetime as d; print(d.date.today() - d.timedelta(days=31))")
	$(PY) bench/refresh.py --db /tmp/seller_cockpit_5m/wh.duckdb

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
