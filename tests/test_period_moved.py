"""A link to a custom period outside the data: the date picker cannot hold it, so the page shows the period moved
inside the data, and the sidebar says so in one sentence (zh/en) — the heading and the picker show the same dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
RUPEE = ROOT / "tests" / "fixtures" / "cases" / "min_ads_sp_campaign_rupee_14day.csv"


@pytest.fixture(scope="module")
def one_day_wh(tmp_path_factory) -> Path:
    """amazon.in SP campaign report: ads on 1 Feb 2020 only, so the data runs from 1 Feb 2020 to 1 Feb 2020."""
    folder = tmp_path_factory.mktemp("moved")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        assert wh.ingest_path(RUPEE).ok
    finally:
        wh.close()
    return folder / "wh.duckdb"


def open_ads(path: Path, monkeypatch, params: dict) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/ads.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "note", "heading"),
    [
        ("en", "The dates Jan 1, 2019 to Jan 31, 2019 reach outside the data", "Feb 1, 2020 to Feb 1, 2020"),
        ("zh", "超出数据范围", "2020"),
    ],
)
def test_link_outside_the_data_says_the_dates_moved(one_day_wh, monkeypatch, lang, note, heading):
    # 2019-01-01..2019-01-31 lies wholly before the data (1 Feb 2020 only): both ends move to 1 Feb 2020
    params = {"period": "custom", "start": "2019-01-01", "end": "2019-01-31", "lang": lang}
    at = open_ads(one_day_wh, monkeypatch, params)
    assert at.date_input(key="w_range").value == (date(2020, 2, 1), date(2020, 2, 1))
    captions = [c.value for c in at.sidebar.caption]
    assert any(note in c for c in captions), captions
    assert any(heading in c.value for c in at.main.caption), [c.value for c in at.main.caption]


def test_link_inside_the_data_has_no_note(one_day_wh, monkeypatch):
    at = open_ads(
        one_day_wh, monkeypatch, {"period": "custom", "start": "2020-02-01", "end": "2020-02-01", "lang": "en"}
    )
    assert not any("reach outside the data" in c.value for c in at.sidebar.caption)
