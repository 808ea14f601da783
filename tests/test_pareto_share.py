"""The Pareto chart of profit by SKU (Profit page): its cumulative share is the running share of the total profit
of the profit-making lines, so it ends at exactly 100 % and never passes it, loss-making SKUs stay as red bars, and
the money no SKU carries ("(unallocated)") is a bar named in the page's language. The old chart netted losses into
a share of the positive total (100 % then falling back) and dropped the no-SKU line."""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import pytest

from ui.charts import pareto
from ui.format import sku_label


def _rows(spec: dict) -> list[dict]:
    return [r for rows in spec["datasets"].values() for r in rows]


def test_share_rises_to_exactly_one_hundred_percent_and_stays_there():
    frame = pl.DataFrame({"sku": ["A", "B", "(no SKU)", "C", "D"], "net_profit": [500.0, 300.0, 100.0, 100.0, -200.0]})
    rows = sorted(_rows(pareto(frame, "sku", "net_profit", "cum")), key=lambda r: r["rank"])
    # positive total = 500 + 300 + 100 + 100 = 1,000; D (−200) is a loss: not netted in
    assert [r["sku"] for r in rows][0:2] == ["A", "B"] and rows[-1]["sku"] == "D"
    assert [r["cum"] for r in rows] == pytest.approx([0.5, 0.8, 0.9, 1.0, 1.0])  # 500/1000, 800/1000, 900, 1000
    assert rows[3]["cum"] == 1.0 and rows[4]["cum"] == 1.0  # exactly 100 % (the old line fell to 800/1000 = 80 %)
    assert max(r["cum"] for r in rows) <= 1.0


def test_share_never_passes_one_hundred_percent_with_float_dust():
    values = [0.1] * 30 + [-0.3]  # 30 × 0.1 summed in floats is 3.0000000000000013
    frame = pl.DataFrame({"sku": [f"S{k:02d}" for k in range(31)], "net_profit": values})
    rows = _rows(pareto(frame, "sku", "net_profit", "cum"))
    assert max(r["cum"] for r in rows) <= 1.0
    assert sorted(r["cum"] for r in rows)[-1] == 1.0


def test_only_losses_draw_a_flat_line():
    frame = pl.DataFrame({"sku": ["A", "B"], "net_profit": [-10.0, -20.0]})
    assert [r["cum"] for r in _rows(pareto(frame, "sku", "net_profit", "cum"))] == [0.0, 0.0]


@pytest.mark.parametrize(("lang", "label"), [("zh", "（无SKU）"), ("en", "(no SKU)")])
def test_the_no_sku_line_is_named_in_both_languages(lang, label):
    assert sku_label("(unallocated)", lang) == label
    assert sku_label("(no SKU) Gift wrap", lang).endswith("Gift wrap") and sku_label("CAM-4K", lang) == "CAM-4K"


@pytest.mark.parametrize(("lang", "label"), [("zh", "（无SKU）"), ("en", "(no SKU)")])
def test_the_profit_page_keeps_the_no_sku_bar_and_ends_at_one_hundred_percent(
    demo_warehouse_file, tmp_path, lang, label
):
    """On the demo company, with charges without a SKU left unallocated (Settings), the chart has every SKU plus
    the no-SKU line, and its line ends at exactly 100 %."""
    import shutil

    from metrics.core.settings import set_settings
    from tests.test_walk10 import _page
    from warehouse.ingest.importer import Warehouse

    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        set_settings(wh.con, allocation_rule="unallocated")
    finally:
        wh.close()
    at = _page("pages/profit.py", tmp_path / "wh.duckdb", lang)
    rows = [
        r
        for c in at.get("vega_lite_chart")
        for d in c.proto.datasets
        for r in pa.ipc.open_stream(d.data.data).read_all().to_pylist()
        if "cum" in r
    ]
    assert rows, "no Pareto chart on the page"
    assert label in {r["sku"] for r in rows}  # the money no SKU carries is a bar, named in the page's language
    assert "(unallocated)" not in {r["sku"] for r in rows}
    shares = [r["cum"] for r in sorted(rows, key=lambda r: r["rank"])]
    assert shares[-1] == 1.0 and max(shares) <= 1.0
    assert shares == sorted(shares)  # never falls back
