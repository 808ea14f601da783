"""Real-browser checks of the planning and meeting pages: each renders without an exception element, and moving
the FX slider changes the scenario profit (the slider rerun goes through the real server and websocket)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS
from tests.browser.test_pages_browser import settle

PAGES = ["whatif_ads", "whatif_fx", "seasonal", "reorder", "meeting", "okr"]


@pytest.mark.parametrize("path", PAGES)
def test_plan_and_meeting_pages_render(app_url, page, path):
    url, _ = app_url
    page.goto(f"{url}/{path}?lang=zh", wait_until="domcontentloaded")
    expect(page.get_by_role("heading").first).to_be_visible()
    settle(page)
    assert page.get_by_test_id("stException").count() == 0, f"{path} shows an exception"
    page.screenshot(path=str(SHOTS / f"{path}_zh.png"))


def test_moving_the_fx_slider_changes_the_scenario_profit(app_url, page):
    url, _ = app_url
    page.goto(f"{url}/whatif_fx?lang=en", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="FX sensitivity").first).to_be_visible()
    settle(page)
    sliders = page.get_by_role("slider")
    expect(sliders.first).to_be_visible()
    scenario = page.get_by_test_id("stMetricValue").nth(1)
    before = scenario.inner_text()
    sliders.first.focus()
    for _ in range(5):  # keyboard steps trigger a rerun; fill() would not
        page.keyboard.press("ArrowLeft")
    expect(scenario).not_to_have_text(before)
    settle(page)
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=str(SHOTS / "whatif_fx_slider_en.png"))
