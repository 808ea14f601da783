"""Real-browser checks: every page in both languages without an exception element, a period change moves a KPI,
a deep link reopens its view, an upload shows its result line; a screenshot of every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS

ROOT = Path(__file__).resolve().parents[2]
# the Overview is the default page: its address is the app's root
PAGES = {"": ("经营总览", "Overview"), "profit": ("SKU利润", "Profit by SKU"), "ads": ("广告", "Advertising"),
         "inventory": ("库存", "Inventory"), "data": ("数据", "Data"), "glossary": ("数据字典", "Glossary"),
         "settings": ("设置", "Settings"),
         "pnl": ("经营利润表", "Management P&L"), "bridge": ("利润桥", "Profit bridge"), "cash": ("回款", "Cash"),
         "budget": ("预算与目标", "Budget & targets"), "returns": ("退货与物流", "Returns & logistics"),
         "customers": ("客户", "Customers")}  # fmt: skip
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'


def settle(page) -> None:
    """Waits until the script run triggered last has finished."""
    page.wait_for_timeout(400)  # let a just-triggered rerun start before waiting for idle
    page.wait_for_selector(IDLE, state="attached")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    # element code loads lazily after a page load, and elements of the last run stay "stale" until replaced
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(page.get_by_test_id("stSkeletonElement")).to_have_count(0)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def open_view(page, url: str, path: str, query: str, heading: str) -> None:
    page.goto(f"{url}/{path}?{query}", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
    settle(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_without_exception(app_url, page, lang):
    url, kind = app_url
    for path, titles in PAGES.items():
        title = titles[0] if lang == "zh" else titles[1]
        open_view(page, url, path, f"lang={lang}", title)
        assert page.get_by_test_id("stException").count() == 0, f"{path} ({lang}) shows an exception"
        page.screenshot(path=str(SHOTS / f"{path or 'overview'}_{lang}.png"))


def test_changing_the_period_changes_a_kpi(app_url, page):
    url, _ = app_url
    open_view(page, url, "", "lang=en&period=last_7", "Overview")
    first = page.get_by_test_id("stMetricValue").first
    before = first.inner_text()
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Year to date").click()
    expect(first).not_to_have_text(before)
    settle(page)
    assert "period=ytd" in page.url


def test_a_deep_link_reopens_the_same_view(app_url, page):
    url, _ = app_url
    query = "lang=en&period=last_month&compare=yoy&calendar=financial"
    open_view(page, url, "profit", query, "Profit by SKU")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Period")).to_have_value("Last month")
    expect(sidebar.get_by_role("combobox", name="Compare with")).to_have_value("Same period last year")
    expect(sidebar.get_by_role("radio", name="Financial (posting date)")).to_be_checked()
    for part in ("period=last_month", "compare=yoy", "calendar=financial"):
        assert part in page.url
    assert re.search(r"/profit\?", page.url)


def test_an_upload_on_the_data_page_shows_its_result_line(app_url, page):
    url, _ = app_url
    open_view(page, url, "data", "lang=en", "Data")
    # the demo runs two amazon.com stores: a store's report goes to the store the seller picks first
    page.get_by_test_id("stMain").get_by_role("combobox", name="Store the files come from").click()
    page.get_by_role("option", name="Default store").click()
    settle(page)
    sample = ROOT / "tests" / "fixtures" / "exports" / "amazon_transactions" / "us_2025.csv"
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(sample))
    alert = page.get_by_test_id("stAlertContainer").filter(has_text="us_2025.csv: Amazon transaction report")
    expect(alert.first).to_be_visible()
    assert re.search(r"rows added|already imported", alert.first.inner_text())
    settle(page)
    page.screenshot(path=str(SHOTS / "data_upload_en.png"))
