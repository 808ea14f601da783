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


def test_best_skus_are_ranked_by_net_profit_and_worst_by_loss():
    import polars as pl

    from metrics.meeting.views import best_and_worst

    # the walk's case: the biggest seller (454,265.70 sales) earns 4,858.45; a smaller one earns 57,141.50
    skus = pl.DataFrame({"sku": ["BIG", "EARNER", "MID", "LOSS1", "LOSS2"],
                         "net_sales": [454_265.70, 210_000.00, 90_000.00, 120_000.00, 30_000.00],
                         "net_profit": [4_858.45, 57_141.50, 12_000.00, -800.00, -9_500.00]})  # fmt: skip
    best, worst = best_and_worst(skus, n=2)
    # by net profit: 57,141.50 > 12,000.00 > 4,858.45 -> EARNER, MID (BIG is third, not first)
    assert best["sku"].to_list() == ["EARNER", "MID"]
    # worst: the rest by net profit, the largest loss first: −9,500 < −800 < 4,858.45
    assert worst["sku"].to_list() == ["LOSS2", "LOSS1"]
    assert "net profit" in tr("mtt_best_skus", "en") and "净利润" in tr("mtt_best_skus", "zh")
    assert "net profit" in tr("mtt_worst_skus", "en") and "净利润" in tr("mtt_worst_skus", "zh")


def test_sales_view_defines_refund_rate_and_return_rate(monkeypatch):
    # the sales view shows 退款率 and 退货率 side by side: each gets its definition under the key figures
    import pages.meeting_parts as parts
    from metrics.core.registry import REGISTRY

    captions: list[str] = []
    monkeypatch.setattr(parts.st, "caption", lambda text, *a, **k: captions.append(text))
    monkeypatch.setattr(parts.st, "markdown", lambda *a, **k: None)
    monkeypatch.setattr(parts, "_grid", lambda *a, **k: None)
    monkeypatch.setattr(parts, "section_headline", lambda *a, **k: "headline")
    fig = {"value": 0.094, "previous": 0.08, "yoy": None}
    payload = {"currency": "CNY", "figures": {"net_sales": {"value": 1000.0}, "refund_rate": fig},
               "extra": {"return_rate": {"value": 0.054, "previous": None, "yoy": None}}, "tables": {}}  # fmt: skip
    for lang in ("zh", "en"):
        captions.clear()
        parts.department("sales", payload, lang, [], False)
        said = " ".join(captions)
        r = REGISTRY["refund_rate"]
        assert (r.def_zh if lang == "zh" else r.def_en) in said, said
        assert ("退货报告中退回的件数" if lang == "zh" else "Units returned (returns report") in said, said


def test_meeting_header_says_data_through_and_frozen_at_apart():
    from datetime import datetime

    from pages.meeting_parts import as_of_line

    # the walk: data to 20 Nov 2026, frozen on 1 Dec 2026 16:58 — the header read "数据截至 2026年12月1日 16:58（已冻结）"
    views = {"sales": {"data_through": "2026-11-20"}, "finance": {"data_through": "2026-11-20"}}
    at = datetime(2026, 12, 1, 16, 58)
    assert as_of_line(views, at, "zh") == "数据截至 2026年11月20日 · 冻结于 2026年12月1日 16:58"
    assert as_of_line(views, at, "en").replace("\u00a0", " ") == "Data through Nov 20, 2026 · frozen Dec 1, 2026 16:58"


def test_rendered_meeting_text_has_no_word_joiners(monkeypatch):
    # every sentence the meeting page draws (headline, captions) copies clean: no U+2060; a Chinese date is kept on
    # one line by a nowrap span instead
    import pages.meeting_parts as parts
    from metrics.core.locale_format import day_nowrap

    drawn: list[str] = []
    monkeypatch.setattr(parts.st, "caption", lambda text, *a, **k: drawn.append(text))
    monkeypatch.setattr(parts.st, "markdown", lambda text, *a, **k: drawn.append(text))
    monkeypatch.setattr(parts, "_grid", lambda *a, **k: None)
    payload = {"period": {"start": "2026-11-01", "end": "2026-11-30"}, "data_through": "2026-11-20",
               "currency": "CNY", "headline_metric": None, "targets": {}, "figures": {},
               "stock_as_of": "2026-11-20", "tables": {},
               "risk": {"kind": "out_of_stock", "sku": "ACC-REMOTE", "since": "2026-11-05"}}  # fmt: skip
    for lang in ("zh", "en"):
        assert "\u2060" not in day_nowrap("2026-11-20", lang)
        drawn.clear()
        parts.department("tech_data", payload, lang, [], False)  # its headline: data through, main risk
        assert drawn and not [t for t in drawn if "\u2060" in t], drawn
        if lang == "zh":
            joined = " ".join(drawn)
            assert '<span style="white-space:nowrap">2026年11月5日</span>' in joined, joined
            assert '<span style="white-space:nowrap">2026年11月20日</span>' in joined, joined
