"""A refused upload reads in the page's language: the importer's refusal carries a code and values
(`ImportRejected.reason`/`.params` on `ImportResult`), the Data page says it through the zh/en catalog.

Each kind below is a real refusal of a real file (the Amazon transaction report fixture, edited the way sellers'
files go wrong); zh must hold no English sentence words — only the file name, column names, cell values and the
portal names sellers see in their portals — and en must equal the CLI's English sentence.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES
from ui.refusal import refusal_text
from ui.upload import result_line

US = FIXTURES / "amazon_transactions" / "us_2025.csv"
# names sellers read in their portals, kept as they are written there
# portal names and the terms the portals keep in Latin letters in their Chinese UI (亚马逊 "按 ASIN", "CSV")
PORTAL_NAMES = {"TikTok", "Shop", "Shopify", "XLSX", "CSV", "ASIN"}


def _cases(wh) -> dict[str, tuple]:
    """Returns {kind: (result, words allowed in zh)} of one real refusal per kind."""
    text = US.read_text(encoding="utf-8")
    lines = text.splitlines()
    no_type = lines[:9] + ['","'.join(c for i, c in enumerate(line.split('","')) if i != 2) for line in lines[9:]]
    header_only = "\n".join(lines[:10]) + "\n"
    made = {
        "empty": (b"", "empty.csv", set()),
        "unknown_format": ("日期,议题,负责人,结论\n2026-10-30,复盘,王,通过\n".encode(), "会议纪要.csv", set()),
        "missing_columns": ("\n".join(no_type).encode(), "no_type.csv", {"type"}),
        "bad_cell": (text.replace('"-45.30","-45.30"', '"-45.30","n/a?"').encode(), "bad.csv", {"total", "n", "a"}),
        "bad_date": (
            text.replace('"Mar 22, 2026 8:00:00 AM PDT"', '"sometime in March"').encode(), "baddate.csv",
            {"date", "time", "sometime", "in", "March"},
        ),
        "no_rows": (header_only.encode(), "header_only.csv", set()),
    }  # fmt: skip
    out = {}
    for kind, (raw, name, allowed) in made.items():
        r = wh.ingest_bytes(raw, name)
        assert r.status == "rejected", (kind, r.status)
        out[kind] = (r, allowed | set(re.findall(r"[A-Za-z]+", name)))
    return out


def _english_words(text: str, allowed: set[str]) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed and w not in PORTAL_NAMES]


def test_each_refusal_kind_reads_in_chinese_and_in_english(wh, monkeypatch):
    cases = _cases(wh)
    expected = {"empty": "empty", "unknown_format": "unknown_format", "missing_columns": "missing_columns",
                "bad_cell": "bad_cell", "bad_date": "bad_cell", "no_rows": "no_rows"}  # fmt: skip
    for kind, (r, allowed) in cases.items():
        assert r.reason == expected[kind], (kind, r.message)
        zh = refusal_text(r.reason, r.params, r.message, "zh")
        en = refusal_text(r.reason, r.params, r.message, "en")
        assert zh.startswith(f"{r.file_name}：") and not _english_words(zh, allowed), (kind, zh)
        if kind == "missing_columns":  # the report lost a column: named with the report, equally clear
            assert en == (
                "no_type.csv: this Amazon transaction report (Payments date range) lacks the required column(s) "
                "'type'; download the report again with all columns and upload it unchanged."
            )
        else:
            assert en == r.message, kind
    # the tester's file: a Chinese meeting-notes sheet shares no header with any report, so no "closest" format;
    # the sentence says where supported reports are downloaded
    zh = refusal_text(*(lambda r: (r.reason, r.params, r.message))(cases["unknown_format"][0]), "zh")
    assert "最接近" not in zh and "报告 → 付款 → 日期范围报告" in zh
    assert "closest" not in cases["unknown_format"][0].message and "README" not in cases["unknown_format"][0].message
    assert refusal_text(*(lambda r: (r.reason, r.params, r.message))(cases["bad_cell"][0]), "zh") == (
        "bad.csv：第 15 行，列 'total'：'n/a?' 不是数字；请改正该单元格（或重新下载报告）后再上传。"
    )
    # the Data page's line, through the page's language
    monkeypatch.setattr("ui.i18n.lang", lambda: "zh")
    monkeypatch.setattr("ui.upload.lang", lambda: "zh")
    assert result_line(cases["empty"][0]) == "未导入——empty.csv：文件是空的；请在卖家后台重新下载该报告。"


def test_a_duplicate_reads_in_chinese(wh, monkeypatch):
    assert wh.ingest_path(US).status == "imported"
    again = wh.ingest_bytes(US.read_bytes(), "copy.csv")
    assert again.status == "duplicate"
    monkeypatch.setattr("ui.i18n.lang", lambda: "zh")
    monkeypatch.setattr("ui.upload.lang", lambda: "zh")
    line = result_line(again)
    assert line.startswith("copy.csv：") and "导入过" in line
    assert not _english_words(line, {"copy", "csv"} | set(re.findall(r"[A-Za-z]+", line.split("：")[1]))), line


def test_an_unknown_reason_keeps_the_importer_sentence():
    assert refusal_text("", {}, "x.csv: the Excel file could not be opened.", "zh") == (
        "x.csv: the Excel file could not be opened."
    )


@pytest.mark.parametrize("lg", ["zh", "en"])
def test_a_refusal_from_an_xlsx_sheet_names_the_sheet(lg):
    params = {"file": "t.xlsx", "row": "3", "sheet": "Orders", "column": "qty", "value": "", "expected": "integer"}
    text = refusal_text("bad_cell", params, "", lg)
    assert ("工作表 'Orders' 第 3 行" if lg == "zh" else "sheet 'Orders' row 3") in text
    assert (
        "为空，但每一行都需要填写整数" if lg == "zh" else "is empty but every row needs a whole number there"
    ) in text


def test_a_batch_upload_keeps_the_refusal_code(wh):
    # the Data page imports many files as one batch (warehouse.ingest.batch): the code must survive it
    from warehouse.ingest.batch import BatchItem, import_batch

    text = US.read_text(encoding="utf-8")
    bad = text.replace('"-45.30","-45.30"', '"-45.30","n/a?"').encode()
    items = [
        BatchItem("会议纪要.csv", raw="日期,议题,负责人\n2026-10-30,复盘,王\n".encode()),
        BatchItem("bad.csv", raw=bad),
    ]
    notes, cell = import_batch(wh, items, refresh=False)
    assert (notes.reason, notes.params["closest"]) == ("unknown_format", "")
    assert cell.reason == "bad_cell" and cell.params["row"] == "15" and cell.params["column"] == "total"
    assert refusal_text(cell.reason, cell.params, cell.message, "en") == cell.message


def test_a_duplicate_in_english_names_no_store_id(wh, monkeypatch):
    """The importer's English said "already imported as import #10 in store default": the Data page's line is the
    catalog's sentence, which names the import and no internal store id ("default" is "Default store" on screen)."""
    assert wh.ingest_path(US).status == "imported"
    again = wh.ingest_bytes(US.read_bytes(), "copy.csv")
    assert again.status == "duplicate" and "in store default" in again.message
    monkeypatch.setattr("ui.i18n.lang", lambda: "en")
    monkeypatch.setattr("ui.upload.lang", lambda: "en")
    line = result_line(again)
    assert f"already imported as import #{again.import_id}; nothing changed" in line, line
    # the store in words, as an imported line names it ("the default store"), never the id ("store default")
    assert "(the default store)" in line and "store default" not in line, line


@pytest.mark.parametrize("lg", ["zh", "en"])
def test_a_file_refused_twice_is_named_once(lg):
    # the same file refused twice (once more from the box) plus one import: 3 files, 2 refused, the name once
    from ui import format as fmt
    from ui.upload import summary

    raw = "orders_export_2026-05.csv"
    kind, text = summary([raw, raw, "ok.csv"], ["rejected", "rejected", "imported"], lg)
    name = fmt.plain(raw)  # as the page writes it (markdown characters escaped)
    assert kind == "warning" and text.count(name) == 1, text
    assert f"{name} ×2" in text, text
