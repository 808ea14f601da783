"""Data page in 中文: result lines in the page's language, the undo picker on the newest import after an upload,
and an undo that says what it removed in that language (AppTest on a fresh warehouse, real golden export files)."""

from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import patch

from streamlit.testing.v1 import AppTest

from ui.upload import undo_text
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "exports" / "golden"


def test_upload_and_undo_speak_the_pages_language(tmp_path, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = "zh"
    at.run().switch_page("pages/data.py").run()
    fx = ("fx_rates.csv", (GOLDEN / "fx_rates.csv").read_bytes(), "text/csv")
    at.file_uploader(key="data_files").set_value(fx).run()
    assert not at.exception
    # 6 rate rows in the file (3 dates × USD, EUR), the first import of a new warehouse
    # values from files are escaped, never rendered: read the line as the seller sees it
    summary, shown = (re.sub(r"\\(.)", r"\1", e.value) for e in at.success)  # the upload's summary, then its line
    assert summary == "fx_rates.csv：完成"
    assert shown == "fx_rates.csv：汇率表（模板）：新增 6 行，已存在 0 行（导入 #1）"
    assert at.selectbox(key="data_undo_pick").value == 1

    landed = ("landed_costs.csv", (GOLDEN / "landed_costs.csv").read_bytes(), "text/csv")
    at.file_uploader(key="data_files").set_value(landed).run()
    assert not at.exception
    assert at.selectbox(key="data_undo_pick").value == 2  # the newest import, not the one picked before

    # the undo sentence, from a real undo of that import, in the page's language (AppTest reroutes a page run
    # on its own through app.py, which drops a button's click, so the click itself is covered in the browser)
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        sentence = wh.undo(2)
    finally:
        wh.close()
    with patch("ui.upload.lang", return_value="zh"), patch("ui.i18n.lang", return_value="zh"):
        said = undo_text(2, "landed_costs.csv", sentence)
    assert said == "已撤销导入 #2（landed_costs.csv）：移除 2 行。", sentence  # the file's 2 cost rows
