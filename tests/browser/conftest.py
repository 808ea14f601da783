"""Browser fixtures: a warehouse with the demo company (fixtures when the demo is absent), a real Streamlit server,
and Debian's chromium driven by Playwright (sync API)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import server
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-default-apps"]  # fmt: skip


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason="/usr/bin/chromium is missing: run `make browser` (apt chromium)")
                )


def fill_warehouse(path: Path) -> str:
    """Imports the demo company into `path` (the golden fixture files when data/demo has no manifest)."""
    wh = Warehouse(path, path.parent / "archive")
    try:
        demo = ROOT / "data" / "demo"
        # BROWSER_DATA=fixtures keeps the run short (the demo company is a few hundred files)
        if (demo / "manifest.json").is_file() and os.environ.get("BROWSER_DATA") != "fixtures":
            from warehouse.ingest.demo import import_demo

            import_demo(wh, demo, only_if_empty=False)
            return "demo"
        for f in sorted((ROOT / "tests" / "fixtures" / "exports" / "golden").iterdir()):
            wh.ingest_path(f)
        return "golden"
    finally:
        wh.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("browser_wh")
    demo = ROOT / "data" / "demo" / "manifest.json"
    if demo.is_file() and os.environ.get("BROWSER_DATA") != "fixtures":
        # the session's demo warehouse (shared with the demo-story tests), copied so the app can write to it
        shutil.copyfile(request.getfixturevalue("demo_warehouse_file"), folder / "wh.duckdb")
        kind = "demo"
    else:
        kind = fill_warehouse(folder / "wh.duckdb")
    SHOTS.mkdir(parents=True, exist_ok=True)
    proc, url = server.start(folder / "wh.duckdb", SHOTS.parent / "streamlit.log")
    yield url, kind
    server.stop(proc)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2600}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(240_000)  # cold metric queries on a shared 2-core machine
    from playwright.sync_api import expect

    expect.set_options(timeout=240_000)
    yield pg
    context.close()
