"""Bad input: one sentence (file, problem, fix), no traceback, and the warehouse unchanged."""

import io

import pytest
import xlsxwriter

from tests.conftest import FIXTURES, rows, table_state

US = FIXTURES / "amazon_transactions" / "us_2025.csv"


@pytest.fixture
def loaded(wh):
    """A warehouse holding one good import, so 'unchanged' is checked against real content."""
    assert wh.ingest_path(US).status == "imported"
    return wh


def _refuse(wh, name: str, raw: bytes) -> str:
    before, events = table_state(wh), len(wh.archive.events())
    r = wh.ingest_bytes(raw, name)
    assert r.status == "rejected" and not r.ok
    assert table_state(wh) == before
    assert len(wh.archive.events()) == events
    assert "Traceback" not in r.message and "\n" not in r.message
    assert r.message.startswith(f"{name}: ")
    return r.message


def test_empty_file(loaded):
    assert _refuse(loaded, "empty.csv", b"") == (
        "empty.csv: the file is empty; download the report again from the portal."
    )
    assert _refuse(loaded, "blank.csv", b"\n\n  \n").startswith("blank.csv: the file is empty")


def test_binary_garbage(loaded):
    msg = _refuse(loaded, "photo.csv", bytes(range(256)) * 40)
    assert "not a text or Excel report" in msg and "upload the .csv, .txt or .xlsx" in msg


def test_truncated_last_row(loaded, tmp_path):
    text = US.read_text(encoding="utf-8").rstrip("\n")
    cut = text[: text.rfind('","Released"')]  # the download stopped in the middle of the last line
    msg = _refuse(loaded, "cut.csv", cut.encode())
    assert msg == (
        "cut.csv: line 16 cannot be read (an unclosed quote or a broken line: the file looks cut off or edited); "
        "download the report again and upload it unchanged."
    )
    # a last line cut exactly between two fields has too few fields
    short = text[: text.rfind(',"Released"')]
    assert _refuse(loaded, "short.csv", short.encode()) == (
        "short.csv: line 16 has 30 fields where the header has 32 (the file looks cut off or edited); "
        "download the report again and upload it unchanged."
    )


def test_unknown_report_names_no_closest_format_on_a_poor_overlap(loaded):
    # no header cell in common with any format: naming a "closest" one would mislead; say where reports come from
    raw = b"Report,Orders\nmy own,sheet\nfoo,bar,baz,qux\n1,2,3,4\n"
    msg = _refuse(loaded, "mine.csv", raw)
    assert msg.startswith("mine.csv: not a report type Seller Cockpit knows; download a supported report")
    assert "closest" not in msg and "README" not in msg
    assert "Reports > Payments > Date Range Reports" in msg


def test_unknown_report_that_resembles_the_transaction_report(loaded):
    text = US.read_text(encoding="utf-8").replace('"settlement id",', '"payout",').replace('"total",', '"sum",')
    msg = _refuse(loaded, "edited.csv", text.encode())
    assert msg == (
        "edited.csv: looks like the Amazon transaction report (Payments date range) but the column(s) "
        "'settlement id', 'total' are missing; download the report again with all columns and upload it unchanged."
    )


def test_required_column_missing(loaded):
    # drop the 'type' column everywhere: detection still recognises the report but it cannot be read safely
    lines = US.read_text(encoding="utf-8").splitlines()
    out = lines[:9]
    for line in lines[9:]:
        cells = line.split('","')
        del cells[2]
        out.append('","'.join(cells))
    msg = _refuse(loaded, "no_type.csv", "\n".join(out).encode())
    assert msg == (
        "no_type.csv: looks like the Amazon transaction report (Payments date range) but the column(s) 'type' "
        "are missing; download the report again with all columns and upload it unchanged."
    )


def test_unparsable_number_names_the_row(loaded):
    text = US.read_text(encoding="utf-8").replace('"-45.30","-45.30"', '"-45.30","n/a?"')
    msg = _refuse(loaded, "bad.csv", text.encode())
    assert msg == (
        "bad.csv: row 15, column 'total': 'n/a?' is not a number; "
        "correct that cell (or download the report again) and upload the file again."
    )


def test_unparsable_date_names_the_row(loaded):
    text = US.read_text(encoding="utf-8").replace('"Mar 22, 2026 8:00:00 AM PDT"', '"sometime in March"')
    msg = _refuse(loaded, "baddate.csv", text.encode())
    assert msg.startswith("baddate.csv: row 16, column 'date/time': 'sometime in March' is not a date/time")


def test_gbk_bytes_in_a_utf8_file_are_decoded_as_gb18030(wh):
    # a Chinese Excel re-save: the whole file GBK-encoded, Chinese text in the description column
    text = US.read_text(encoding="utf-8").replace("Action Camera 4K Black", "运动相机 4K 黑色")
    r = wh.ingest_bytes(text.encode("gbk"), "gbk.csv")
    assert r.status == "imported", r.message
    assert rows(wh, "select distinct description from raw.amazon_transactions where sku = 'CAM-4K-BLK'") == [
        ("运动相机 4K 黑色",)
    ]


def test_xlsx_with_the_report_on_the_second_sheet(wh):
    lines = US.read_text(encoding="utf-8").splitlines()
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    book.add_worksheet("Read me").write(0, 0, "This workbook was exported for the accountant")
    sheet = book.add_worksheet("Transactions")
    import csv

    for i, row in enumerate(csv.reader(lines)):
        for j, cell in enumerate(row):
            if i > 9 and 14 <= j <= 29 and cell:
                sheet.write_number(i, j, float(cell.replace(",", "")))  # typed money cells, as Excel keeps them
            else:
                sheet.write_string(i, j, cell)
    book.close()
    r = wh.ingest_bytes(buf.getvalue(), "transactions.xlsx")
    assert r.status == "imported", r.message
    assert r.rows_added == 6
    assert rows(wh, "select round(sum(total), 2) from raw.amazon_transactions")[0][0] == pytest.approx(-2069.34)
    assert rows(wh, "select sheet from meta.imports")[0][0] == "Transactions"


def test_bad_period_option(wh):
    r = wh.ingest_path(US, {"period": "March"})
    assert r.status == "rejected"
    assert r.message == "us_2025.csv: period must look like YYYY-MM-DD:YYYY-MM-DD, got 'March'."
