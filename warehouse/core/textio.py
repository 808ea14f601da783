"""Returns decoded text and table layout (encoding, delimiter, header line) of an uploaded export.

Exports come from Excel on Chinese or Japanese Windows as often as from the portals themselves, so bytes are
decoded strictly as UTF-8 first and otherwise as each legacy code page in turn, keeping the first one whose head
contains a known report header (cp1252 never fails to decode, so it is tried last). UTF-16/32 is recognised by its
BOM or, without one, by where its zero bytes fall. A UTF-8 file with a few lines saved by a legacy editor
(`utf-8+cp1252`) is decoded line by line, so its UTF-8 text stays intact. `read_text` returns the whole file
decoded with `\n` line ends (CR-only and mixed LF/CRLF files included).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

HEAD_LINES = 50
MIXED_SUFFIX = "+cp1252"  # encoding name of a UTF-8 file with some cp1252 lines, decoded line by line
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a portal may write a cell of any size
LEGACY_ENCODINGS = ("gb18030", "cp932", "cp1252")
DASHES = dict.fromkeys(map(ord, "‐‑‒–—−﹣－"), "-")


@lru_cache(maxsize=65536)
def norm_header(cell: str) -> str:
    """Returns a header cell folded for comparison: case, dashes, full-width forms, spaces, quotes, guards."""
    s = unicodedata.normalize("NFKC", str(cell or ""))  # full-width （子） -> (子), ＡＳＩＮ -> ASIN
    s = s.translate(DASHES).replace("\ufeff", "").strip().strip('"').strip()
    s = re.sub(r"\s+", " ", s).lower()
    return s


def clean_cell(cell: str) -> str:
    """Returns a cell without Excel text guards (`="…"`, trailing TAB, leading apostrophe) and outer spaces."""
    s = str(cell)
    if s.startswith('="') and s.endswith('"'):
        s = s[2:-1]
    s = s.strip("\t ")
    if s.startswith("'"):
        s = s[1:]
    return s


@dataclass
class Decoded:
    text_head: str  # the decoded head of the file (up to 256 KiB), for sniffing
    encoding: str  # python codec name used
    needs_transcode: bool  # True when DuckDB cannot read the bytes as they are (anything but plain UTF-8)
    lines: list[str] = field(default_factory=list)


def _bom_encoding(raw: bytes) -> str | None:
    """Returns the encoding a BOM announces, or the UTF-16/32 byte order its zero bytes reveal; else None."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return _wide_without_bom(raw)


def _wide_without_bom(raw: bytes) -> str | None:
    """Returns utf-16-le/-be or utf-32-le/-be when ASCII-heavy text shows the zero-byte pattern of that encoding."""
    head = raw[:4096]
    head = head[: len(head) // 4 * 4]
    if len(head) < 8 or b"\x00" not in head:
        return None
    for enc, width, pos in (("utf-32-le", 4, 0), ("utf-32-be", 4, 3), ("utf-16-le", 2, 0), ("utf-16-be", 2, 1)):
        units = [head[i : i + width] for i in range(0, len(head), width)]
        ascii_like = sum(1 for u in units if u[pos] != 0 and u.count(0) == width - 1)
        if ascii_like >= 0.6 * len(units):
            try:
                head.decode(enc)
            except UnicodeDecodeError as exc:
                if exc.start < len(head) - 4:
                    continue
            return enc
    return None


def _legacy_bytes(err: UnicodeDecodeError):
    """Decode-error handler: bytes that are not UTF-8 are read as cp1252 (one character per byte)."""
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error("seller-cockpit-cp1252", _legacy_bytes)


def _mixed_utf8(raw: bytes) -> bool:
    """Returns True when the bytes are mostly UTF-8 text but some are not (a few cells saved by a legacy editor).

    At least as many non-ASCII characters decode as valid UTF-8 as there are stray bytes; a legacy-encoded file
    (GB18030, Shift_JIS, cp1252) has almost no valid UTF-8 sequences, so it keeps its own decoding.
    """
    text = raw[: 4 * 1024 * 1024].decode("utf-8", errors="surrogateescape")
    stray = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    valid = sum(1 for ch in text if ord(ch) > 127) - stray
    return stray > 0 and valid >= stray


def decode_all(raw: bytes, encoding: str) -> str:
    """Returns the whole file decoded (`utf-8+cp1252`: UTF-8, stray bytes as cp1252); raises UnicodeDecodeError."""
    if encoding.endswith(MIXED_SUFFIX):
        return raw.decode("utf-8", errors="seller-cockpit-cp1252")
    return raw.decode(encoding)


def ends_with_line_end(raw: bytes, encoding: str) -> bool:
    """Returns True when the file's last line is finished (ends with LF or CR; trailing spaces/NUL/Ctrl-Z ignored).

    Every export writes a line end after its last row; a file without one was cut off mid-row, and a cut inside an
    unquoted last value (`12.34` -> `12.3`) would otherwise be a wrong number nobody could see.
    """
    enc = encoding
    if encoding.endswith(MIXED_SUFFIX) or encoding == "utf-8-sig":
        enc = "utf-8"
    elif encoding in ("utf-16", "utf-32"):
        enc = encoding + ("-be" if raw.startswith((b"\xfe\xff", b"\x00\x00\xfe\xff")) else "-le")
    tail = raw[-64:].decode(enc, errors="ignore").rstrip(" \t\x00\x1a")
    return tail.endswith(("\n", "\r"))


def regular_line_ends(raw: bytes) -> bool:
    """Returns True when every line ends the same way (all LF or all CRLF), which DuckDB reads as it is."""
    cr = raw.count(b"\r")
    return cr == 0 or (cr == raw.count(b"\r\n") == raw.count(b"\n"))


def read_text(raw: bytes, encoding: str) -> str:
    """Returns the file decoded, with every line ending (CRLF, CR, LF, mixed) written as `\\n`."""
    text = decode_all(raw, encoding).lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _head_bytes(raw: bytes, limit: int = 256 * 1024) -> bytes:
    return raw[:limit]


def _decode_head(raw: bytes, encoding: str) -> str | None:
    head = _head_bytes(raw)
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the head boundary is fine; a bad byte earlier is not
        if exc.start < len(head) - 4 or len(head) == len(raw):
            return None
        text = head[: exc.start].decode(encoding)
    return text


CJK_CHAR = "[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"


def _accents_read_as_cjk(text: str) -> bool:
    """Returns True when a CJK decoding put lone ideographs inside Latin words (cp1252 `Gehäuse` read as `Geh鋟se`).

    An ASCII header decodes alike in every code page, so the header alone cannot tell GBK from cp1252; real Chinese
    or Japanese text comes in runs, whereas a misread accent is one character wedged between Latin letters.
    """
    wedged = len(re.findall(f"(?<=[A-Za-z]){CJK_CHAR}(?=[A-Za-z])", text))
    return wedged > 0 and wedged * 3 >= len(re.findall(CJK_CHAR, text))


def decode_head(raw: bytes, looks_known) -> Decoded:
    """Returns the decoded head of `raw`; `looks_known(lines)` says whether decoded lines hold a known header."""
    bom = _bom_encoding(raw)
    if bom:
        text = _decode_head(raw, bom) or ""
        return Decoded(text, bom, bom != "utf-8-sig", text.splitlines()[:HEAD_LINES])
    text = _decode_head(raw, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", not regular_line_ends(raw), text.splitlines()[:HEAD_LINES])
    if _mixed_utf8(raw):
        enc = "utf-8" + MIXED_SUFFIX
        text = decode_all(_head_bytes(raw), enc)
        return Decoded(text, enc, True, text.splitlines()[:HEAD_LINES])
    fallback = None
    for enc in LEGACY_ENCODINGS:
        text = _decode_head(raw, enc)
        if text is None:
            continue
        lines = text.splitlines()[:HEAD_LINES]
        if looks_known(lines) and not (enc != "cp1252" and _accents_read_as_cjk(text)):
            return Decoded(text, enc, True, lines)
        fallback = fallback or Decoded(text, enc, True, lines)
    if fallback is None:
        raise UnicodeError("not text in any supported encoding")
    return fallback


def split_line(line: str, delimiter: str) -> list[str]:
    """Returns the cells of one CSV line (quotes honoured)."""
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except (StopIteration, csv.Error):
        return []


def sample_rows(text: str, header_index: int, delimiter: str, n: int = 200) -> list[list[str]]:
    """Returns up to n data rows after the header line, parsed with the csv module (for sniffing only)."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"), newline=""), delimiter=delimiter)
    rows = []
    for i, row in enumerate(reader):
        if i <= header_index:
            continue
        rows.append(row)
        if len(rows) >= n:
            break
    return rows


def looks_binary(raw: bytes) -> bool:
    """Returns True when the head of `raw` is not text (NUL bytes outside UTF-16, control-character noise)."""
    head = raw[:4096]
    if not head or (_bom_encoding(raw) or "").startswith(("utf-16", "utf-32")):
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl > len(head) * 0.05


NUM_COMMA_DECIMAL = re.compile(r"^-?[\d .]*\d,\d{1,2}$")
NUM_DOT_DECIMAL = re.compile(r"^-?[\d ,]*\d\.\d{1,2}$")


def sniff_decimal(values) -> str:
    """Returns ',' when the sample's numbers use a decimal comma (`1.234,56`, `95,00`), else '.'."""
    comma = dot = 0
    for v in values:
        s = re.sub(r"[^\d,.\- ]", "", str(v or "")).strip()
        if NUM_COMMA_DECIMAL.match(s):
            comma += 1
        elif NUM_DOT_DECIMAL.match(s):
            dot += 1
    return "," if comma > dot else "."
