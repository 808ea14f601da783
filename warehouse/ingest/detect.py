"""Returns the format and file context of an uploaded file, or refuses it with one sentence."""

from __future__ import annotations

import io
import zipfile
from difflib import SequenceMatcher

from warehouse.core.textio import (
    HEAD_LINES,
    clean_cell,
    decode_head,
    looks_binary,
    norm_header,
    sample_rows,
    split_line,
)
from warehouse.formats import all_formats
from warehouse.formats.base import FileContext, Format
from warehouse.ingest.known_reports import known_report

DELIMITERS = ("\t", ",", ";", "|")


class ImportRejected(Exception):
    """A file that cannot be imported; str(exc) is the one English sentence the CLI shows.

    `reason` (a code, "" when none) and `params` (str values: file, format id, columns, row, value, ...) let a UI
    say the same in its own language (ui/upload.py renders `reject_<reason>` of ui/locales): "empty",
    "unknown_format" (params: file, closest = a format id or ""), "missing_columns" (file, format, columns),
    "bad_cell" (file, row, column, value, expected: number | integer | percent | date | datetime | bool; value ""
    for an empty cell), "no_rows" (file, format), "binary" (file), "encoding" (file), "excel_unreadable" (file,
    detail), "known_report" (file, report = the KnownReport's name_en), "recognised_only" (file, report id),
    "pick_store" (file, n, stores), "not_a_table" (file: plain text with no rows of columns, e.g. notes saved as .csv),
    "shopify_order_clash" (file, n, example, store: another shop's order numbers already in the store).
    """

    def __init__(self, message: str, reason: str = "", **params: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.params = {k: str(v) for k, v in params.items()}


def _best_header(lines: list[str], delimiters=DELIMITERS):
    """Returns (score, format, line index, delimiter, cells) of the best header candidate in `lines`."""
    best = (0.0, None, -1, ",", [])
    for i, line in enumerate(lines[:HEAD_LINES]):
        if not line.strip():
            continue
        for delim in delimiters:
            if delim not in line:
                continue
            cells = [clean_cell(c) for c in split_line(line, delim)]
            if len(cells) < 3:
                continue
            for fmt in all_formats():
                score = fmt.match_score(cells)
                # prefer the format that recognises more of the header when several match fully
                tie = len(fmt.header_map(cells)) / 1000.0 if score == 1.0 else 0.0
                if score + tie > best[0]:
                    best = (score + tie, fmt, i, delim, cells)
        if best[0] >= 1.0:  # the first line that is a complete header is the header
            break
    return best


def _looks_known(lines: list[str]) -> bool:
    return _best_header(lines)[0] >= 1.0


CLOSEST_MIN_HITS = 3  # header cells a file must share with a format before it is named as the closest one


def _closest(lines: list[str]):
    """Returns the known format whose header is most like the file's first lines, or None when no format shares at
    least CLOSEST_MIN_HITS header cells with it (a poor overlap names nothing rather than mislead)."""
    candidates = [norm_header(c) for line in lines[:HEAD_LINES] for d in DELIMITERS for c in split_line(line, d)]
    best, best_score = None, 0.0
    for fmt in all_formats():
        spellings = {norm_header(h) for col in fmt.columns for h in col.headers}
        if not spellings:
            continue
        hits = sum(1 for c in set(candidates) if c in spellings)
        fuzzy = max(
            (
                SequenceMatcher(
                    None, " ".join(sorted(set(candidates)))[:400], " ".join(sorted(spellings))[:400]
                ).ratio(),
            ),
        )
        score = hits + fuzzy
        if hits >= CLOSEST_MIN_HITS and score > best_score:
            best, best_score = fmt, score
    return best


# where the supported reports are downloaded (English; the zh catalog holds the same in Chinese)
PORTAL_HINT = (  # = ui/locales rej_portal_hint (en); download paths as FORMATS.md gives them
    "download a supported report from the seller portal as it comes, e.g. Amazon Seller Central Reports > Payments > "
    "Date Range Reports > Transaction, or Reports > Business Reports > By ASIN > Detail Page Sales and Traffic By Child "
    "Item; TikTok Shop Finance > Statements > Export; Shopify Orders > Export (all orders, CSV) or Finance > Payouts > "
    "Export transactions; or fill a blank template from the Data page"
)


# exports recognised on purpose but not imported: (header cells that all must be present, the sentence's reason)
RECOGNISED_ONLY = [
    (
        {"creator username", "order id", "actual commission payment"},
        "is the TikTok Shop affiliate orders export (creator commission per order); that commission is already "
        "deducted in the finance statement, so it is not imported as a second cost; import the finance statement "
        "(Finance > Statements > Export) for the fees",
    ),
]


def _recognised_only(lines: list[str]) -> str | None:
    """Returns why a known-but-not-imported export is refused, or None."""
    for line in lines[:HEAD_LINES]:
        for d in DELIMITERS:
            cells = {norm_header(c) for c in split_line(line, d)}
            for needed, reason in RECOGNISED_ONLY:
                if needed <= cells:
                    return reason
    return None


def _looks_tabular(lines: list[str], delimiters=DELIMITERS) -> bool:
    """Returns True when some two consecutive non-empty lines of the head split into the same number (≥ 2) of cells
    by one delimiter — a table, known or not; prose (notes, an e-mail saved as .csv) does not."""
    head = [line for line in lines[:HEAD_LINES] if line.strip()]
    for d in delimiters:
        counts = [len(split_line(line, d)) for line in head]
        if any(a == b >= 2 for a, b in zip(counts, counts[1:])):
            return True
    return False


def _unknown(file_name: str, lines: list[str], delimiters=DELIMITERS) -> ImportRejected:
    """Returns the refusal of a file no format recognises: a known-but-unused report by name, a known report that
    lost columns, or an unknown file."""
    known = known_report(lines, delimiters)
    if known is not None:
        return ImportRejected(known.sentence(file_name), "known_report", file=file_name, report=known.name_en)
    reason = _recognised_only(lines)
    if reason:
        return ImportRejected(f"{file_name}: {reason}.", "recognised_only", file=file_name, report="tiktok_affiliate")
    score, fmt, _, _, cells = _best_header(lines, delimiters)
    if fmt is not None and score >= 0.5:
        hm = fmt.header_map(cells)
        missing = [c.headers[0] for c in fmt.columns if c.name in fmt.signature and c.name not in hm]
        return ImportRejected(
            f"{file_name}: looks like the {fmt.label_en} but the column(s) {', '.join(repr(m) for m in missing)} "
            "are missing; download the report again with all columns and upload it unchanged.",
            "missing_columns", file=file_name, format=fmt.id, columns=", ".join(repr(m) for m in missing),
        )  # fmt: skip
    if not _looks_tabular(lines, delimiters):
        return ImportRejected(
            f"{file_name}: this is plain text, not a table of columns; upload the report file exactly as downloaded "
            "from the seller portal, or fill a blank template from the Data page.",
            "not_a_table", file=file_name,
        )  # fmt: skip
    closest = _closest(lines)
    near = f" (closest: {closest.label_en})" if closest else ""
    return ImportRejected(
        f"{file_name}: not a report type Seller Cockpit knows{near}; {PORTAL_HINT}.",
        "unknown_format", file=file_name, closest=closest.id if closest else "",
    )  # fmt: skip


def _xlsx_sheets(raw: bytes, file_name: str):
    import fastexcel

    try:
        reader = fastexcel.read_excel(raw)
    except Exception as exc:  # noqa: BLE001 - fastexcel raises several error types
        raise ImportRejected(
            f"{file_name}: the Excel file could not be opened ({str(exc).splitlines()[0][:120]}); "
            "open it in Excel and save it again as .xlsx or .csv.",
            "excel_unreadable", file=file_name, detail=str(exc).splitlines()[0][:120],
        ) from None  # fmt: skip
    for name in reader.sheet_names:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string", n_rows=HEAD_LINES + 200)
        frame = sheet.to_polars()
        rows = [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
        yield name, rows


def detect(raw: bytes, file_name: str, options: dict | None = None) -> tuple[Format, FileContext]:
    """Returns (format, context) for the file's bytes; raises ImportRejected with one sentence otherwise."""
    options = options or {}
    if not raw or not raw.strip():
        raise ImportRejected(
            f"{file_name}: the file is empty; download the report again from the portal.", "empty", file=file_name
        )
    if raw[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(raw)):
        best = None
        all_lines: list[str] = []
        for sheet, rows in _xlsx_sheets(raw, file_name):
            lines = ["\t".join(r) for r in rows[:HEAD_LINES]]
            all_lines += lines
            cand = _best_header(lines, ("\t",))
            if cand[0] >= 1.0 and (best is None or cand[0] > best[0][0]):
                best = (cand, sheet, rows)
        if best is None:
            raise _unknown(file_name, all_lines, ("\t",))
        (_, fmt, idx, _, cells), sheet, rows = best
        missing = fmt.missing_required(cells)
        if missing:
            raise ImportRejected(
                f"{file_name}: sheet '{sheet}' holds a {fmt.label_en} without the required column(s) "
                f"{', '.join(repr(m) for m in missing)}; download the report again with all columns.",
                "missing_columns", file=file_name, format=fmt.id, columns=", ".join(repr(m) for m in missing),
            )  # fmt: skip
        ctx = FileContext(
            file_name=file_name,
            lines=["\t".join(r) for r in rows[:HEAD_LINES]],
            header_index=idx,
            header=cells,
            delimiter="\t",
            sample=[[clean_cell(c) for c in r] for r in rows[idx + 1 : idx + 201]],
            encoding="xlsx",
            is_xlsx=True,
            sheet=sheet,
            options=dict(options),
        )
        return fmt, ctx
    if looks_binary(raw):
        raise ImportRejected(
            f"{file_name}: this is not a text or Excel report (binary content); upload the .csv, .txt or .xlsx "
            "file exactly as downloaded from the portal.",
            "binary", file=file_name,
        )  # fmt: skip
    try:
        decoded = decode_head(raw, _looks_known)
    except UnicodeError:
        raise ImportRejected(
            f"{file_name}: the text encoding could not be recognised (tried UTF-8, UTF-16, GB18030, Shift_JIS, "
            "cp1252); save the file as UTF-8 CSV and upload it again.",
            "encoding", file=file_name,
        ) from None  # fmt: skip
    score, fmt, idx, delim, cells = _best_header(decoded.lines)
    if score < 1.0 or fmt is None:
        raise _unknown(file_name, decoded.lines)
    missing = fmt.missing_required(cells)
    if missing:
        raise ImportRejected(
            f"{file_name}: this {fmt.label_en} lacks the required column(s) {', '.join(repr(m) for m in missing)}; "
            "download the report again with all columns and upload it unchanged.",
            "missing_columns", file=file_name, format=fmt.id, columns=", ".join(repr(m) for m in missing),
        )  # fmt: skip
    text_head = decoded.text_head
    ctx = FileContext(
        file_name=file_name,
        lines=decoded.lines,
        header_index=idx,
        header=cells,
        delimiter=delim,
        sample=[[clean_cell(c) for c in r] for r in sample_rows(text_head, idx, delim)],
        encoding=decoded.encoding,
        options=dict(options),
    )
    return fmt, ctx
