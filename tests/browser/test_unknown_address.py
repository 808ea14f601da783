"""An address that names no page (/home, a mistyped /proft, an old bookmark) opens the Overview with a toast in the
session's language. Streamlit showed its own English "Page not found" box instead, even in 中文. A real server and
chromium (the browser tests' one browser: a second sync Playwright in the process fails): only a browser asks for a page by its address (AppTest picks pages by file)."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from tests.browser import server
from tests.browser.conftest import SHOTS

TOAST = {
    "zh": "没有 /{path} 这个页面地址，已为您打开概览。",
    "en": "There is no page at /{path}: here is the Overview.",
}
OVERVIEW = {"zh": "经营总览", "en": "Overview"}


@pytest.fixture(scope="module")
def unknown_url(empty_warehouse_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unknown_address")
    shutil.copyfile(empty_warehouse_file, folder / "wh.duckdb")
    SHOTS.mkdir(parents=True, exist_ok=True)
    proc, url = server.start(folder / "wh.duckdb", SHOTS.parent / "streamlit_unknown_address.log")
    yield url
    server.stop(proc)


@pytest.mark.parametrize(("path", "lang"), [("home", "zh"), ("home", "en"), ("proft", "zh"), ("nosuch", "en")])
def test_an_unknown_address_opens_the_overview_with_a_toast_in_the_language(unknown_url, browser, path, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    try:
        pg.goto(f"{unknown_url}/{path}?lang={lang}", wait_until="domcontentloaded")
        expect(pg.get_by_test_id("stToast").filter(has_text=TOAST[lang].format(path=path))).to_be_visible()
        expect(pg.get_by_role("heading", name=OVERVIEW[lang], exact=True).first).to_be_visible()
        pg.screenshot(path=str(SHOTS / f"unknown_address_{lang}_{path}.png"))
        assert pg.get_by_text("Page not found").count() == 0  # Streamlit's English box
        assert "/" + path not in pg.url  # the address now is the Overview's (the root)
    finally:
        context.close()


def test_a_known_address_opens_its_page_without_a_toast(unknown_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    try:
        pg.goto(f"{unknown_url}/glossary?lang=en", wait_until="domcontentloaded")
        expect(pg.get_by_role("heading", name="Glossary", exact=True).first).to_be_visible()
        pg.wait_for_timeout(1500)
        assert pg.get_by_test_id("stToast").count() == 0
    finally:
        context.close()
