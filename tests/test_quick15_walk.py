"""Fresh-eyes walk (quick15): the Data page's store refusal points at the store box above, a new seller is told
where the first files go; the meeting's best SKUs by net profit, rate definitions; the header's two dates; no
invisible word joiners in the meeting's text."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.i18n import tr
from ui.refusal import refusal_text

ROOT = Path(__file__).resolve().parent.parent


def test_pick_store_refusal_points_at_the_store_box_on_the_data_page():
    # the localised sentence is shown only on the Data page (ui.upload.result_line): "choose a store on the Data
    # page" told a seller standing on the Data page to go there; it must name the store box above instead
    params = {"file": "orders.csv", "n": 2, "stores": "default, EU"}
    zh = refusal_text("pick_store", params, "english cli sentence", "zh")
    en = refusal_text("pick_store", params, "english cli sentence", "en")
    assert "数据页" not in zh and "Data page" not in en
    assert f"上方的“{tr('upload_store', 'zh')}”" in zh, zh
    assert f"“{tr('upload_store', 'en')}” box above" in en, en
    assert "默认店铺, EU" in zh and "2 stores (Default store, EU)" in en  # the stores as the picker names them


def test_new_seller_is_told_where_the_first_files_go(tmp_path, monkeypatch):
    # a new warehouse: only the `default` store, nothing imported; the picker preselects it and one sentence says
    # the files go there and how to name the store instead
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = "en"
    at.run().switch_page("pages/data.py").run()
    assert not at.exception
    assert at.selectbox(key="data_store").value == "default"  # the only store is preselected
    said = [c.value for c in at.caption]
    first = tr("store_first_time", "en", store="Default store", new="New store…", box="Store the files come from")
    assert first in said, said
