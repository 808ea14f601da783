"""The Data page's health tables read in the page's language: no raw id as a header or a value (channel note
kinds and their fixed items, fact families, fee rate), and amounts held in their own currency are headed with
that currency, never the base currency's symbol (a ₹ amount under "金额 (¥)" read as yuan)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from unittest.mock import patch

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from ui import tables
from ui.catalog import CATALOG

ROOT = Path(__file__).resolve().parent.parent
RAW = {"estimated_fees", "fees_missing", "refund_order_date", "no_sku", "unknown_type", "orders not settled yet",
       "no finance statement imported", "refund dated by its order", "ads", "money", "orders", "item", "kind",
       "fee_rate", "family"}  # fmt: skip


def _shown(df, column: str, config: dict) -> list[str]:
    """The column's cells as the page shows them: a selectbox column shows each option's label."""
    spec = (config.get(column) or {}).get("type_config") or {}
    labels = {o["value"]: o["label"] for o in spec.get("options") or [] if isinstance(o, dict)}
    return [labels.get(v, v) for v in df.value[column].tolist()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_channel_notes_table_reads_in_the_pages_language(demo_warehouse_file, monkeypatch, lang, tmp_path):
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, copy)
    monkeypatch.setenv("WAREHOUSE_PATH", str(copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = lang
    at.run().switch_page("pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [d for d in at.dataframe if "fee_rate" in d.value.columns]  # marts.channel_notes' columns
    assert notes, "the demo holds 232 TikTok Shop orders no statement covers yet"
    df = notes[0]
    config = json.loads(df.proto.columns or "{}")
    headers = {c: (config.get(c) or {}).get("label") or c for c in df.value.columns}
    assert not RAW & set(headers.values()), headers
    i = 0 if lang == "zh" else 1
    assert _shown(df, "kind", config) == [CATALOG["note_estimated_fees"][i]]
    assert _shown(df, "item", config) == [CATALOG["note_item_unsettled"][i]]
    assert headers["amount"] == CATALOG["col_amount"][i] + " ($)", "the notes' amounts are USD (tiktok.us)"


@pytest.mark.parametrize(("lang", "symbol"), [("zh", "₹"), ("en", "₹")])
def test_amounts_in_their_own_currency_name_it(lang, symbol):
    # marts.fx_warnings: INR ad spend of amazon.in with no INR rate; the base is CNY (¥), the amounts are rupees
    one = pl.DataFrame({"family": ["ads"], "currency": ["INR"], "base_currency": ["CNY"], "amount": [1250.5],
                        "net_sales_base": [10.0], "month": [date(2026, 10, 1)]})  # fmt: skip
    with patch("ui.plan_editors.lang", return_value=lang), patch("ui.i18n.lang", return_value=lang):
        config = tables.columns(one, "CNY")
        assert symbol in config["amount"]["label"] and "¥" not in config["amount"]["label"], config["amount"]
        assert "₹" not in config["net_sales_base"]["label"], "a _base column stays in the base currency"
        mixed = pl.concat([one, one.with_columns(currency=pl.lit("JPY"))])
        label = tables.columns(mixed, "CNY")["amount"]["label"]
    i = 0 if lang == "zh" else 1
    assert label == CATALOG["col_row_currency"][i].format(label=CATALOG["col_amount"][i])
