"""An undated report (German Seller Central's business report) refused on the Data page is imported with dates
picked in the browser: the first and last day are two fields, so its button works as soon as both hold a day (a
range field held one day until its calendar closed, and the button stayed off)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SHOTS
from tests.browser.test_pages_browser import open_view, settle

ROOT = Path(__file__).resolve().parents[2]
BUSINESS = ROOT / "tests" / "fixtures" / "cases" / "amazon_business_report_de_german_ui.csv"


def test_an_undated_report_imports_with_two_days_picked(app_url, page):
    url, _ = app_url
    open_view(page, url, "data", "lang=en", "Data")
    main = page.get_by_test_id("stMain")
    store = main.get_by_role("combobox", name="Store the files come from")
    if store.count():  # the demo runs two amazon.com stores: the seller picks one first
        store.click()
        page.get_by_role("option", name="Default store").click()
        settle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(BUSINESS))
    refusal = page.get_by_test_id("stAlertContainer").filter(has_text="does not say which dates it covers")
    expect(refusal.first).to_be_visible()
    settle(page)
    button = main.get_by_role("button", name="Import with these dates")
    expect(button).to_be_disabled()
    # each field is year, month and day segments: each typed in turn, then the field is left
    for label, parts in (("First day the report covers", ("2026", "10", "01")),
                         ("Last day the report covers", ("2026", "10", "31"))):  # fmt: skip
        group = main.get_by_role("group", name=label)
        for kind, text in zip(("year", "month", "day"), parts):
            group.locator(f'[data-type="{kind}"]').click()
            page.keyboard.type(text)
        page.keyboard.press("Enter")
        main.get_by_role("heading", name="Data", exact=True).first.click()  # leave the field
        settle(page)
    page.screenshot(path=str(SHOTS / "data_undated_dates_en.png"))
    expect(button).to_be_enabled(timeout=15000)
    button.click()
    settle(page)
    line = page.get_by_test_id("stAlertContainer").filter(has_text=f"{BUSINESS.name}: Amazon business report")
    expect(line.first).to_be_visible()
    expect(refusal).to_have_count(0)
    page.screenshot(path=str(SHOTS / "data_undated_report_en.png"))
