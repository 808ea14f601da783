"""Page messages count within the sidebar filters in force, or say they are the company's (AppTest, both languages).

P&L: a channel chosen whose view holds no expenses says the company's expenses are elsewhere (not "No expenses
yet"). Overview / Profit: the unsettled-orders caption counts only the channel's notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_app_page
from tests.test_pnl_page import pnl_wh  # noqa: F401  (module fixture: the P&L fixture company)
from ui.catalog import CATALOG
from ui.i18n import tr

ROOT = Path(__file__).resolve().parent.parent
JAN = {"period": "custom", "start": "2026-01-01", "end": "2026-01-31", "compare": "previous"}


def open_page(path: Path, monkeypatch, page: str, params: dict) -> AppTest:
    """Opens `page` of app.py on a private copy of the warehouse file `path` (conftest.open_app_page)."""
    return open_app_page(path, monkeypatch, page, params, copy="scope_", timeout=600)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pnl_channel_without_expenses_points_to_company(pnl_wh, monkeypatch, lang):  # noqa: F811
    # expenses.csv: the only Shopify expense (3PL) is in February, so a Shopify view of January holds none, while
    # the company booked salaries, software and samples in January: "No expenses yet" would be wrong
    at = open_page(pnl_wh, monkeypatch, "pages/pnl.py", {**JAN, "channel": "shopify", "lang": lang})
    infos = [i.value for i in at.info]
    i = 0 if lang == "zh" else 1
    assert CATALOG["pnl_no_expenses"][i] not in infos
    elsewhere = CATALOG["pnl_expenses_elsewhere"][i].split("{n}")[0]
    assert any(x.startswith(elsewhere) for x in infos), infos


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pnl_sku_without_expenses_points_to_the_sku_filter(pnl_wh, monkeypatch, lang):  # noqa: F811
    # expenses.csv books January's salaries and software to the company (no channel): a view of one SKU (CAM-A, no
    # channel, marketplace or store chosen) holds none, and the sentence must name the SKU filter it can clear, not
    # "clear the channel / marketplace / store filter" (none is set)
    at = open_page(pnl_wh, monkeypatch, "pages/pnl.py", {**JAN, "sku": "CAM-A", "lang": lang})
    infos = [i.value for i in at.info]
    i = 0 if lang == "zh" else 1
    # the two sentences open alike: their ends (after the amount) tell them apart
    assert not any(x.endswith(CATALOG["pnl_expenses_elsewhere"][i].split("{n}")[1]) for x in infos), infos
    assert any(x.endswith(CATALOG["pnl_expenses_sku"][i].split("{n}")[1]) for x in infos), infos


def test_pnl_without_filter_has_no_elsewhere_message(pnl_wh, monkeypatch):  # noqa: F811
    at = open_page(pnl_wh, monkeypatch, "pages/pnl.py", {**JAN, "lang": "en"})
    assert not [i.value for i in at.info if "No expenses" in i.value]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize(("channel", "lang", "shown"), [("shopify", "en", False), ("tiktok", "zh", True)])
def test_unsettled_orders_caption_follows_channel(demo_warehouse_file, monkeypatch, channel, lang, shown):
    # the demo's unsettled orders are all TikTok Shop (tiktok.us, 27 Oct – 20 Nov 2026): a Shopify-only view must
    # not say "232 unsettled orders", a TikTok one must
    params = {"period": "custom", "start": "2026-10-01", "end": "2026-11-30", "channel": channel, "lang": lang}
    at = open_page(demo_warehouse_file, monkeypatch, "pages/overview.py", params)
    head = CATALOG["estimated_fees_caption"][0 if lang == "zh" else 1].split("{n}")[0]
    assert any(c.startswith(head) for c in captions(at)) is shown, captions(at)
    note = CATALOG["alerts_scope_note"][0 if lang == "zh" else 1]
    assert note in captions(at)


@pytest.mark.parametrize(("start", "end", "lang", "n"), [("2026-10-01", "2026-10-26", "en", None),
                                                          ("2026-11-14", "2026-11-20", "zh", 170)])  # fmt: skip
def test_unsettled_orders_caption_counts_the_period(demo_warehouse_file, monkeypatch, start, end, lang, n):
    # the demo's 232 unsettled TikTok orders are dated 27 Oct – 20 Nov 2026: a view of October before the 27th holds
    # none of them (no caption), and the week of 14–20 Nov holds 170 of them (the tiktok.us orders of those days no
    # statement covers), not all 232 as when the whole span was counted whenever it overlapped the period
    params = {"period": "custom", "start": start, "end": end, "channel": "tiktok", "lang": lang}
    at = open_page(demo_warehouse_file, monkeypatch, "pages/overview.py", params)
    i = 0 if lang == "zh" else 1
    head = CATALOG["estimated_fees_caption"][i].split("{n}")[0]
    shown = [c for c in captions(at) if c.startswith(head)]
    if n is None:
        assert not shown, captions(at)
    else:
        assert shown == [tr("estimated_fees_caption", lang, n=n)], captions(at)


@pytest.mark.parametrize(("channel", "lang", "scope"), [("tiktok", "en", "TikTok Shop"), ("amazon", "zh", "亚马逊"),
                                                         (None, "en", None)])  # fmt: skip
def test_inventory_tiles_say_they_are_company_wide(demo_warehouse_file, monkeypatch, channel, lang, scope):
    # Inventory's tiles and stock are the company's (stock is shared by every channel), while the stock-out list
    # narrows to the channel's sales: with a channel chosen the page says so once, naming it in the page's language
    params = {"period": "custom", "start": "2026-10-24", "end": "2026-11-22", "lang": lang}
    at = open_page(
        demo_warehouse_file, monkeypatch, "pages/inventory.py", params | ({"channel": channel} if channel else {})
    )
    note = CATALOG["inventory_scope_note"][0 if lang == "zh" else 1]
    head = note.split("{scope}")[0]
    notes = [c for c in captions(at) if head in c]
    assert notes == ([":material/info: " + note.format(scope=scope)] if scope else []), captions(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_period_in_a_link_is_said_not_silently_replaced(demo_warehouse_file, monkeypatch, lang):
    # ?period=last_45 is no preset: the page shows the last 30 days (22 Oct – 22 Nov … of the demo) and says so once;
    # an unknown channel likewise; a known link says nothing
    from ui.format import plain  # a value from the link is shown as typed text (Markdown-escaped)

    i = 0 if lang == "zh" else 1
    at = open_page(demo_warehouse_file, monkeypatch, "pages/overview.py",
                   {"period": "last_45", "channel": "ebay", "lang": lang})  # fmt: skip
    notes = [c for c in captions(at) if c.startswith(":material/link_off:")]
    assert notes == [":material/link_off: " + CATALOG["link_bad_period"][i].format(value=plain("last_45")),
                     ":material/link_off: " + CATALOG["link_bad_channel"][i].format(value="ebay")], notes  # fmt: skip
    fine = open_page(demo_warehouse_file, monkeypatch, "pages/overview.py", {"period": "last_7", "lang": lang})
    assert not [c for c in captions(fine) if c.startswith(":material/link_off:")]
