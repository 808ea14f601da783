"""The Data page's refusals of a report without dates say the in-app way to give them and offer it under the line
(a date field and a button importing the file with those dates, as the command line's --period does); when several
files of one upload are refused, the line where the progress bar was names every one of them, and each keeps its own
one-sentence reason.

Real files: German Seller Central's business report (no dates in the file or its name) and the old settlement flat
file (recognised, not imported), from tests/fixtures/cases.
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES
from tests.test_walk10 import ROOT, _app
from ui.i18n import tr
from ui.state import defaults
from warehouse.ingest.importer import Warehouse

CASES = FIXTURES.parent / "cases"
BUSINESS = "amazon_business_report_de_german_ui.csv"
FLAT_V1 = "amazon_settlement_v1_flat_file_2015.txt"


def _upload(at, names: list[str]):
    files = [(n, (CASES / n).read_bytes(), "text/csv") for n in names]
    at.file_uploader(key="data_files").set_value(files if len(files) > 1 else files[0]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(elements) -> list[str]:
    """The texts as the reader sees them (values from files are Markdown-escaped on the page)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


@pytest.fixture
def data_page(empty_warehouse_file, tmp_path, monkeypatch):
    """Opens the Data page on a fresh warehouse in a language: through the router (`_app`), or the page file alone
    (`alone=True`: AppTest then delivers a button click, which it loses on a page run inside st.navigation)."""
    shutil.copyfile(empty_warehouse_file, tmp_path / "wh.duckdb")

    def open_in(lang: str, alone: bool = False):
        if not alone:
            at = _app(tmp_path / "wh.duckdb", lang)
            return at.switch_page("pages/data.py").run()
        monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
        at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=600)
        at.session_state["view_state"] = defaults(lang, "CNY")
        return at.run()

    return open_in


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_undated_report_is_refused_with_the_in_app_way_and_imports_with_the_dates_given(data_page, tmp_path, lang):
    """The refusal told a web user to use `--period`; it now points at the date field under it, and that field
    imports the file with the period, like `python -m warehouse ingest --period 2026-10-01:2026-10-31`."""
    at = _upload(data_page(lang, alone=True), [BUSINESS])
    (line,) = [e for e in _shown(at.error) if BUSINESS in e and e.startswith(("Not imported", "未导入"))]
    assert "--period" not in line and "YYYY" not in line, line
    assert ("two date fields below" if lang == "en" else "下方的两个日期栏") in line, line
    # two fields, first and last day: a range field holds one day while its calendar is open, so its button stayed
    # off until the popup closed; each of these holds its day as soon as it is picked
    key = next(k for k in _keys(at) if k.startswith("data_fix_")).removesuffix("_start").removesuffix("_end")
    assert at.button(key=key + "_go").disabled  # no dates chosen yet
    at.date_input(key=key + "_start").set_value(date(2026, 10, 1)).run()
    assert at.button(key=key + "_go").disabled  # the first day alone is not a period
    at.date_input(key=key + "_end").set_value(date(2026, 9, 30)).run()
    assert at.button(key=key + "_go").disabled  # a last day before the first is no period either
    at.date_input(key=key + "_end").set_value(date(2026, 10, 31)).run()
    assert not at.button(key=key + "_go").disabled
    at.button(key=key + "_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    ok = [e for e in _shown(at.success) if BUSINESS in e][1:]  # its result line, under the summary
    # the report's two child ASINs: two rows
    assert ok and ("2 rows added" in ok[0] or "新增 2 行" in ok[0]), ok
    assert not [e for e in _shown(at.error) if BUSINESS in e]

    # the same period as the command line's --period: the same import (period, rows) in a warehouse of its own
    cli = Warehouse(tmp_path / "cli.duckdb", tmp_path / "cli_archive")
    try:
        by_cli = cli.ingest_path(CASES / BUSINESS, {"period": "2026-10-01:2026-10-31"})
        cli_row = cli.imports().row(0, named=True)
    finally:
        cli.close()
    web = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        web_row = web.imports().row(0, named=True)
    finally:
        web.close()
    assert by_cli.rows_added == 2
    for col in ("format_id", "rows_added", "period_start", "period_end"):
        assert web_row[col] == cli_row[col], col
    assert str(web_row["period_start"]) == "2026-10-01" and str(web_row["period_end"]) == "2026-10-31"


def _keys(at) -> list[str]:
    return [w.key for w in at.get("date_input") if w.key]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_refused_files_are_both_named_each_with_its_reason(data_page, lang):
    """Two refused files in one upload: the end state named only the last file dropped (or none); it now names
    both, and each has its own line with one sentence."""
    at = data_page(lang)
    _upload(at, [BUSINESS])  # a browser hands over files dropped together one after another
    _upload(at, [BUSINESS, FLAT_V1])
    heads = _shown(at.warning)
    assert any(BUSINESS in h and FLAT_V1 in h for h in heads), heads
    lines = [e for e in _shown(at.error) if e.startswith(("Not imported", "未导入"))]
    assert len(lines) == 2 and BUSINESS in lines[0] and FLAT_V1 in lines[1], lines
    for line in lines:
        body = re.split(r" — |——", line, maxsplit=1)[1]
        assert body.rstrip("。.").count("。" if lang == "zh" else ". ") == 0, line  # one sentence each


def test_the_cli_sentence_still_names_the_option(tmp_path):
    """The command line's own refusal keeps --period (it is the shell's way), the page's does not."""
    w = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        r = w.ingest_path(CASES / BUSINESS)
    finally:
        w.close()
    assert r.status == "rejected" and r.reason == "no_period" and "--period" in r.message


def test_catalog_refusals_of_dates_point_to_the_page():
    from ui.refusal import refusal_text

    for reason in ("no_period", "no_as_of", "no_period_by_day"):
        for lg in ("zh", "en"):
            text = refusal_text(reason, {"file": "a.csv", "format": "amazon_business_report"}, "x", lg)
            assert "--" not in text and ("below" in text if lg == "en" else "下方" in text), (reason, lg, text)


ALL_CASES = sorted(p.name for p in CASES.iterdir() if p.is_file())
# the case files' fate in an empty warehouse (each one's result line says why): the German business report has no
# dates, the old settlement flat file and the removal shipment report are recognised but not imported
REFUSED = (BUSINESS, FLAT_V1, "min_amazon_removal_shipment_detail.csv")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_upload_of_every_case_file_is_summed_up_imported_unchanged_and_refused_apart(data_page, lang):
    """All case files at once, then the same files again. The first time the summary was drawn where the progress
    bar was and wiped by the rerun an import triggers (no summary at all); the second time the files already
    imported counted as "imported". The summary now always shows and counts each kind apart."""
    from ui.i18n import tr

    n, refused = len(ALL_CASES), len(REFUSED)
    ok = n - refused  # 11 files: 8 imported, 3 refused
    listed = ("、" if lang == "zh" else ", ").join(REFUSED)
    sep = "；" if lang == "zh" else "; "
    at = _upload(data_page(lang, alone=True), ALL_CASES)  # the page on its own warehouse for the whole test
    first = tr("import_part_ok", lang, n=ok) + sep + tr("import_part_refused", lang, n=refused, names=listed)
    assert tr("import_summary", lang, total=n, parts=first) in _shown(at.warning), _shown(at.warning)
    assert len(_shown(at.success)) == ok  # one green line per imported file

    _upload(at, ALL_CASES)  # the same files dropped again: new uploads of files already in the warehouse
    again = tr("import_part_dup", lang, n=ok) + sep + tr("import_part_refused", lang, n=refused, names=listed)
    assert tr("import_summary", lang, total=n, parts=again) in _shown(at.warning), _shown(at.warning)
    assert not [h for h in _shown(at.warning) if tr("import_part_ok", lang, n=ok) in h]
    assert len(_shown(at.info)) >= ok  # one "already imported, nothing changed" line per such file


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_date_button_imports_without_the_refusal_on_screen_and_says_once_what_it_did(data_page, monkeypatch, lang):
    """The walk: a single refused file was said twice ("X: not imported (the reason is below)" over its red line);
    pressing 按这些日期导入 / Import with these dates left that refusal on screen the whole import (~20 s on the demo)
    with no result line. The refusal is said once; the button queues the file, and the import runs in a run that
    draws no refusal of it (its progress bar takes the lines' place), then the result line says the 2 rows."""
    import streamlit as st

    from ui import data as ui_data

    at = _upload(data_page(lang, alone=True), [BUSINESS])
    said = [e for e in _shown(at.error) if BUSINESS in e]
    assert len(said) == 1 and said[0].startswith(("Not imported", "未导入")), said  # once, with its reason
    key = next(k for k in _keys(at) if k.startswith("data_fix_")).removesuffix("_start").removesuffix("_end")
    at.date_input(key=key + "_start").set_value(date(2026, 10, 1)).run()
    at.date_input(key=key + "_end").set_value(date(2026, 10, 31)).run()

    events: list[str] = []
    real_error, real_ingest = st.error, ui_data.ingest

    def error(body, *args, **kwargs):
        if BUSINESS in re.sub(r"\\(.)", r"\1", str(body)):
            events.append("refusal drawn")
        return real_error(body, *args, **kwargs)

    def ingest(*args, **kwargs):
        events.append("import")
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(st, "error", error)
    monkeypatch.setattr(ui_data, "ingest", ingest)
    at.button(key=key + "_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # from the click on, the refusal is never drawn again: the import is the first thing the click does
    assert events == ["import"], events
    lines = [e for e in _shown(at.success) if BUSINESS in e]
    assert lines[0] == tr("imported", lang, name=BUSINESS)  # the summary: done
    assert ("2 rows added" if lang == "en" else "新增 2 行") in lines[1], lines  # the result line: the 2 child ASINs
    assert not [e for e in _shown(at.error) if BUSINESS in e]
