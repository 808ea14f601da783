"""AppTest of the planning inputs on the Settings page (lead times, event calendar, seasonal band overrides).

Each test runs on a fresh warehouse: the stores seed their defaults (one lead time per lane for SKU '*', the
default event calendar) on first read. AppTest cannot type into a data_editor, but a keyed editor takes its
edit state (edited_rows, added_rows, deleted_rows) from session state before a run, which is what the browser
sends when a cell is edited; the Save button is then clicked as usual.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.planning.store import get_events, get_kpi_bands, get_lead_times
from ui.state import defaults
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
TABS = {
    "zh": ["交期", "活动日历", "季节阈值"],
    "en": ["Lead times", "Event calendar", "Seasonal bands"],
}


@pytest.fixture
def wh_path(tmp_path, monkeypatch, empty_warehouse_file) -> Path:
    path = tmp_path / "wh.duckdb"
    shutil.copyfile(empty_warehouse_file, path)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


def _settings(lang: str, tab: int = 0) -> AppTest:
    """Returns the Settings page run with its `tab`-th planning tab open (only the open tab runs)."""
    at = AppTest.from_file(str(ROOT / "pages" / "settings.py"), default_timeout=300)
    at.session_state["view_state"] = defaults(lang, "CNY")
    at.session_state["set_tab"] = TABS[lang][tab]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _leads(path: Path) -> pl.DataFrame:
    wh = Warehouse(path, path.parent / "archive")
    try:
        return get_lead_times(wh.con)
    finally:
        wh.close()


def _events(path: Path) -> pl.DataFrame:
    wh = Warehouse(path, path.parent / "archive")
    try:
        return get_events(wh.con).sort("event_id", "marketplace")
    finally:
        wh.close()


def _edit(at: AppTest, key: str, edited=None, added=None) -> None:
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_settings_shows_the_planning_tabs(wh_path, lang):
    keys = ["set_leads_editor", "set_events_editor", "set_bands_editor"]
    for i, key in enumerate(keys):
        at = _settings(lang, i)
        labels = [tab.label for tab in at.tabs]
        assert labels[-3:] == TABS[lang]
        editors = {d.key.removesuffix("_amazon.com") for d in at.data_editor}
        assert editors == {key}, (i, editors)  # the open tab's editor, and only it, runs
        assert not at.error
    at = _settings(lang, 0)
    # the lead-time editor's headers are in the page's language
    leads = next(d for d in at.data_editor if d.key == "set_leads_editor")
    header = json.loads(leads.proto.columns)["first_mile_days"]["label"]
    assert header == ("First mile (days)" if lang == "en" else "头程（天）")


def test_editing_a_lead_time_in_settings_stores_it(wh_path):
    at = _settings("en")
    before = _leads(wh_path)
    # stored rows come sorted: row 0 is SKU '*' by air (30 production + 7 first mile + 7 receiving days)
    assert before.row(0, named=True)["lane"] == "air" and before["production_days"][0] == 30
    _edit(at, "set_leads_editor", edited={0: {"production_days": 41}})
    at.button(key="set_leads_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == ["Saved; plans and bands are updated."]
    after = _leads(wh_path)
    assert after.filter(pl.col("lane") == "air")["production_days"].to_list() == [41]
    # the other lanes are untouched, and the editor starts again from the stored table
    assert after.filter(pl.col("lane") != "air").equals(before.filter(pl.col("lane") != "air"))
    leads = next(d for d in at.data_editor if d.key == "set_leads_editor")
    assert leads.value["production_days"].tolist()[0] == 41


def test_a_new_lead_time_row_for_one_sku_is_stored(wh_path):
    at = _settings("en")
    row = {"master_sku": "CAM-A", "lane": "air", "production_days": 5, "first_mile_days": 6, "receiving_days": 3,
           "lead_time_sd_days": 1.0, "moq": 100, "case_pack": 20, "service_level": 0.9, "is_preferred": True}  # fmt: skip
    _edit(at, "set_leads_editor", added=[row])
    at.button(key="set_leads_save").click().run()
    assert not at.exception and not at.error
    stored = _leads(wh_path).filter(pl.col("master_sku") == "CAM-A")
    assert stored.to_dicts() == [row]


def test_a_duplicate_lead_time_is_refused_in_the_pages_language(wh_path):
    at = _settings("zh")
    before = _leads(wh_path)
    dup = {"master_sku": "*", "lane": "sea", "production_days": 1, "first_mile_days": 1, "receiving_days": 1}
    _edit(at, "set_leads_editor", added=[dup])
    at.button(key="set_leads_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["未保存：SKU（* = 所有 SKU） + 线路 相同的行只能有一行：* / sea"]
    assert _leads(wh_path).equals(before)  # nothing saved


def test_the_event_calendar_of_one_marketplace_is_edited_and_the_others_kept(wh_path):
    at = _settings("en", 1)
    before = _events(wh_path)
    at.selectbox(key="set_events_mp").set_value("amazon.de").run()
    shown = next(d for d in at.data_editor if d.key == "set_events_editor_amazon.de").value
    assert set(shown["marketplace"]) == {"amazon.de"} and len(shown) < before.height
    first = shown["event_id"][0]
    _edit(at, "set_events_editor_amazon.de", edited={0: {"name_en": "Renamed", "end_date": "2020-01-01"}})
    at.button(key="set_events_save").click().run()
    # an end before the start is refused by the store, and the message names it in the page's language
    assert [e.value for e in at.error][0].startswith("Not saved: events with a missing date or an end before")
    assert _events(wh_path).equals(before)
    _edit(at, "set_events_editor_amazon.de", edited={0: {"name_en": "Renamed"}})
    at.button(key="set_events_save").click().run()
    assert not at.exception and not at.error
    after = _events(wh_path)
    changed = (pl.col("event_id") == first) & (pl.col("marketplace") == "amazon.de")
    assert after.filter(changed)["name_en"].to_list() == ["Renamed"]
    assert after.filter(~changed).equals(before.filter(~changed)) and after.height == before.height


def test_a_band_override_added_in_settings_is_stored(wh_path):
    at = _settings("en", 2)
    row = {"kpi": "acos", "marketplace": "*", "month": 11, "event_kind": "bfcm", "red_low": None, "amber_low": None,
           "amber_high": 0.3, "red_high": 0.4}  # fmt: skip
    _edit(at, "set_bands_editor", added=[row])
    at.button(key="set_bands_save").click().run()
    assert not at.exception and not at.error
    wh = Warehouse(wh_path, wh_path.parent / "archive")
    try:
        assert get_kpi_bands(wh.con).to_dicts() == [row]
    finally:
        wh.close()
