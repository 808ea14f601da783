"""Cold first page: a fresh `python -m ui.serve` on a warehouse, then one browser visit of the Overview.

Prints, in seconds: the server process start until /_stcore/health answers; from the first visit until the first
KPI tile is in the page, and until the script run is idle (the whole page drawn); a second visit's first KPI tile
(what a warm server costs: the browser loading Streamlit's frontend and one script run). The warehouse is copied first (the
copy is opened, so the original stays as it is). Run: `python bench/firstpage.py --db /tmp/demo/wh.duckdb`.
Needs Debian chromium (`make browser`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import server  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM  # noqa: E402

# where a visit's time goes, from the browser's Navigation/Resource Timing: the HTML answered, the document parsed,
# every script/style loaded (Streamlit's frontend bundle), the last resource fetched, and now (the first KPI tile)
STEPS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const scripts = res.filter(r => r.initiatorType === 'script' || r.name.endsWith('.js'));
  const end = (rs) => rs.length ? Math.max(...rs.map(r => r.responseEnd)) : null;
  return {html: nav.responseEnd, parsed: nav.domContentLoadedEventEnd, loaded: nav.loadEventEnd,
          scripts: end(scripts), n_resources: res.length * 1000, last_resource: end(res), tile: performance.now()};
}"""
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="warehouse file (copied; the copy is served)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="firstpage_"))
    shutil.copyfile(args.db, folder / "wh.duckdb")
    from playwright.sync_api import sync_playwright

    t0 = time.monotonic()
    proc, url = server.start(folder / "wh.duckdb", folder / "streamlit.log", timeout=600)
    t1 = time.monotonic()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1440, "height": 2000}, locale="zh-CN")
            page.set_default_timeout(600_000)
            t2 = time.monotonic()
            page.goto(url)
            page.get_by_test_id("stMetricValue").first.wait_for()
            t3 = time.monotonic()
            first_steps = page.evaluate(STEPS)
            page.wait_for_timeout(300)
            page.wait_for_selector(IDLE, state="attached")
            t4 = time.monotonic()
            second = browser.new_page(viewport={"width": 1440, "height": 2000}, locale="zh-CN")
            second.set_default_timeout(600_000)
            t5 = time.monotonic()
            second.goto(url)
            second.get_by_test_id("stMetricValue").first.wait_for()
            t6 = time.monotonic()
            second_steps = second.evaluate(STEPS)
            browser.close()
        log = (folder / "streamlit.log").read_text(encoding="utf-8", errors="replace")
        print("\n".join(line for line in log.splitlines() if "Seller Cockpit" in line))
    finally:
        server.stop(proc)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"server healthy after {t1 - t0:.1f} s (browser start {t2 - t1:.1f} s, not counted)")
    print(f"first KPI tile {t3 - t2:.1f} s after the visit; page idle {t4 - t2:.1f} s (incl. a 0.3 s settle wait)")
    print(f"a second visit (new tab): first KPI tile {t6 - t5:.1f} s")
    for name, steps in (("first", first_steps), ("second", second_steps)):
        print(f"{name} visit, browser's own clock (s after navigation start): " + ", ".join(
            f"{k} {v / 1000:.2f}" for k, v in steps.items() if v is not None))  # fmt: skip


if __name__ == "__main__":
    main()
