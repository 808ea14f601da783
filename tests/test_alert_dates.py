"""The Overview's alerts: an FX gap is listed only when its days fall in the view's period (gaps of other months
were listed under any view), and every date reads in the page's language through Babel, as the README promises
(2026年11月20日 / Nov 20, 2026; a month 2026年11月 / Nov 2026), never ISO (2026-11-20, 2026-10)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from unittest.mock import patch

import polars as pl
import pytest

from ui import overview
from ui.i18n import tr

VIEW = SimpleNamespace(start=date(2026, 10, 22), end=date(2026, 11, 20), channel=None, marketplace=None, store=None,
                       sku_search=None, base_currency="CNY")  # fmt: skip

# the warehouse's FX gaps (marts.fx_warnings): USD in September (outside the view), EUR from 5 to 12 November
GAPS = pl.DataFrame(
    {
        "family": ["money", "ads"],
        "marketplace": ["amazon.com", "amazon.de"],
        "currency": ["USD", "EUR"],
        "base_currency": ["CNY", "CNY"],
        "month": [date(2026, 9, 1), date(2026, 11, 1)],
        "rows": [7, 2],
        "amount": [100.0, 20.0],
        "first_day": [date(2026, 9, 3), date(2026, 11, 5)],
        "last_day": [date(2026, 9, 9), date(2026, 11, 12)],
    }
)
BAND = pl.DataFrame(
    {
        "kpi": ["net_sales"],
        "status": ["red"],
        "date": [date(2026, 11, 20)],
        "value": [1000.0],
        "amber_low": [2000.0],
        "amber_high": [3000.0],
        "window": ["2025-W47"],
    }
)


def _lines(lang: str, f=VIEW) -> list[str]:
    fake = SimpleNamespace(health=lambda: {"missing_fx": GAPS}, seasonal_status=lambda _f: BAND,
                           estimated_fee_orders=lambda _f: pl.DataFrame(), view_health=lambda _f: {})  # fmt: skip
    with (
        patch.object(overview, "data", fake),
        patch("ui.overview.lang", return_value=lang),
        patch("ui.i18n.lang", return_value=lang),
    ):
        return overview.alert_lines(f)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fx_gaps_outside_the_views_period_are_not_alerts(lang):
    fx = [line for line in _lines(lang) if "USD" in line or "EUR" in line]
    month = "2026年11月" if lang == "zh" else "Nov 2026"  # CLDR's year-month of zh_CN / en_US
    assert fx == [tr("alert_missing_fx", lang, currency="EUR", month=month, rows="2")], fx
    # without a view (every period) both gaps are listed, September's in words too
    every = [line for line in _lines(lang, None) if "USD" in line]
    assert every and ("2026年9月" if lang == "zh" else "Sep 2026") in every[0], every


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_alert_dates_read_in_the_pages_language(lang):
    (band,) = [line for line in _lines(lang) if "net" in line.lower() or "净销售额" in line]
    assert ("2026年11月20日" if lang == "zh" else "Nov 20, 2026") in band, band
    assert "2026-11-20" not in band
    assert not any("2026-11" in line or "2026-09" in line for line in _lines(lang, None))
