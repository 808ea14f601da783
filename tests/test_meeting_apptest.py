"""AppTest of a whole review: create it for March, start (freeze), step through every section, add an action
item, export the minutes, then restart the app and find the meeting and the item persisted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.core.settings import set_settings
from metrics.meeting import store
from metrics.meeting.agenda import DEFAULT_SECTIONS
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 1500  # freezing evaluates every view cold on a shared 2-core machine


def app(path: Path, monkeypatch, params: dict) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page("pages/meeting.py").run()


def submit(at: AppTest, form: str) -> AppTest:
    button = next(b for b in at.button if b.proto.form_id == form)
    return button.click().run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_whole_meeting_persists_across_restart(tmp_path, fixture_path, monkeypatch):
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    assert wh.ingest_path(fixture_path("amazon_transactions", "us_2025.csv")).status == "imported"
    set_settings(wh.con, base_currency="USD")
    wh.close()

    at = app(tmp_path / "wh.duckdb", monkeypatch, {"lang": "en"})
    no_exception(at)
    at.text_input(key="mtg_name").input("March review")
    at.date_input(key="mtg_start").set_value(date(2026, 3, 1))
    at.date_input(key="mtg_end").set_value(date(2026, 3, 31))
    at = submit(at, "mtg_create")
    no_exception(at)
    assert at.query_params["meeting"] == "1"
    assert at.title[0].value == "March review"
    at = at.button(key="mtg_start_btn").click().run()
    no_exception(at)
    assert any("Data through " in c.value and " · frozen " in c.value for c in at.caption)  # two dates apart
    seen = []
    for n, (key, _, en, _, _) in enumerate(DEFAULT_SECTIONS):
        assert at.query_params["section"] == key
        assert at.subheader[0].value.startswith(f"{n + 1}/8 · {en}")
        seen.append(key)
        if key == "sales":  # the department view opens with its headline
            assert any(m.value.startswith("### March (22 of 31 days) net sales $260") for m in at.markdown)
        if key == "supply_chain":
            at.text_input(key="mtg_item_title").input("Reorder CAM-4K-BLK")
            at.text_input(key="mtg_item_owner").input("Wang")
            at.date_input(key="mtg_item_due").set_value(date(2026, 4, 10))
            at = submit(at, "mtg_action")
            no_exception(at)
        if n < len(DEFAULT_SECTIONS) - 1:
            at = at.button(key="mtg_next").click().run()
            no_exception(at)
    assert seen[-1] == "summary"
    assert at.dataframe[-1].value["title"].to_list() == ["Reorder CAM-4K-BLK"]
    assert [d.proto.label for d in at.get("download_button")] == [
        "Download minutes (Markdown)", "Download minutes (XLSX)",
    ]  # fmt: skip

    # the app restarts: a fresh AppTest on the same file, opened from the deep link
    fresh = app(tmp_path / "wh.duckdb", monkeypatch, {"lang": "en", "meeting": "1", "section": "summary"})
    no_exception(fresh)
    assert fresh.title[0].value == "March review"
    assert fresh.dataframe[-1].value["owner"].to_list() == ["Wang"]
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        items = store.action_items(wh.con, 1)
        assert [(i["title"], i["owner"], i["due_date"], i["section_key"]) for i in items] == [
            ("Reorder CAM-4K-BLK", "Wang", date(2026, 4, 10), "supply_chain")
        ]
        assert store.get_meeting(wh.con, 1)["current_section"] == "summary"
    finally:
        wh.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_proposed_name_follows_the_dates_chosen(tmp_path, fixture_path, monkeypatch, lang):
    # the walk: the form proposes last month's title ("2026年10月 经营分析会"); with November's dates chosen and the
    # name untouched, the November meeting was created titled October. A name the user typed stays as typed.
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    assert wh.ingest_path(fixture_path("amazon_transactions", "us_2025.csv")).status == "imported"
    wh.close()
    at = app(tmp_path / "wh.duckdb", monkeypatch, {"lang": lang})
    no_exception(at)
    at.date_input(key="mtg_start").set_value(date(2026, 3, 1))
    at.date_input(key="mtg_end").set_value(date(2026, 3, 31))
    at = submit(at, "mtg_create")
    no_exception(at)
    assert at.title[0].value == ("2026年3月 经营分析会" if lang == "zh" else "Mar 2026 Business review")
