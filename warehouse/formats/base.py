"""The format contract: how one export layout is recognised and turned into one typed raw table.

A format module declares its columns (every accepted header spelling, across locales) and may override
`inspect()` to read per-file facts from the preamble, header or sample rows (decimal separator, marketplace,
currency, time zone, period). Parsing itself happens in DuckDB: the file is read as text and each column is cast
by the SQL expression of its kind, so a 1M-line report parses at read_csv speed.

Size: the whole format contract a format author reads in one place (column kinds and their SQL casts, the `Format`
hooks, `FileContext`); the next seam is the per-kind cast expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from warehouse.core.textio import norm_header

KINDS = ("text", "int", "num", "pct", "date", "ts", "bool")
SQL_TYPES = {
    "text": "VARCHAR",
    "int": "BIGINT",
    "num": "DOUBLE",
    "pct": "DOUBLE",
    "date": "DATE",
    "ts": "TIMESTAMP",
    "bool": "BOOLEAN",
}

# UTC offsets (minutes) of the zone abbreviations that appear at the end of portal date/times
TZ_ABBREVIATIONS = {
    "PST": -480, "PDT": -420, "MST": -420, "MDT": -360, "CST": -360, "CDT": -300, "EST": -300, "EDT": -240,
    "UTC": 0, "GMT": 0, "BST": 60, "CET": 60, "CEST": 120, "MEZ": 60, "MESZ": 120, "JST": 540, "IST": 330,
    "AEST": 600, "AEDT": 660,
}  # fmt: skip

DMY_PATTERNS = [
    "%d.%m.%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d %b %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S", "%d-%m-%Y %H:%M:%S",
    "%d.%m.%Y", "%d/%m/%Y", "%d %b %Y", "%d-%m-%Y", "%d/%m/%y",
]  # fmt: skip
MDY_PATTERNS = [
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%m/%d/%y",
]  # fmt: skip
COMMON_PATTERNS = [
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d", "%b %d, %Y", "%B %d, %Y",
    "%Y-%m-%d %H:%M:%S.%f",
]  # fmt: skip


@dataclass(frozen=True)
class Col:
    """One canonical column: its name in the raw table, its kind, and every header spelling that feeds it."""

    name: str
    kind: str = "text"
    headers: tuple[str, ...] = ()
    required: bool = False

    def __post_init__(self):
        assert self.kind in KINDS, self.kind


@dataclass
class FileContext:
    """What is known about one file before its rows are read; `inspect()` fills in the per-file facts."""

    file_name: str
    lines: list[str]  # decoded head lines (CSV) or the sheet's first rows joined by TAB (XLSX)
    header_index: int  # 0-based line of the header
    header: list[str]  # header cells as written
    delimiter: str
    sample: list[list[str]]  # up to 200 data rows
    encoding: str = "utf-8"
    is_xlsx: bool = False
    sheet: str | None = None
    options: dict = field(default_factory=dict)  # user-given: period_start, period_end, as_of, marketplace
    # filled by inspect():
    decimal: str = "."  # the locale's decimal separator, for values that do not show theirs
    column_decimal: dict = field(default_factory=dict)  # column -> separator decided from its values (parse.stage)
    date_order: str = "mdy"  # or "dmy" for day-first locales
    tz: str | None = None  # IANA zone of the marketplace: date/times are converted to its local wall clock
    constants: dict = field(default_factory=dict)  # derived columns with one value for the whole file
    variant: str = ""
    warnings: list[str] = field(default_factory=list)
    # filled by the importer from a sample: column -> (the one strptime pattern, date_mode)
    date_patterns: dict = field(default_factory=dict)
    # set by parse.typed_statements while it builds the typing query: (cell SQL, decimal) -> k of each number the
    # query reads; the number is computed once per row as column `_n<k>` of an inner projection (see `number_ref`)
    numbers: dict | None = None

    def column_values(self, header_name: str) -> list[str]:
        """Returns the sample values of the header cell named `header_name` (normalised match)."""
        target = norm_header(header_name)
        for i, h in enumerate(self.header):
            if norm_header(h) == target:
                return [r[i] for r in self.sample if i < len(r)]
        return []

    @property
    def period(self) -> tuple[date | None, date | None]:
        return self.options.get("period_start"), self.options.get("period_end")


class Format:
    """Base class: subclasses set the attributes and may override `inspect` and `derived`."""

    id: str = ""
    label_en: str = ""
    label_zh: str = ""
    schema: str = "raw"  # seller templates live in `app`
    columns: tuple[Col, ...] = ()
    signature: tuple[str, ...] = ()  # canonical names whose headers must all be present to recognise the file
    needs: str = "none"  # "period" (report covers a date range it does not print) or "as_of" (snapshot)
    description_row_prefix: str | None = None  # TikTok's second header row of explanations
    group: str = "amazon"  # amazon | ads | tiktok | shopify | template (for listing and the data-health panel)
    # Identity of a row = its parsed values minus `volatile`: the columns the portal changes while it processes a
    # transaction (status, release date, settlement id filled in later). A later download of the same row does not
    # add a second row; it replaces the volatile values when its `volatile_rank` (SQL over the row) is at least the
    # stored one, so a more advanced state (Released, settlement id known) wins whatever the import order.
    volatile: tuple[str, ...] = ()
    volatile_rank: str = "0"
    # columns every data row must fill (a row without them belongs to no period or has no amount); None = the
    # required date and date/time columns
    never_empty: tuple[str, ...] | None = None

    def filled_columns(self, hm: dict[str, int] | None = None) -> tuple[str, ...]:
        """Returns the columns no data row may leave empty (`never_empty`, default: required dates); `hm` is the
        file's header map, for formats whose rule depends on the columns the file has."""
        if self.never_empty is not None:
            return self.never_empty
        return tuple(c.name for c in self.columns if c.required and c.kind in ("date", "ts"))

    @property
    def table(self) -> str:
        return f"{self.schema}.{self.id}"

    # -- detection -----------------------------------------------------------------------------------------
    def _spellings(self) -> list[tuple[str, tuple[str, ...]]]:
        """Returns (column name, normalised spellings) once per format object (detection calls this a lot)."""
        cached = self.__dict__.get("_spellings_cache")
        if cached is None:
            cached = [(c.name, tuple(norm_header(h) for h in c.headers)) for c in self.columns if c.headers]
            self.__dict__["_spellings_cache"] = cached
        return cached

    def header_map(self, header: list[str]) -> dict[str, int]:
        """Returns canonical column name -> index in `header`, matching spellings exactly after normalising."""
        positions: dict[str, int] = {}
        for i, h in enumerate(header):
            positions.setdefault(norm_header(h), i)
        found: dict[str, int] = {}
        for name, spellings in self._spellings():
            for key in spellings:
                if key in positions:
                    found[name] = positions[key]
                    break
        return found

    def match_score(self, header: list[str]) -> float:
        """Returns the share of signature columns present (1.0 = recognised)."""
        if not self.signature:
            return 0.0
        hm = self.header_map(header)
        return sum(1 for s in self.signature if s in hm) / len(self.signature)

    def missing_required(self, header: list[str]) -> list[str]:
        hm = self.header_map(header)
        return [c.headers[0] for c in self.columns if c.required and c.headers and c.name not in hm]

    # -- per-file facts --------------------------------------------------------------------------------------
    def inspect(self, ctx: FileContext) -> None:
        """Fills ctx (decimal, date_order, tz, constants, warnings) from the file's head; default: nothing."""

    def derived(self, ctx: FileContext) -> dict[str, str]:
        """Returns SQL expressions (over the typed columns `t.<name>`) for columns without headers."""
        return {}

    def skip_row_sql(self, ctx: FileContext, hm: dict[str, int]) -> str:
        """Returns a SQL condition over the text cells `c0..cN` that is true for rows that are not data (e.g. the
        `Total: Account` summary rows of an ads export); '' = every non-blank row is data."""
        return ""

    def cell_expr(self, col: Col, src: str, ctx: FileContext) -> str:
        """Returns the SQL casting text cell `src` to col's kind; formats with unusual cells (`<5`, `RM 1.00`)
        override it to clean the cell first."""
        return cast_expr(col, src, ctx)

    def validate(self, cur, ctx: FileContext) -> tuple[int, str, str] | None:
        """Checks the typed rows (temp table `typed`) for implausible values; returns (row_no, column, problem)."""
        return None

    def check_store(self, cur, ctx: FileContext, store: str | None) -> None:
        """Checks the typed rows (temp table `typed`) against what `store` already holds, before anything is
        written; raises `ImportRejected` when importing them there would overwrite another account's data."""
        return None

    def raw_columns(self) -> list[tuple[str, str]]:
        """Returns (name, SQL type) of the raw table's data columns, in order."""
        return [(c.name, SQL_TYPES[c.kind]) for c in self.columns]


# -- SQL expressions for each kind ---------------------------------------------------------------------------
def sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def text_expr(src: str) -> str:
    """Cleans Excel guards: ="…", trailing TAB, leading apostrophe, outer spaces; empty -> NULL.

    Most cells carry none of these, so a cheap prefix/suffix test routes only guarded cells to the slow path.
    """
    x = f"trim({src}, ' \t')"
    slow = f"nullif(case when {x} like '=\"%\"' then {x}[3:-2] when {x} like '''%' then {x}[2:] else {x} end, '')"
    guarded = " or ".join(f"{src} like '{p}'" for p in ("%\t", '="%', "''%", " %", "% ", "\t%"))
    return f"case when {guarded} then {slow} else nullif({src}, '') end"


NUMBER_STRIP = "'(US\\$|CA\\$|A\\$|R\\$|Rs\\.?|[A-Z]{3}|[$£€¥￥₹%]|[\\s\\x{00A0}\\x{202F}\\x{2009}])'"


def stripped_expr(src: str) -> str:
    """Returns SQL of number cell `src` without what a number may carry: currency codes and symbols, spaces, `%`."""
    return f"regexp_replace(replace({src}, '−', '-'), {NUMBER_STRIP}, '', 'g')"


def num_expr(src: str, decimal: str, stripped: str | None = None) -> str:
    """Parses locale numbers per value: currency symbols/codes (`Rs.`, `R$` too), grouping separators (`,` `.` space, lakh), `%`.

    Each value decides its own separators: with both `,` and `.` the last one is the decimal point; a lone separator
    before one, two or four+ digits is the decimal point; only a value like `1,234` or `1.234` (separators before
    exactly three digits) is ambiguous, and takes `decimal` (the column's, from its unambiguous values, else the
    file's locale). NaN, infinities and overflowing exponents are not numbers (NULL, so validation names the row).
    Plain numbers take the fast cast; only the rest go through the regular expressions. `stripped` names SQL that
    already holds `stripped_expr(src)` (a column of an inner projection): the expression refers to it instead of
    repeating the regular expression about ten times.
    """
    # strip only what a number may carry (currency codes and symbols, spaces, %): garbage stays unparsable
    s = stripped or stripped_expr(src)
    group3 = "'[+-]?\\d{1,3}(%s\\d{3})+'"
    comma_groups, dot_groups = group3 % ",", group3 % "\\."
    if decimal == ",":
        ambiguous_comma = f"replace({s}, ',', '.')"
        ambiguous_dot = f"replace({s}, '.', '')"
    else:
        ambiguous_comma = f"replace({s}, ',', '')"
        ambiguous_dot = s
    slow = (
        f"case when regexp_full_match({s}, {comma_groups}) then {ambiguous_comma} "
        f"when regexp_full_match({s}, {dot_groups}) then {ambiguous_dot} "
        # grouping then decimal: 1.234,56 / 1,234.56 / lakh 1,00,000.50
        f"when regexp_full_match({s}, '[+-]?\\d{{1,3}}(\\.\\d{{3}})+,\\d*') then replace(replace({s}, '.', ''), ',', '.') "
        f"when regexp_full_match({s}, '[+-]?\\d{{1,3}}(,\\d{{2,3}})*,\\d{{3}}(\\.\\d*)?') then replace({s}, ',', '') "
        # one decimal comma: -6,12 / 1200,00 / 0,5
        f"when regexp_full_match({s}, '[+-]?\\d*,\\d+') then replace({s}, ',', '.') "
        f"else {s} end"  # a plain number once its currency is gone (`￥103`, `$16.80`); anything else fails the cast
    )
    fast_ok = _fast_ok(src, decimal)
    fast = f"try_cast({src} as DOUBLE)"
    return (
        f"(case when {fast_ok} and {fast} is not null then (case when isfinite({fast}) then {fast} end) "
        f"else (case when isfinite(try_cast({slow} as DOUBLE)) then try_cast({slow} as DOUBLE) end) end)"
    )


def _fast_ok(src: str, decimal: str) -> str:
    """SQL: true when number cell `src` may take the plain cast (no comma; with a decimal comma, no `1.234` grouping)."""
    fast_ok = f"not contains({src}, ',')"
    if decimal == ",":
        fast_ok += f" and not regexp_full_match(trim({src}), '[+-]?\\d{{1,3}}(\\.\\d{{3}})+')"
    return fast_ok


def whole_of(n: str) -> str:
    """Whole number from number SQL `n`: a value with a fraction (`1.5` units) is NULL, so validation names it."""
    return f"(case when {n} = floor({n}) and abs({n}) < 9e18 then cast({n} as BIGINT) end)"


def int_expr(src: str, decimal: str) -> str:
    """Whole numbers: a value with a fraction (`1.5` units) is not a whole number (NULL, so validation names it)."""
    return whole_of(num_expr(src, decimal))


def pct_expr(src: str, decimal: str) -> str:
    """Percent columns become fractions: `3.48%` -> 0.0348."""
    return f"({num_expr(src, decimal)}) / 100.0"


def number_ref(src: str, decimal: str, ctx: FileContext) -> str:
    """Returns SQL of cell `src` parsed as a number (DOUBLE): `num_expr`, or while parse.typed_statements builds
    its query (`ctx.numbers` set) a reference to column `_n<k>` that its inner projections compute once per row.

    The typing query is then several times shorter: planning it is most of a small file's import time.
    """
    if ctx.numbers is None:
        return num_expr(src, decimal)
    k = ctx.numbers.setdefault((src, decimal), len(ctx.numbers))
    return f'"_n{k}"'


def _q(prefix: str, k: int) -> str:
    return f'"{prefix}{k}"'


def number_columns(numbers: dict) -> tuple[str, str, str]:
    """Returns the select lists of the three inner projections computing `number_ref`'s `_n<k>` columns:
    each cell's SQL once (`_t<k>`), its stripped text (`_s<k>`), then its number (`_n<k>`)."""
    cells = ", ".join(f'{src} as "_t{k}"' for (src, _), k in numbers.items())
    # the stripped text only where the fast cast does not apply (num_expr reads it only there): the regular
    # expression stays off the common plain numbers, as in num_expr itself
    strip = ", ".join(
        f"case when {_fast_ok(_q('_t', k), dec)} and try_cast({_q('_t', k)} as DOUBLE) is not null then NULL "
        f'else {stripped_expr(_q("_t", k))} end as "_s{k}"'
        for (_, dec), k in numbers.items()
    )
    nums = ", ".join(f'{num_expr(_q("_t", k), dec, _q("_s", k))} as "_n{k}"' for (_, dec), k in numbers.items())
    return cells, strip, nums


def bool_expr(src: str) -> str:
    return (
        f"case lower(trim({src})) when 'yes' then true when 'true' then true when 'y' then true when '1' then true "
        f"when 'no' then false when 'false' then false when 'n' then false when '0' then false else NULL end"
    )


def _patterns(date_order: str) -> str:
    pats = COMMON_PATTERNS + (DMY_PATTERNS + MDY_PATTERNS if date_order == "dmy" else MDY_PATTERNS + DMY_PATTERNS)
    return "[" + ", ".join(sql_str(p) for p in pats) + "]"


_AMPM = [("a.m.", "AM"), ("p.m.", "PM"), (" am", " AM"), (" pm", " PM")]
ABBR_RE = re.compile(r"\s([A-Z]{3,4})$")
OFFSET_RE = re.compile(r"\s?([+-]\d\d:?\d\d)$")
SERIAL_RE = re.compile(r"^\d{5}(\.\d+)?$")


def _norm_ampm_sql(src: str) -> str:
    s = src
    for a, b in _AMPM:
        s = f"replace({s}, '{a}', '{b}')"
    return f"trim({s})"


def _norm_ampm(value: str) -> str:
    for a, b in _AMPM:
        value = value.replace(a, b)
    return value.strip()


def date_mode(values: list[str]) -> str:
    """Returns how a sample of date/time strings is written: abbr (… PST), offset (…+00:00), serial, plain, mixed."""
    modes = set()
    for v in values:
        v = _norm_ampm(v)
        if not v:
            continue
        if ABBR_RE.search(v) and ABBR_RE.search(v).group(1) in TZ_ABBREVIATIONS:
            modes.add("abbr")
        elif OFFSET_RE.search(v) and re.search(r"\d[ T]\d|\d\s?[+-]\d\d:?\d\d$", v):
            modes.add("offset")
        elif SERIAL_RE.match(v):
            modes.add("serial")
        else:
            modes.add("plain")
    return modes.pop() if len(modes) == 1 else "mixed"


def strip_for_pattern(value: str, mode: str) -> str:
    """Returns the part of a date/time string that strptime patterns must match in `mode`."""
    v = _norm_ampm(value)
    if mode == "abbr":
        return ABBR_RE.sub("", v)
    if mode == "offset":
        return OFFSET_RE.sub("", v).replace("T", " ")
    return v


def candidate_patterns(date_order: str) -> list[str]:
    return COMMON_PATTERNS + (DMY_PATTERNS + MDY_PATTERNS if date_order == "dmy" else MDY_PATTERNS + DMY_PATTERNS)


def ts_expr(src: str, date_order: str, tz: str | None, pattern: str | None = None, mode: str = "mixed") -> str:
    """Parses a date/time to the marketplace's local wall clock.

    Handles trailing zone abbreviations (PST/PDT/UTC/JST…), ISO offsets (+00:00, -0500), `a.m./p.m.`,
    Excel serial numbers. With `tz` set, times that carry a zone are converted to that zone; without it the wall
    clock as printed is kept (e.g. Shopify prints the shop's own zone). When the importer has found the file's one
    `pattern` and `mode` from a sample, the expression is specialised to them (several times faster).
    """
    pats = sql_str(pattern) if pattern else _patterns(date_order)
    s = _norm_ampm_sql(src)
    abbr = f"regexp_extract({s}, '\\s([A-Z]{{3,4}})$', 1)"
    no_abbr = f"regexp_replace({s}, '\\s[A-Z]{{3,4}}$', '')"
    iso_off = f"regexp_extract({s}, '([+-]\\d\\d:?\\d\\d)$', 1)"
    no_off = f"regexp_replace(regexp_replace({s}, '\\s?[+-]\\d\\d:?\\d\\d$', ''), 'T', ' ')"
    wall_no_abbr = f"try_strptime({no_abbr}, {pats})"
    wall_no_off = f"try_strptime({no_off}, {pats})"
    # Excel serial date-times are rounded to the second, as the portal's text export writes them
    serial = f"(DATE '1899-12-30' + to_seconds(cast(round(try_cast({s} as DOUBLE) * 86400) as BIGINT)))"
    offsets = " ".join(f"when '{k}' then {v}" for k, v in TZ_ABBREVIATIONS.items())
    abbr_min = f"(case {abbr} {offsets} else NULL end)"
    off_min = (
        f"(case when {iso_off} = '' then NULL else "
        f"(case when left({iso_off},1)='-' then -1 else 1 end) * "
        f"(cast(substr(replace({iso_off},':',''),2,2) as INT)*60 + cast(substr(replace({iso_off},':',''),4,2) as INT)) end)"
    )
    if tz:
        z = sql_str(tz)
        with_abbr = f"timezone({z}, timezone('UTC', {wall_no_abbr} - to_minutes({abbr_min})))"
        with_off = f"timezone({z}, timezone('UTC', {wall_no_off} - to_minutes({off_min})))"
    else:
        with_abbr = wall_no_abbr
        with_off = wall_no_off
    empty = f"{src} is null or trim({src}) = ''"
    if mode == "abbr":
        return f"case when {empty} then NULL else {with_abbr} end"
    if mode == "offset":
        return f"case when {empty} then NULL else {with_off} end"
    if mode == "serial":
        return f"case when {empty} then NULL else {serial} end"
    if mode == "plain":
        return f"case when {empty} then NULL else try_strptime({s}, {pats}) end"
    return (
        f"case when {empty} then NULL "
        f"when {abbr_min} is not null then {with_abbr} "
        f"when {off_min} is not null then {with_off} "
        f"when regexp_full_match({s}, '\\d{{5}}(\\.\\d+)?') then {serial} "
        f"else try_strptime({s}, {_patterns(date_order)}) end"
    )


def date_expr(src: str, date_order: str, tz: str | None, pattern: str | None = None, mode: str = "mixed") -> str:
    return f"cast({ts_expr(src, date_order, tz, pattern, mode)} as DATE)"


def cast_expr(col: Col, src: str, ctx: FileContext) -> str:
    """Returns the SQL that turns text column `src` into col's typed value for this file."""
    if col.kind == "text":
        return text_expr(src)
    decimal = ctx.column_decimal.get(col.name, ctx.decimal)
    if col.kind == "num":
        return number_ref(src, decimal, ctx)
    if col.kind == "int":
        return whole_of(number_ref(src, decimal, ctx))
    if col.kind == "pct":
        return f"({number_ref(src, decimal, ctx)}) / 100.0"
    if col.kind == "bool":
        return bool_expr(src)
    if col.kind in ("ts", "date"):
        pattern, mode = ctx.date_patterns.get(col.name, (None, "mixed"))
        fn = ts_expr if col.kind == "ts" else date_expr
        return fn(src, ctx.date_order, ctx.tz, pattern, mode)
    raise ValueError(col.kind)


def first_date_in(text: str) -> list[date]:
    """Returns the ISO-like or day-first dates found in a file name or preamble line, in order."""
    out: list[date] = []
    for y, m, d in re.findall(r"(20\d\d)[-_./]?(\d\d)[-_./]?(\d\d)", text):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            pass
    if not out:
        for d, m, y in re.findall(r"(\d\d)[-_.](\d\d)[-_.](20\d\d)", text):
            try:
                out.append(date(int(y), int(m), int(d)))
            except ValueError:
                pass
    return out
