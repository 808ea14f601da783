"""Language switches in a real browser: on every page 中文 → English → 中文 → English keeps the same KPI values,
sidebar filters and address ids, with no exception element and no catalog key shown instead of its text; a
bookmarked view opens the same in each language; screenshots of every page in both languages at two sizes."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS
from tests.browser.test_pages_browser import settle
from ui.catalog import CATALOG

# url path -> (中文 title, English title); the Overview is the default page (the app's root)
PAGES = {"": ("经营总览", "Overview"), "profit": ("SKU利润", "Profit by SKU"), "ads": ("广告", "Advertising"),
         "inventory": ("库存", "Inventory"), "meeting": ("经营分析会", "Business review"), "okr": ("OKR 目标与关键结果", "OKRs"),
         "whatif_ads": ("广告预算模拟", "Ad-budget what-if"), "whatif_fx": ("汇率敏感性", "FX sensitivity"),
         "seasonal": ("季节阈值", "Seasonal thresholds"), "reorder": ("补货计划", "Reorder planning"),
         "data": ("数据", "Data"), "glossary": ("数据字典", "Glossary"), "settings": ("设置", "Settings"),
         "pnl": ("经营利润表", "Management P&L"), "bridge": ("利润桥", "Profit bridge"), "cash": ("回款", "Cash"),
         "budget": ("预算与目标", "Budget & targets"), "returns": ("退货与物流", "Returns & logistics"),
         "customers": ("客户", "Customers")}  # fmt: skip
# a view away from every default: a preset, a comparison, a channel, a calendar (ids only)
VIEW = {"period": "last_90", "compare": "yoy", "channel": "amazon", "calendar": "financial"}
# catalog keys that read like identifiers (a key shown instead of its text is a bug; plain words are not keys)
KEYS = sorted((k for k in CATALOG if "_" in k), key=len, reverse=True)
KEY_RE = re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, KEYS)) + r")(?![\w.-])")
# sidebar selectbox (catalog key of its label) -> the id VIEW gives it
SIDEBAR = {"period": "last_90", "compare": "yoy", "channel": "amazon"}


def sidebar_holds_the_view(page, lang: str) -> None:
    """Checks every sidebar selectbox shows the label of the view's id in `lang`."""
    sidebar = page.get_by_test_id("stSidebar")
    i = lang == "en"
    for label, choice in SIDEBAR.items():
        expect(sidebar.get_by_role("combobox", name=CATALOG[label][i], exact=True)).to_have_value(CATALOG[choice][i])


def ids(url: str) -> dict[str, str]:
    """Returns the address parameters except the language."""
    return {k: v for k, v in parse_qsl(urlparse(url).query) if k != "lang"}


def observe(page, lang: str) -> dict:
    """Returns what must survive a language switch: KPI values, address ids; checks the page is sound."""
    settle(page)
    assert page.get_by_test_id("stException").count() == 0, f"{page.url} ({lang}) shows an exception"
    text = page.get_by_test_id("stMain").inner_text() + page.get_by_test_id("stSidebar").inner_text()
    shown = sorted(set(KEY_RE.findall(text)))
    assert not shown, f"{page.url} ({lang}) shows catalog keys {shown}"
    sidebar_holds_the_view(page, lang)
    return {"kpis": page.get_by_test_id("stMetricValue").all_inner_texts(), "ids": ids(page.url)}


def switch(page, lang: str) -> None:
    name = "中文" if lang == "zh" else "English"
    page.get_by_test_id("stSidebar").get_by_role("radio", name=name, exact=True).click()
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox").first).to_be_visible()


@pytest.mark.parametrize("path", list(PAGES))
def test_switching_language_keeps_the_view(app_url, page, path):
    url, _ = app_url
    query = "&".join(f"{k}={v}" for k, v in {"lang": "zh", **VIEW}.items())
    page.goto(f"{url}/{path}?{query}", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name=PAGES[path][0], exact=True).first).to_be_visible()
    seen = {"zh": [observe(page, "zh")], "en": []}
    for lang in ("en", "zh", "en"):
        switch(page, lang)
        expect(page.get_by_role("heading", name=PAGES[path][lang == "en"], exact=True).first).to_be_visible()
        seen[lang].append(observe(page, lang))
        assert f"lang={lang}" in page.url
    for lang, runs in seen.items():
        for run in runs:
            for k, v in VIEW.items():
                assert run["ids"].get(k) == v, f"{path}: {k} became {run['ids'].get(k)!r} in {lang}"
        assert runs[0]["kpis"] == runs[-1]["kpis"], f"{path}: KPI values changed across {lang} visits"
    assert len(seen["zh"][0]["kpis"]) == len(seen["en"][0]["kpis"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bookmarked_view_opens_in_each_language(app_url, page, lang):
    url, _ = app_url
    query = "&".join(f"{k}={v}" for k, v in {"lang": lang, **VIEW}.items())
    page.goto(f"{url}/profit?{query}", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name=PAGES["profit"][lang == "en"], exact=True).first).to_be_visible()
    settle(page)
    sidebar_holds_the_view(page, lang)
    calendar = CATALOG["financial"][lang == "en"]
    expect(page.get_by_test_id("stSidebar").get_by_role("radio", name=calendar, exact=True)).to_be_checked()
    assert {k: v for k, v in ids(page.url).items() if k in VIEW} == VIEW
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("size", [(1440, 900), (1920, 1080)])
def test_screenshots_of_every_page(app_url, browser, size):
    url, _ = app_url
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(240_000)
    try:
        for lang in ("zh", "en"):
            for path, titles in PAGES.items():
                page.goto(f"{url}/{path}?lang={lang}", wait_until="domcontentloaded")
                expect(page.get_by_role("heading", name=titles[lang == "en"], exact=True).first).to_be_visible()
                settle(page)
                assert page.get_by_test_id("stException").count() == 0, f"{path} ({lang}) shows an exception"
                page.screenshot(path=str(SHOTS / f"{path or 'overview'}_{lang}_{width}x{height}.png"), full_page=True)
    finally:
        context.close()
