"""A meeting held in one language, viewed with the sidebar in the other: the page's labels, headlines, key-figure
tables and default section titles follow the sidebar; the minutes keep the meeting's language (and the page says
so). AppTest, both directions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.core.settings import set_settings
from metrics.meeting import store
from metrics.meeting.agenda import SECTION_TITLES
from metrics.meeting.minutes import minutes_markdown
from metrics.meeting.report import build_minutes
from metrics.meeting.snapshot import start_meeting
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def meeting_wh(tmp_path_factory) -> Path:
    """March 2026 of the US transactions fixture; meeting 1 held in Chinese, meeting 2 in English, both frozen."""
    folder = tmp_path_factory.mktemp("meeting_lang")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        fixture = ROOT / "tests" / "fixtures" / "exports" / "amazon_transactions" / "us_2025.csv"
        assert wh.ingest_path(fixture).status == "imported"
        set_settings(wh.con, base_currency="USD")
        for lg in ("zh", "en"):
            mid = store.create_meeting(wh.con, f"review {lg}", date(2026, 3, 1), date(2026, 3, 31), language=lg)
            start_meeting(wh.con, mid)
        # meeting 3: the title the page suggests when a Chinese UI creates it (the product's default, not typed)
        store.create_meeting(wh.con, "2026-03 经营分析会", date(2026, 3, 1), date(2026, 3, 31), language="zh")
    finally:
        wh.close()
    return folder / "wh.duckdb"


def open_section(path: Path, monkeypatch, lang: str, meeting: int, section: str) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    for k, v in {"lang": lang, "meeting": str(meeting), "section": section}.items():
        at.query_params[k] = v
    at.run()
    at = at.switch_page("pages/meeting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_chinese_meeting_in_english_ui(meeting_wh, monkeypatch):
    at = open_section(meeting_wh, monkeypatch, "en", 1, "sales")
    assert at.subheader[0].value == f"2/8 · {SECTION_TITLES['sales']['en']}"
    headlines = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headlines and not any(CJK.search(h) for h in headlines), headlines
    frames = [d.value for d in at.dataframe]
    assert frames and not any(CJK.search(str(c)) for f in frames for c in f.columns)
    summary = open_section(meeting_wh, monkeypatch, "en", 1, "summary")
    assert any(c.value.startswith("The minutes are written in the meeting's language (中文)") for c in summary.caption)
    wh = Warehouse(meeting_wh, meeting_wh.parent / "archive")
    try:  # the record itself stays Chinese
        assert SECTION_TITLES["sales"]["zh"] in minutes_markdown(build_minutes(wh.con, 1))
    finally:
        wh.close()


def test_english_meeting_in_chinese_ui(meeting_wh, monkeypatch):
    at = open_section(meeting_wh, monkeypatch, "zh", 2, "sales")
    assert at.subheader[0].value == f"2/8 · {SECTION_TITLES['sales']['zh']}"
    headlines = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headlines and all(CJK.search(h) for h in headlines), headlines


@pytest.mark.parametrize(("meeting", "lang", "shown"), [(3, "en", "Mar 2026 Business review"),
                                                         (3, "zh", "2026年3月 经营分析会"), (1, "en", "review zh")])  # fmt: skip
def test_a_default_meeting_title_follows_the_language_a_typed_one_stays(meeting_wh, monkeypatch, meeting, lang, shown):
    at = open_section(meeting_wh, monkeypatch, lang, meeting, "sales")
    assert at.title[0].value == shown


def test_action_item_link_choices_follow_the_language(meeting_wh, monkeypatch):
    """The "Linked section or KR" choices of a meeting made in Chinese read in English on an English page (they were
    the stored Chinese section titles)."""
    at = open_section(meeting_wh, monkeypatch, "en", 1, "sales")
    options = at.selectbox(key="mtg_item_link_sales").options
    assert SECTION_TITLES["sales"]["en"] in options, options
    assert not any(o == t["zh"] for o in options for t in SECTION_TITLES.values()), options
