"""A whole business review in a real browser: create the review, freeze the data, step through every section, add
an action item, download the minutes, restart the server and find the meeting and the item again."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import server
from tests.browser.conftest import SHOTS, fill_warehouse
from tests.browser.test_pages_browser import settle

SECTIONS = 8  # opening, sales, marketing, supply chain, finance, tech/data, cross-department, summary


@pytest.fixture(scope="module")
def meeting_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("meeting_wh") / "wh.duckdb"
    fill_warehouse_golden(path)
    return path


def fill_warehouse_golden(path: Path) -> None:
    import os

    old = os.environ.get("BROWSER_DATA")
    os.environ["BROWSER_DATA"] = "fixtures"  # the golden company is enough for one meeting, and quick
    try:
        fill_warehouse(path)
    finally:
        if old is None:
            os.environ.pop("BROWSER_DATA")
        else:
            os.environ["BROWSER_DATA"] = old


def test_a_whole_meeting_persists_across_a_restart(meeting_db, page, tmp_path):
    proc, url = server.start(meeting_db, SHOTS.parent / "streamlit_meeting.log")
    try:
        open_through_the_app(page, url)
        expect(page.get_by_role("heading", name="Business review").first).to_be_visible()
        settle(page)
        page.get_by_role("button", name="Create").click()
        settle(page)
        page.get_by_role("button", name="Start the meeting (freeze the data)").click()
        settle(page)
        assert page.get_by_test_id("stException").count() == 0
        for step in range(SECTIONS - 1):
            expect(page.get_by_text(f"{step + 1}/{SECTIONS} ·").first).to_be_visible()
            page.get_by_role("button", name="Next →").click()
            settle(page)
            assert page.get_by_test_id("stException").count() == 0, f"section {step + 2} shows an exception"
        expect(page.get_by_text(f"{SECTIONS}/{SECTIONS} ·").first).to_be_visible()
        form = page.get_by_test_id("stForm").filter(has=page.get_by_role("textbox", name="Item", exact=True))
        form.get_by_role("textbox", name="Item", exact=True).fill("Air-ship 300 CAM-B before Black Friday")
        form.get_by_role("textbox", name="Owner (one person)").fill("Lin")
        form.get_by_role("button", name="Add").click()
        settle(page)
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_test_id("stAlertContentError").count() == 0, page.get_by_test_id(
            "stAlertContentError"
        ).all_inner_texts()
        # tables are canvas grids: read the item via the minutes, whose button is redrawn by the run after the add
        text = minutes_until(page, tmp_path / "minutes.md", "Air-ship 300 CAM-B before Black Friday")
        assert "Air-ship 300 CAM-B before Black Friday" in text and "Lin" in text
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "meeting_summary_en.png"))
    finally:
        server.stop(proc)
    # the app restarts and the facilitator's bookmark (a deep link to the summary) is the server's first request:
    # it opens the same meeting at the same section, routed through app.py (sidebar, language), item still there
    proc, url = server.start(meeting_db, SHOTS.parent / "streamlit_meeting2.log")
    try:
        page.goto(f"{url}/meeting?lang=en&meeting=1&section=summary", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="Business review").first).to_be_visible()
        settle(page)
        expect(page.get_by_text(f"{SECTIONS}/{SECTIONS} ·").first).to_be_visible()
        # routed through app.py: the sidebar carries the global filters (run alone, the page would have none)
        expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Period")).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
        assert "Air-ship 300 CAM-B before Black Friday" in minutes_text(page, tmp_path / "minutes_after_restart.md")
    finally:
        server.stop(proc)


def open_through_the_app(page, url: str) -> None:
    """Opens the app's root first, then the meeting page, as a user clicking through the app would."""
    page.goto(f"{url}/?lang=en", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Overview").first).to_be_visible()
    settle(page)
    page.goto(f"{url}/meeting?lang=en", wait_until="domcontentloaded")


def minutes_until(page, path: Path, needle: str, tries: int = 5) -> str:
    """Downloads the minutes until they contain `needle` (the add reruns the script twice: item stored, then the
    page redrawn with it); returns the last text."""
    text = ""
    for _ in range(tries):
        text = minutes_text(page, path)
        if needle in text:
            break
        page.wait_for_timeout(1000)
        settle(page)
    return text


def minutes_text(page, path: Path) -> str:
    """Downloads the minutes as Markdown and returns their text."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Download minutes (Markdown)").click()
    download.value.save_as(path)
    return path.read_text(encoding="utf-8")
