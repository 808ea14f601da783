"""Returns & logistics in English fits the page: every table fits the width it is shown in (the SKU table takes the
page's width; the reasons and gradings tables half of it) and no header is cut (AppTest on the demo company)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.grid import text_px

ROOT = Path(__file__).resolve().parent.parent
# the content width of a wide-layout page on a 1920 px screen: 1920 − 336 (sidebar) − 160 (page padding); the nine-
# column logistics tables need about 1,200 px in English, so a screen under ~1,700 px still scrolls them sideways
PAGE_PX = 1424
HALF_PX = 580  # one of two columns, kept to what a 1,600 px screen gives (the reasons table must fit there)
NAMED = {"small": 75, "medium": 200, "large": 400}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_returns_tables_fit_their_place_and_headers_show_in_full(demo_warehouse_file, monkeypatch, lang, tmp_path):
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, copy)
    monkeypatch.setenv("WAREHOUSE_PATH", str(copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in {"period": "custom", "start": "2026-08-25", "end": "2026-11-22", "lang": lang}.items():
        at.query_params[k] = v
    at.run().switch_page("pages/returns.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) >= 4, "reasons, gradings or SKUs, and the two logistics tables"
    for df in at.dataframe:
        config = json.loads(df.proto.columns or "{}")
        shown = [c for c in df.value.columns if not (config.get(c) or {}).get("hidden") and c != "_index"]
        widths = {c: NAMED.get((config.get(c) or {}).get("width"), (config.get(c) or {}).get("width")) for c in shown}
        half = set(shown) <= {"label", "group", "returned_units", "share", "disposition_label"}
        total = sum(w for w in widths.values() if isinstance(w, int))
        assert total <= (HALF_PX if half else PAGE_PX), (lang, widths, df.value.head(2).to_dict("records"))
        for c in shown:
            header = (config.get(c) or {}).get("label") or c
            assert text_px(header) <= widths[c], (lang, c, header, widths[c])  # the header shows in full
