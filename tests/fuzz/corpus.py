"""A deterministic corpus of malformed and re-encoded variants of committed real-layout fixtures.

Each variant says what is right for it: `equal` (the same bytes of meaning in another encoding, line-end style,
delimiter, locale, column order or file name: must import with the clean file's values, or be refused) or
`refuse` (a value or a structure that cannot be right: must be refused with one sentence). Generated at test time
from the fixtures with a fixed seed, so every run tries the same 183 files.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 13


@dataclass(frozen=True)
class Base:
    """A clean fixture and the columns (header names) the mutations aim at."""

    path: Path
    date_col: str  # a date every row must hold
    num_col: str  # a money/number column
    int_col: str | None = None  # a whole-number column (units)
    total_col: str | None = None  # a required total
    required_col: str | None = None  # a column without which the report cannot be read
    fx: bool = False


BASES = (
    Base(ROOT / "tests/fixtures/reliability/amazon_date_range_us_service_fees.csv", "date/time", "product sales",
         "quantity", "total", "total"),
    Base(ROOT / "tests/fixtures/exports/amazon_ads_campaigns/sp_campaign_daily.csv", "Date", "Spend", "Clicks",
         None, "Spend"),
    Base(ROOT / "tests/fixtures/exports/amazon_all_orders/us_all_orders.txt", "purchase-date", "item-price",
         "quantity", None, "sku"),
    Base(ROOT / "tests/fixtures/exports/golden/fx_rates.csv", "Date", "Rate", None, None, "Rate", fx=True),
)  # fmt: skip


@dataclass
class Variant:
    base: Base
    kind: str
    file_name: str
    raw: bytes
    expect: str  # equal | refuse


@dataclass
class Table:
    """A parsed fixture: preamble lines, header, rows, delimiter."""

    preamble: list[str]
    header: list[str]
    rows: list[list[str]]
    delimiter: str
    quote_all: bool = field(default=False)

    def col(self, name: str) -> int:
        return [h.strip().lower() for h in self.header].index(name.lower())

    def render(self, delimiter: str | None = None, line_end: str = "\n", quote_all: bool | None = None,
               header: list[str] | None = None, rows: list[list[str]] | None = None) -> str:  # fmt: skip
        buf = io.StringIO()
        q = self.quote_all if quote_all is None else quote_all
        w = csv.writer(buf, delimiter=delimiter or self.delimiter, lineterminator=line_end,
                       quoting=csv.QUOTE_ALL if q else csv.QUOTE_MINIMAL)  # fmt: skip
        w.writerow(self.header if header is None else header)
        w.writerows(self.rows if rows is None else rows)
        return "".join(p + line_end for p in self.preamble) + buf.getvalue()


def parse(base: Base) -> Table:
    text = base.path.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    delim = "\t" if "\t" in lines[-1] else ","
    idx = next(i for i, line in enumerate(lines) if base.date_col.lower() in line.lower() and delim in line)
    cells = list(csv.reader(lines[idx:], delimiter=delim))
    return Table(lines[:idx], cells[0], [r for r in cells[1:] if r], delim, quote_all=lines[idx].startswith('"'))


def _german(value: str) -> str:
    """`1,234.56` -> `1.234,56` (what a German Excel writes when it re-saves the file)."""
    if re.fullmatch(r"[-$€£]?[\d,]*\.\d+%?|[-$]?\d{1,3}(,\d{3})+", value):
        return value.translate(str.maketrans(",.", ".,"))
    return value


def _set(t: Table, row: int, col: str, value: str) -> list[list[str]]:
    rows = [list(r) for r in t.rows]
    rows[row][t.col(col)] = value
    return rows


def variants(seed: int = SEED) -> list[Variant]:
    rng = random.Random(seed)
    out: list[Variant] = []
    for base in BASES:
        t = parse(base)
        clean = t.render()
        stem, ext = base.path.stem, base.path.suffix
        name = f"{stem}{ext}"

        def add(kind: str, raw: bytes | str, expect: str, file_name: str = name) -> None:
            out.append(Variant(base, kind, file_name, raw.encode("utf-8") if isinstance(raw, str) else raw, expect))

        # --- the same content written differently: must import equal -------------------------------------------
        add("crlf", t.render(line_end="\r\n"), "equal")
        add("cr_only", t.render(line_end="\r"), "equal")
        pre = "".join(p + "\n" for p in t.preamble)
        add("mixed_lf_crlf", pre + t.render(line_end="\r\n")[len(pre.replace("\n", "\r\n")) :], "equal")
        add("utf8_bom", "\ufeff" + clean, "equal")
        add("utf16le_bom", "\ufeff".encode("utf-16-le") + clean.encode("utf-16-le"), "equal")
        add("utf16le_no_bom", clean.encode("utf-16-le"), "equal")
        add("utf16be_no_bom", clean.encode("utf-16-be"), "equal")
        add("utf32le_bom", clean.encode("utf-32"), "equal")
        add("cp1252", clean.encode("cp1252"), "equal")
        german = [[_german(c) for c in r] for r in t.rows]
        add("german_excel", t.render(delimiter=";", rows=german), "equal")
        add("german_excel_crlf", t.render(delimiter=";", rows=german, line_end="\r\n"), "equal")
        add("semicolons", t.render(delimiter=";"), "equal")
        add("tabs", t.render(delimiter="\t"), "equal")
        add("quote_all", t.render(quote_all=True), "equal")
        add("trailing_blank_lines", clean + "\n\n", "equal")
        add("extra_unknown_column", t.render(header=t.header + ["note"], rows=[r + ["x"] for r in t.rows]), "equal")
        add("columns_reversed", t.render(header=t.header[::-1], rows=[r[::-1] for r in t.rows]), "equal")
        padded = [[f" {c} " if re.fullmatch(r"-?[\d.,]+", c) else c for c in r] for r in t.rows]
        add("numbers_padded", t.render(rows=padded), "equal")
        for hostile in ("a\nREJECTED fake.csv", "../../etc/passwd ![x](http://example.invalid/x.png)",
                        "<img src=x onerror=alert(1)> 报告 ünïcödé " + "x" * 200):  # fmt: skip
            add("hostile_name", clean, "equal", file_name=f"{hostile}{ext}")

        # --- values that cannot be right: must be refused ------------------------------------------------------
        r = rng.randrange(len(t.rows))
        for bad in ("NaN", "Infinity", "-inf", "1e400", "abc", "12..5", "1,2,3"):
            add(f"num_{bad}", t.render(rows=_set(t, r, base.num_col, bad)), "refuse")
        if base.int_col:
            add("fractional_units", t.render(rows=_set(t, r, base.int_col, "1.5")), "refuse")
        add("empty_required_date", t.render(rows=_set(t, r, base.date_col, "")), "refuse")
        add("junk_date", t.render(rows=_set(t, r, base.date_col, "soon")), "refuse")
        if base.total_col:
            add("na_total", t.render(rows=_set(t, r, base.total_col, "N/A")), "refuse")
        if base.fx:
            add("fx_zero", t.render(rows=_set(t, r, base.num_col, "0")), "refuse")
            add("fx_negative", t.render(rows=_set(t, r, base.num_col, "-7.1")), "refuse")
            add("fx_10x", t.render(rows=_set(t, r, base.num_col, "80")), "refuse")
        # --- broken structure: must be refused -----------------------------------------------------------------
        body = clean.encode("utf-8")
        start = len("".join(p + "\n" for p in t.preamble).encode()) + len(body.split(b"\n")[len(t.preamble)]) + 1
        for _ in range(2):  # cut inside a data line (never right after a line end: that is a shorter report)
            cut = rng.randrange(start + 1, len(body) - 1)
            while body[cut - 1 : cut] in (b"\n", b"\r"):
                cut -= 1
            add("truncated", body[:cut], "refuse")
        add("truncated_in_header", body[: start - 3], "refuse")
        rows = [list(x) for x in t.rows]
        rows[r] = rows[r] + ["surplus"]
        add("extra_field", t.render(rows=rows), "refuse")
        rows = [list(x) for x in t.rows]
        rows[r] = rows[r][:-1]
        add("missing_field", t.render(rows=rows), "refuse")
        lines = clean.split("\n")
        lines.insert(len(t.preamble) + 1 + r, "this line is not part of the report")
        add("junk_line_in_table", "\n".join(lines), "refuse")
        lines = clean.split("\n")
        lines.insert(len(t.preamble) + 1 + r, lines[len(t.preamble)])
        add("header_repeated_in_table", "\n".join(lines), "refuse")
        lines = clean.split("\n")
        i = len(t.preamble) + 1 + r
        lines[i] = lines[i].replace(t.delimiter, "|" if t.delimiter != "|" else ";")
        add("wrong_delimiter_in_one_row", "\n".join(lines), "refuse")
        add("binary_junk", bytes(rng.randrange(256) for _ in range(2048)), "refuse")
        add("junk_after_zip_magic", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(512)), "refuse")
        add("header_only", t.render(rows=[]), "refuse")
        add("empty", b"", "refuse")
        add("blank_lines_only", b"\n\n \n", "refuse")
        keep = [i for i, h in enumerate(t.header) if h.strip().lower() != base.required_col.lower()]
        add("required_column_dropped",
            t.render(header=[t.header[i] for i in keep], rows=[[x[i] for i in keep] for x in t.rows]), "refuse")  # fmt: skip
    return out
