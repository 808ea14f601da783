"""In another base than the books' the Profit page (and Overview, Ads) compares net margin in both currencies. With no
landed cost in view both bases convert sales and fees at the same sale-day rate, so the caption read "Net margin
100.0% in EUR vs 100.0% in CNY": it now says the comparison needs landed costs, in both languages."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from unittest.mock import MagicMock, patch

import pytest

from metrics.core.api import Filters
from ui import overview
from ui.i18n import metric_name, tr

VIEW = Filters(start=date(2025, 7, 1), end=date(2025, 8, 31), base_currency="EUR")


def _caption(lang: str, here: float, there: float, coverage: float | None) -> str:
    """The base note's caption for a view in EUR (books in CNY): net margin `here` in EUR, `there` in CNY."""
    values = {"net_margin": {"value": here}, "cost_coverage": {"value": coverage}}
    fake = SimpleNamespace(kpi_compare=lambda g: {"net_margin": {"value": there}, "cost_coverage": {"value": coverage}})
    st = MagicMock()
    with (
        patch.object(overview, "data", fake),
        patch.object(overview, "st", st),
        patch("ui.filters.setting_base", return_value="CNY"),
        patch("ui.overview.lang", return_value=lang),
        patch("ui.i18n.lang", return_value=lang),
    ):
        overview.base_note(values, VIEW)
    (call,) = st.caption.call_args_list
    return call.args[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_landed_cost_says_the_comparison_needs_them(lang):
    # the cases files: no landed cost (coverage 0.0), net margin 100.0 % in EUR and in CNY alike
    caption = _caption(lang, 1.0, 1.0, 0.0)
    with patch("ui.i18n.lang", return_value=lang):
        metric = metric_name("net_margin")
    assert caption.startswith(tr("fx_margin_needs_costs", lang, metric=metric, base="EUR", home="CNY")), caption
    assert "100.0%" not in caption, caption
    # the growth sentence stays: changes carry both periods' rates whatever the costs
    assert tr("fx_growth_caption", lang, base="EUR", home="CNY") in caption


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_with_landed_costs_the_two_margins_are_shown(lang):
    # costs on half the sales: the margins differ by the rates' move between arrival and sale (12.3 % vs 11.8 %)
    caption = _caption(lang, 0.123, 0.118, 0.5)
    assert "12.3%" in caption and "11.8%" in caption, caption
    assert tr("fx_margin_needs_costs", lang, metric="x", base="EUR", home="CNY")[-12:] not in caption
