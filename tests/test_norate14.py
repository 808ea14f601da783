"""A base currency with no FX rate at all (the golden warehouse, books in CNY, opened in GBP: its FX file has USD→CNY
and EUR→CNY only): amounts that could not be converted read "—" and charts without a convertible amount are one
sentence naming the missing rates, never 0.00 or a flat line at 0; a "—" tile carries no good/bad colour and no
pace; the missing-landed-cost sentences appear only when the cost is missing, not the rate (both languages)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.core import api
from metrics.core.fx_gaps import view_gaps
from tests.test_filter_scope_messages import open_page
from tests.test_walk13 import _blocks
from ui.i18n import tr
from warehouse.ingest.importer import Warehouse

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "exports" / "golden"
MARCH_GBP = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31", "compare": "previous", "base": "GBP"}
SKU = "CAM-A"  # costed through its inbound batches (USD at 6.5, CNY): its cost is known, only the rate to GBP is not


@pytest.fixture(scope="module")
def golden_gbp(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("golden_gbp")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for path in sorted(GOLDEN.iterdir()):
            assert wh.ingest_path(path).ok, path.name
    finally:
        wh.close()
    return folder / "wh.duckdb"


def _sentence(path: Path, lang: str) -> str:
    """The one sentence a chart without a convertible amount is replaced by, naming every missing rate."""
    wh = Warehouse(path, path.parent / "archive")
    try:
        gaps = view_gaps(wh.con, api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), base_currency="GBP"))
    finally:
        wh.close()
    assert gaps.whole  # no USD→GBP nor EUR→GBP rate: none of March's sales converts
    currencies = ("、" if lang == "zh" else ", ").join(dict.fromkeys(g.currency for g in gaps.gaps))
    return tr("fx_chart_no_rate", lang, base="GBP", currencies=currencies)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_without_a_base_rate_draws_no_zero_lines(golden_gbp, monkeypatch, lang):
    at = open_page(golden_gbp, monkeypatch, "pages/overview.py", {**MARCH_GBP, "lang": lang})
    infos = [i.value for i in at.info]
    # the money trend, the ratio trend (net margin and TACoS over unknown sales; ACoS over USD ads, no USD→GBP rate
    # either) and both breakdown charts: one sentence each, not a flat 0 line / a 0 axis
    assert infos.count(_sentence(golden_gbp, lang)) == 4, infos
    # the breakdown tables: net sales and net profit unknown on every row, not 0.00
    for frame in at.dataframe[:2]:
        for col in ("net_sales", "net_profit", "net_margin"):
            if col in frame.value.columns:
                assert frame.value[col].isna().all(), (col, frame.value[col].tolist())
    # a "—" tile carries no good/bad colour
    keys = " ".join(getattr(b.proto, "id", "") or "" for b in _blocks(at.main))
    for m in ("net_sales", "net_profit", "net_margin", "gross_profit", "aov"):
        assert not any(f"kpi_band_{s}_{m}" in keys for s in ("green", "amber", "red")), keys


def _unknown_tile_with_target(lang: str) -> None:
    from datetime import date

    from ui.widgets import kpi_grid

    # net sales unknown ("—", no rate to the base) in its usual seasonal band and with a target of £10,000
    values = {"net_sales": {"value": None}}
    bands = {"net_sales": {"status": "green", "kpi": "net_sales", "date": date(2026, 3, 31), "value": 0.0,
                           "window": "28d", "amber_low": -100.0, "amber_high": 100.0}}  # fmt: skip
    kr = {"period_start": "2026-03-01", "period_end": "2026-03-31", "target": 10_000.0, "status": "off_track",
          "attainment": 0.0, "forecast_attainment": 0.0, "value": 0.0}  # fmt: skip
    kpi_grid(["net_sales"], values, "GBP", bands=bands, targets={"net_sales": kr}, view=(date(2026, 3, 1),
             date(2026, 3, 31)))  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_tile_has_no_colour_and_no_pace(lang):
    at = AppTest.from_function(_unknown_tile_with_target, kwargs={"lang": lang}, default_timeout=120)
    at.session_state["view_state"] = {"lang": lang}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == "—"
    keys = " ".join(getattr(b.proto, "id", "") or "" for b in _blocks(at.main))
    assert "kpi_band_" not in keys, keys  # was a green "good" edge beside "—"
    pace = tr("tile_target_pace", lang, pct="X").split("X")[0].strip()
    captions = [c.value for c in at.caption]
    assert captions, "the target line stays"
    assert not any(pace in c for c in captions), captions  # was "pace: – of target": no pace for an unknown value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profit_without_a_base_rate_says_so_instead_of_zeros_and_missing_costs(golden_gbp, monkeypatch, lang):
    at = open_page(golden_gbp, monkeypatch, "pages/profit.py", {**MARCH_GBP, "lang": lang})
    at.selectbox(key="pf_sku").select(SKU).run()
    assert not at.exception, [e.value for e in at.exception]
    sentence = _sentence(golden_gbp, lang)
    infos = [i.value for i in at.info]
    # the waterfall, the Pareto and the SKU's daily trend: one sentence each, not steps of 0.00 and lines at 0
    assert infos.count(sentence) == 3, infos
    # the SKU detail tiles: net sales and net profit unknown, not £0.00
    detail = {m.label: m.value for m in at.metric}
    for mid in ("net_sales", "net_profit", "net_margin"):
        label = next(k for k in detail if k.endswith(_name(mid, lang)))
        assert detail[label] == "—", (mid, detail[label])
    # the SKU's by-marketplace table: gross and net sales unknown on every row
    by_m = next(d.value for d in at.dataframe if "marketplace" in d.value.columns)
    for col in ("gross_sales", "net_sales", "net_profit"):
        if col in by_m.columns:
            assert by_m[col].isna().all(), (col, by_m[col].tolist())
    # its cost is in its batch (CNY): no "enter the landed cost" sentence, the rate is what is missing
    texts = [w.value for w in at.warning] + [c.value for c in at.caption]
    assert tr("waterfall_no_cost", lang, sku=SKU) not in texts, texts
    missing = tr("non_fifo_missing", lang, n=1).split("1", 1)[-1][:12]
    assert not any(missing in x for x in texts), texts


def _name(mid: str, lang: str) -> str:
    """A tile's label: its short catalog name when it has one, else the registry's."""
    from metrics.core.registry import REGISTRY
    from ui.catalog import CATALOG

    if f"tile_{mid}" in CATALOG:
        return tr(f"tile_{mid}", lang)
    return REGISTRY[mid].zh if lang == "zh" else REGISTRY[mid].en
