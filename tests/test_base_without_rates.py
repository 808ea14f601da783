"""A base currency the FX table has no rate for (e.g. INR from a link, when the seller's FX template holds none) turns
every amount in another currency into "left out": the page says so in the sidebar, in the page's language, instead
of showing ₹0.00 tiles without a word. A base the FX table knows shows no such warning."""

from __future__ import annotations

import pytest

from tests.test_filter_scope_messages import open_page
from ui.catalog import CATALOG


def sidebar_warnings(at) -> list[str]:
    return [w.value for w in at.sidebar.warning]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inr_base_without_rates_is_warned(demo_warehouse_file, monkeypatch, lang):
    # the demo's FX template holds rates of USD, EUR and JPY into CNY and none of INR (a CNY-based company)
    at = open_page(demo_warehouse_file, monkeypatch, "pages/overview.py", {"lang": lang, "base": "INR"})
    text = CATALOG["base_no_rates"][0 if lang == "zh" else 1].format(base="INR", home="CNY")
    assert text in sidebar_warnings(at), sidebar_warnings(at)


def test_usd_base_with_rates_is_not_warned(demo_warehouse_file, monkeypatch):
    at = open_page(demo_warehouse_file, monkeypatch, "pages/overview.py", {"lang": "en", "base": "USD"})
    head = CATALOG["base_no_rates"][1].split("{base}")[0]
    assert not [w for w in sidebar_warnings(at) if w.startswith(head)], sidebar_warnings(at)
