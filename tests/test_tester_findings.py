"""AppTest guards of the fresh-eyes tester's findings, in both languages on real warehouses:

- the ad-budget what-if names ad spend no SKU carries in the page's language, never by its id "(unattributed)"
  (the demo company: its Meta / Google ads carry no SKU);
- an Overview band alert prints its percentages with one decimal (a ratio KPI outside its seasonal band);
- the Returns headline shows the logistics cost compact (¥13.0万 / ¥130K), as every headline does;
- the Overview says that growth in a base other than the books currency also moves with both periods' rates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.planning.store import set_kpi_bands
from tests.conftest import warehouse_env
from ui.state import defaults
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "exports" / "golden"


def _open(page: str, wh: Path, lang: str, base: str = "CNY", before=None) -> AppTest:
    """Runs one page file on the warehouse `wh` in `lang` with base currency `base`."""
    with warehouse_env(str(wh)):
        at = AppTest.from_file(str(ROOT / page), default_timeout=600)
        at.session_state["view_state"] = defaults(lang, base)
        at.run()
        if before is not None:
            before(at)
        assert not at.exception, [e.value for e in at.exception]
        return at


@pytest.fixture(scope="module")
def golden_wh(tmp_path_factory) -> Path:
    """The golden company plus the what-if's 59 days of ads, with an ACoS band for March that any ACoS above 0.02 %
    breaks (the period's last day, 31 March, has ads, so its ACoS is outside the band: a red alert)."""
    from tests.test_whatif_pages import _ads_csv

    d = tmp_path_factory.mktemp("findings")
    w = Warehouse(d / "wh.duckdb", d / "archive")
    try:
        for p in sorted(GOLDEN.iterdir()):
            if p.name != "ads_products_us.csv":
                assert w.ingest_path(p).ok, p.name
        assert w.ingest_bytes(_ads_csv(), "sp_advertised_product_findings.csv").ok
        set_kpi_bands(w, pl.DataFrame({"kpi": ["acos"], "marketplace": ["*"], "month": [3], "event_kind": [""],
                                       "red_low": [None], "amber_low": [0.0], "amber_high": [0.0001], "red_high": [0.0002]},
                                      schema_overrides={"red_low": pl.Float64}))  # fmt: skip
    finally:
        w.close()
    return d / "wh.duckdb"


@pytest.fixture(scope="module")
def demo_wh(demo_warehouse_file, tmp_path_factory) -> Path:
    import shutil

    d = tmp_path_factory.mktemp("findings_demo")
    shutil.copyfile(demo_warehouse_file, d / "wh.duckdb")
    return d / "wh.duckdb"


@pytest.mark.parametrize(
    "lang,name", [("zh", "未归属任何 SKU 的广告费"), ("en", "ad spend no SKU carries")]
)  # fmt: skip
def test_whatif_names_unattributed_ad_spend_in_the_page_language(demo_wh, lang, name):
    at = _open("pages/whatif_ads.py", demo_wh, lang, before=lambda a: a.slider(key="wa_account").set_value(20).run())
    infos = [i.value for i in at.info]
    notice = [i for i in infos if name in i]
    assert notice, infos  # the demo's Meta and Google ads carry no SKU: held flat, named in the notice
    assert not any("(unattributed)" in i for i in infos)  # never the model's id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_band_alert_prints_one_decimal(golden_wh, lang):
    at = _open("pages/overview.py", golden_wh, lang)
    lines = [m.value for m in at.markdown if "ACoS" in m.value and "●" in m.value]
    assert lines, [m.value for m in at.markdown]
    for line in lines:
        shares = re.findall(r"-?\d+(?:\.\d+)?%", line)
        assert len(shares) == 3, line  # the value, the band's low and high
        assert all(re.fullmatch(r"-?\d+\.\d%", s) for s in shares), line  # 12.3%, never 12.34% or 12%


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_returns_headline_is_compact_and_tables_fit(demo_wh, lang):
    at = _open("pages/returns.py", demo_wh, lang)
    label = "物流成本合计" if lang == "zh" else "Logistics cost"
    value = next(m.value for m in at.metric if m.label == label)
    # compact as every headline: ¥1.23万 / ¥12.3K or a small amount in full yuan, never cents beside a thousands group
    assert not re.search(r"\d,\d{3}\.\d{2}", value), value
    assert value.startswith("¥"), value
    # the tables fit 1280 px (seen in a browser: tests/browser/test_fit_browser.py): the SKU table holds six
    # columns with the reason next to the SKU, the marketplace table only the cost kinds someone paid, the monthly
    # table the trend alone, and no money header repeats the currency symbol (one caption names it)
    frames = [d.value for d in at.dataframe]
    sku = next(f for f in frames if "top_reason" in f.columns)
    assert list(sku.columns) == ["sku", "top_reason", "returned_units", "return_rate", "units", "refund_rate"]
    month = next(f for f in frames if "month" in f.columns and "logistics" in f.columns)
    assert list(month.columns) == ["marketplace", "month", "net_sales", "logistics", "logistics_share"]
    market = next(f for f in frames if "logistics" in f.columns and "month" not in f.columns)
    kinds = [c for c in ("first_mile", "fulfilment", "shipping_services", "warehouse_3pl") if c in market.columns]
    assert kinds and all(market[c].abs().sum() > 0 for c in kinds), market
    labels = [json.loads(d.proto.columns) for d in at.dataframe if "logistics" in d.value.columns]
    assert labels and all("¥" not in (c.get("label") or "") for cfg in labels for c in cfg.values())
    amounts = "金额单位 ¥（CNY）" if lang == "zh" else "amounts in ¥ (CNY)"
    assert sum(amounts in c.value for c in at.caption) == 2


@pytest.mark.parametrize(
    "lang,text", [("zh", "以 USD 显示的增长率还会随两个期间的汇率变动"), ("en", "Growth in USD also moves with the exchange rates")]
)  # fmt: skip
def test_overview_says_growth_moves_with_rates_in_a_non_books_base(golden_wh, lang, text):
    at = _open("pages/overview.py", golden_wh, lang, base="USD")
    captions = [c.value for c in at.caption]
    assert any(text in c for c in captions), captions
    at = _open("pages/overview.py", golden_wh, lang, base="CNY")  # the books currency: no such sentence
    assert not any(text in c.value for c in at.caption)
