"""Returns a file's rows parsed and typed in DuckDB (temp table `typed`) and loads the new ones into its raw table.

The file is read as text (`src`), every column is cast by its kind's locale-aware expression, the first
unparsable cell of each column is reported with its row, and rows whose (fingerprint, occurrence) the raw table
lacks are inserted.

Size: one pipeline (read as text → choose decimals and date patterns → cast → report the first bad cell → insert new
rows) whose steps share the temp tables `src` and `typed`.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.core.textio import ends_with_line_end, read_text, regular_line_ends
from warehouse.formats.base import (
    SQL_TYPES,
    FileContext,
    Format,
    candidate_patterns,
    date_mode,
    number_columns,
    sql_str,
    strip_for_pattern,
)
from warehouse.ingest.detect import ImportRejected

# cells that mean "no value" (TikTok Shop statements print `/` for an empty amount)
EMPTY_MARKERS = "('', '-', '--', 'N/A', 'n/a', '—', '/')"


def _read_source(cur, ctx: FileContext, stored: Path, raw: bytes) -> None:
    """Creates temp table `src` (columns c0..cN as text, in file order) from the archived file."""
    cur.execute("drop table if exists src")
    width = len(ctx.header)
    if ctx.is_xlsx:
        import fastexcel
        import polars as pl

        sheet = fastexcel.read_excel(raw).load_sheet(ctx.sheet, header_row=None, dtypes="string")
        frame = sheet.to_polars()
        frame = frame.slice(ctx.header_index + 1)
        names = [f"c{i}" for i in range(frame.width)]
        frame = frame.rename(dict(zip(frame.columns, names)))
        for i in range(frame.width, width):
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"c{i}"))
        cur.register("src_frame", frame.select([f"c{i}" for i in range(width)]))
        cur.execute("create temp table src as select * from src_frame")
        cur.unregister("src_frame")
        return
    path = stored
    tmp = None
    if ctx.encoding not in ("utf-8", "utf-8-sig") or not regular_line_ends(raw):
        # DuckDB reads UTF-8 with one kind of line end; anything else is decoded and rewritten first
        try:
            text = read_text(raw, ctx.encoding)
        except UnicodeDecodeError as exc:
            raise ImportRejected(
                f"{ctx.file_name}: byte {exc.start:,} is not valid {ctx.encoding} text (the file mixes encodings); "
                "open it in Excel and save it as CSV UTF-8, then upload it again.",
                "mixed_encoding", file=ctx.file_name, byte=f"{exc.start:,}", encoding=ctx.encoding,
            ) from None  # fmt: skip
        tmp = tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False, newline="")
        tmp.write(text)
        tmp.close()
        path = Path(tmp.name)
    header_is_quoted = ctx.lines[ctx.header_index].lstrip("\ufeff").startswith('"')
    quote = '"' if (ctx.delimiter != "\t" or header_is_quoted) else ""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    try:
        cur.execute(
            f"create temp table src as select * from read_csv(?, header = false, skip = {ctx.header_index + 1}, "
            f"delim = ?, quote = ?, escape = ?, columns = {columns}, auto_detect = false, strict_mode = true, "
            "max_line_size = 268435456)",  # a cell of any size a portal writes
            [str(path), ctx.delimiter, quote, quote],
        )
    except duckdb.Error as exc:
        msg = str(exc)
        m = re.search(r"Line: (\d+)", msg)
        n = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", msg)
        line = int(m.group(1)) if m else None  # DuckDB counts lines from the top of the file
        if n:
            raise ImportRejected(
                f"{ctx.file_name}: line {line} has {n.group(2)} fields where the header has {n.group(1)} "
                "(the file looks cut off or edited); download the report again and upload it unchanged.",
                "field_count", file=ctx.file_name, line=line, got=n.group(2), want=n.group(1),
            ) from None  # fmt: skip
        if m:
            raise ImportRejected(
                f"{ctx.file_name}: line {line} cannot be read (an unclosed quote or a broken line: the file looks cut "
                "off or edited); download the report again and upload it unchanged.",
                "broken_line", file=ctx.file_name, line=line,
            ) from None  # fmt: skip
        raise ImportRejected(
            f"{ctx.file_name}: the table could not be read ({msg.splitlines()[0][:160]}); "
            "download the report again and upload it unchanged.",
            "unreadable_table", file=ctx.file_name, detail=msg.splitlines()[0][:160],
        ) from None  # fmt: skip
    finally:
        if tmp:
            Path(tmp.name).unlink(missing_ok=True)
    if not ends_with_line_end(raw, ctx.encoding):
        raise ImportRejected(
            f"{ctx.file_name}: the last line has no line end, so the file looks cut off (an interrupted download or "
            "copy); download the report again and upload it unchanged.",
            "cut_off", file=ctx.file_name,
        )  # fmt: skip


def stage(cur, fmt: Format, ctx: FileContext, stored: Path, raw: bytes) -> tuple[int, str | None]:
    """Builds temp table `typed` (the format's columns, typed) from the file; returns (rows, first error)."""
    _read_source(cur, ctx, stored, raw)
    for sql in typed_statements(cur, fmt, ctx):
        cur.execute(sql)
    return check_typed(cur, fmt, ctx)


ROW_NO_OF_SRC = "rowid - (select min(rowid) from src) + 1"
# up to this many rows the typing query parses each number cell once in inner projections (a query several times
# shorter, and planning it is most of a small file's import time); above it the numbers are parsed in place, which
# runs faster over many rows (300,000 transaction lines: 8 s in place vs 36 s in inner projections, load 5-7)
SHARED_NUMBERS_MAX_ROWS = 10_000


def typed_statements(cur, fmt: Format, ctx: FileContext, *, row_no: str = ROW_NO_OF_SRC, keep: str = "",
                     constant_columns: bool = False, shared_numbers: bool = True) -> list[str]:  # fmt: skip
    """Returns the statements that build temp table `target` from temp table `src` (file text in c0..cN).

    Chooses the file's date patterns and decimal separators first (from `src`, into `ctx`). `row_no` is the SQL
    of the 1-based data row number; `keep` names extra `src` columns carried through unchanged (a batch carries
    its file number); `constant_columns` reads the file's constants (period, snapshot date…) from text columns
    `k_<name>` of `src` (see `constant_values`) instead of writing them into the SQL. The statements depend only on the format, the file context and these arguments, so files
    whose statements are equal can be typed together in one query (see warehouse.ingest.batch).
    `shared_numbers` False writes each number expression in place instead of referring to inner projections (the same
    rows from a several times longer query; tests compare the two); files over SHARED_NUMBERS_MAX_ROWS rows always do.
    """
    hm = fmt.header_map(ctx.header)
    width = len(ctx.header)
    nonblank = " or ".join(f"coalesce(trim(c{i}), '') <> ''" for i in range(width))
    skip_desc = ""
    if fmt.description_row_prefix:
        skip_desc = f" and not coalesce(c0, '') like {sql_str(fmt.description_row_prefix + '%')}"
    skip_rows = fmt.skip_row_sql(ctx, hm)
    if skip_rows:
        skip_desc += f" and not coalesce({skip_rows}, false)"
    dates, numbers, n_src = _sample(cur, fmt, ctx, hm)
    _choose_date_patterns(cur, ctx, dates)
    _choose_decimals(ctx, numbers)
    # every number cell is parsed once per row in inner projections and the typed columns refer to it: a query
    # several times shorter than one repeating the number expression in each use (planning it is most of a small
    # file's import time)
    if shared_numbers and n_src > SHARED_NUMBERS_MAX_ROWS:
        shared_numbers = False  # a big file: the in-place expressions run faster over many rows (planning is small)
    ctx.numbers = {} if shared_numbers else None
    try:
        select = _typed_columns(fmt, ctx, hm, constant_columns)
        numbers = ctx.numbers
    finally:
        ctx.numbers = None
    source = "src"
    if numbers:
        cells, strip, nums = number_columns(numbers)
        rowid = "rowid, " if "rowid" in row_no else ""
        source = f"(select *, {nums} from (select *, {strip} from (select {rowid}*, {cells} from src))) as src"
    if keep:
        select.append(keep)
    inner = f"select {row_no} as row_no, {', '.join(select)} from {source} where ({nonblank}){skip_desc}"
    derived = fmt.derived(ctx)
    repl = ", ".join(f'{expr} as "{name}"' for name, expr in derived.items())
    statements = ["drop table if exists typed"]
    if derived and any(re.search(r"\bfrom typed\b", e) for e in derived.values()):
        # a derived column that aggregates the whole file (e.g. a template's file key) needs the table first
        statements.append(f"create temp table typed as {inner}")
        statements.append(f"create or replace temp table typed as select * replace ({repl}) from typed t")
    elif derived:  # one pass: the derived columns are computed over the typed ones in the same statement
        statements.append(f"create temp table typed as select * replace ({repl}) from ({inner}) t")
    else:
        statements.append(f"create temp table typed as {inner}")
    return statements


def _typed_columns(fmt: Format, ctx: FileContext, hm: dict[str, int], constant_columns: bool) -> list[str]:
    """Returns the typing query's select list: each column cast from its cell, its file constant, or NULL."""
    select = []
    for col in fmt.columns:
        if col.name in hm:
            src = f"c{hm[col.name]}"
            select.append(f'{fmt.cell_expr(col, src, ctx)} as "{col.name}"')
            if col.kind != "text":
                select.append(f'{src} as "{col.name}__raw"')
        elif col.name in ctx.constants and ctx.constants[col.name] is not None:
            value = f'"k_{col.name}"' if constant_columns else sql_str(ctx.constants[col.name])
            select.append(f'cast({value} as {SQL_TYPES[col.kind]}) as "{col.name}"')
        else:
            select.append(f'cast(NULL as {SQL_TYPES[col.kind]}) as "{col.name}"')
    return select


def constant_values(fmt: Format, ctx: FileContext) -> dict[str, str]:
    """Returns the file's constants that `typed_statements(..., constant_columns=True)` reads, as text by name."""
    hm = fmt.header_map(ctx.header)
    return {
        col.name: str(ctx.constants[col.name])
        for col in fmt.columns
        if col.name not in hm and ctx.constants.get(col.name) is not None
    }


def bad_cell_conditions(fmt: Format, ctx: FileContext) -> tuple[list, list[str]]:
    """Returns (the checked columns, one SQL condition per column true for a typed row whose cell is bad there)."""
    hm = fmt.header_map(ctx.header)
    checks = [col for col in fmt.columns if col.name in hm and col.kind != "text"]
    filled = fmt.filled_columns(hm)
    conditions = []
    for col in checks:
        # a required value may not be empty; any other value must parse when it is not an empty marker
        # a column the format says every row fills may not be empty; a required one may be blank but not `N/A`
        raw = f'"{col.name}__raw"'
        if col.name in filled:
            empty_ok = "false"
        elif col.required:
            empty_ok = f"{raw} is null or trim({raw}, ' \t') = ''"
        else:
            empty_ok = f"{raw} is null or trim({raw}, ' \t') in {EMPTY_MARKERS}"
        conditions.append(f'"{col.name}" is null and not (coalesce({empty_ok}, false))')
    return checks, conditions


def check_typed(cur, fmt: Format, ctx: FileContext) -> tuple[int, str | ImportRejected | None]:
    """Checks temp table `typed` of one file; returns (rows, the first error or None): an ImportRejected with its
    reason for a cell that does not parse, the sentence for a format's own check."""
    hm = fmt.header_map(ctx.header)
    checks, conditions = bad_cell_conditions(fmt, ctx)
    where_of = (lambda n: f"row {n}") if not ctx.is_xlsx else (lambda n: f"sheet '{ctx.sheet}' row {n}")
    firsts = [f"min(row_no) filter (where {cond})" for cond in conditions]
    # one scan for the row count and every column (each query costs a plan): each column's first bad row; the first
    # column in the format's order that has one is reported
    bad = []
    n_rows, *first_rows = cur.sql(f"select {', '.join(['count(*)', *firsts])} from typed").fetchall()[0]
    if firsts:
        k = next((k for k, row_no in enumerate(first_rows) if row_no is not None), None)
        if k is not None:
            value = cur.sql(
                f"select coalesce(\"{checks[k].name}__raw\", '') from typed where row_no = ? limit 1",
                params=[first_rows[k]],
            ).fetchall()[0][0]
            bad = [(k, first_rows[k], value)]
    if bad:
        k, row_no, value = bad[0]
        col = checks[k]
        what = {"num": "a number", "int": "a whole number", "pct": "a percentage", "date": "a date",
                "ts": "a date/time", "bool": "yes/no"}[col.kind]  # fmt: skip
        expected = {"num": "number", "int": "integer", "pct": "percent", "date": "date", "ts": "datetime",
                    "bool": "bool"}[col.kind]  # fmt: skip
        where = where_of(row_no + ctx.header_index + 1)
        value = value.strip()
        if not value or value in ("-", "--", "N/A", "n/a", "—"):
            problem, value = f"is empty but every row needs {what} there", ""
        else:
            problem = f"'{value[:40]}' is not {what}"
        column = ctx.header[hm[col.name]]
        return n_rows, ImportRejected(
            f"{ctx.file_name}: {where}, column '{column}': {problem}; "
            "correct that cell (or download the report again) and upload the file again.",
            "bad_cell", file=ctx.file_name, row=str(row_no + ctx.header_index + 1), sheet=ctx.sheet or "",
            column=column, value=value[:40], expected=expected,
        )  # fmt: skip
    problem = fmt.validate(cur, ctx)
    if problem:
        row_no, column, text = problem
        return n_rows, (
            f"{ctx.file_name}: {where_of(row_no + ctx.header_index + 1)}, column '{column}': {text}; "
            "correct that cell and upload the file again."
        )
    return n_rows, None


NUMERIC_KINDS = ("num", "int", "pct")


def _sample(cur, fmt: Format, ctx: FileContext, hm: dict[str, int]) -> tuple[dict, dict, int]:
    """Returns (date samples, number samples, rows of `src`) from ONE query over temp table `src` (each query costs
    a plan): up to 500 non-blank values of each date column not chosen yet (data rows only) and up to 2,000 values
    holding a `,` or `.` of each numeric column, in file order, by column name."""
    dates = [
        c.name for c in fmt.columns if c.kind in ("ts", "date") and c.name in hm and c.name not in ctx.date_patterns
    ]
    numeric = [col.name for col in fmt.columns if col.kind in NUMERIC_KINDS and col.name in hm]
    skip = fmt.skip_row_sql(ctx, hm)
    data = f" and not coalesce({skip}, false)" if skip else ""
    parts = ["(select -1 as k, cast(count(*) as VARCHAR) as v from src)"]
    parts += [
        f"(select {k} as k, c{hm[name]} as v from src where trim(coalesce(c{hm[name]}, '')) <> ''{data} limit 500)"
        for k, name in enumerate(dates)
    ]
    parts += [
        f"(select {len(dates) + k} as k, c{hm[name]} as v from src where c{hm[name]} like '%,%' or "
        f"c{hm[name]} like '%.%' limit 2000)"
        for k, name in enumerate(numeric)
    ]
    by_k: dict[int, list[str]] = {}
    for k, v in cur.sql(" union all ".join(parts)).fetchall():
        by_k.setdefault(k, []).append(v)
    n_src = int(by_k[-1][0])
    date_values = {name: by_k.get(k, []) for k, name in enumerate(dates)}
    number_values = {name: by_k.get(len(dates) + k, []) for k, name in enumerate(numeric)}
    return date_values, number_values, n_src


_COMMA_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+,\d*|\d*,(\d{1,2}|\d{4,}))$")
_DOT_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(,\d{2,3})*,\d{3}\.\d*|\d*\.(\d{1,2}|\d{4,}))$")


def _choose_decimals(ctx: FileContext, sampled: dict[str, list[str]]) -> None:
    """Decides, per numeric column, which separator is decimal in its ambiguous values (`1,234` / `1.234`).

    Values such as `-6,12` or `1,234.56` show their decimal separator; the column's majority of such values decides
    for the ambiguous ones, else the whole file's, else the locale the format read from the file (`ctx.decimal`).
    `sampled`: each numeric column's sampled values holding a `,` or `.` (`_sample`).
    """
    votes: dict[str, list[int]] = {}
    for name, values in sampled.items():
        comma = dot = 0
        for v in values:
            t = re.sub(r"[^\d,.+-]", "", v or "")
            comma += bool(_COMMA_DECIMAL.match(t))
            dot += bool(_DOT_DECIMAL.match(t))
        votes[name] = [comma, dot]
    file_comma = sum(c for c, _ in votes.values())
    file_dot = sum(d for _, d in votes.values())
    default = "," if file_comma > file_dot else "." if file_dot > file_comma else ctx.decimal
    for name, (comma, dot) in votes.items():
        ctx.column_decimal[name] = "," if comma > dot else "." if dot > comma else default


def _choose_date_patterns(cur, ctx: FileContext, sampled: dict[str, list[str]]) -> None:
    """Finds, from a sample of each date column, the one pattern and zone notation the file uses.

    A specialised expression parses a million date/times several times faster than trying every pattern on
    every row; rows the pattern does not fit still fail validation with their row number. `sampled`: each date
    column's sampled non-blank values (`_sample`).
    """
    confirm: list[tuple[str, str, list[str]]] = []  # (column, pattern, values) DuckDB must parse too
    for name, sample in sampled.items():
        # each distinct value once: the mode is a set and a pattern must fit every value (a day's report repeats
        # one date hundreds of times; strptime over each copy was most of this step)
        values = list(dict.fromkeys(sample))
        if not values:
            continue
        mode = date_mode(values)
        if mode in ("mixed", "serial"):
            ctx.date_patterns[name] = (None, mode)
            continue
        stripped = [strip_for_pattern(v, mode) for v in values]
        chosen = None
        for pattern in candidate_patterns(ctx.date_order):  # Python's strptime screens, DuckDB confirms below
            try:
                for v in stripped:
                    datetime.strptime(v, pattern)
            except ValueError:
                continue
            chosen = pattern
            break
        ctx.date_patterns[name] = (chosen, mode)
        if chosen is not None:
            confirm.append((name, chosen, stripped))
    if confirm:  # one query confirms every column's pattern; a column with a value DuckDB cannot parse gets none
        parts = [
            f"select {k} as k from unnest(?::VARCHAR[]) t(s) where try_strptime(s, {sql_str(p)}) is null"
            for k, (_, p, _) in enumerate(confirm)
        ]
        missed = {r[0] for r in cur.sql(" union ".join(parts), params=[v for *_, v in confirm]).fetchall()}
        for k in missed:
            name = confirm[k][0]
            ctx.date_patterns[name] = (None, ctx.date_patterns[name][1])


def identity_columns(fmt: Format) -> list[str]:
    """Returns the columns a row's fingerprint is computed from: every column but the format's volatile ones."""
    return [c.name for c in fmt.columns if c.name not in fmt.volatile]


def insert_new_rows(cur, fmt: Format, import_id: int, store: str | None = None) -> int:
    """Inserts rows of `typed` whose (fingerprint, seq) the table lacks among `store`'s imports; returns the count.

    De-duplication never crosses stores: a row another store's import holds is added again (two seller accounts
    can have identical rows, e.g. the same subscription fee on the same day). `store` None = company-wide
    (templates), compared with the other store-less imports. Rows already present keep their import and row number;
    for a format with volatile columns their volatile values are replaced by this file's when its `volatile_rank`
    is at least the stored one (see Format.volatile).
    """
    cols = ", ".join(f'"{c.name}"' for c in fmt.columns)
    same_store = "import_id in (select import_id from meta.imports where store is not distinct from ?::VARCHAR)"
    cur.execute("drop table if exists fp_rows")
    cur.execute(f"create temp table fp_rows as {fingerprinted_sql(fmt)}")
    before = cur.sql(f"select count(*) from {fmt.table}").fetchall()[0][0]
    if fmt.volatile:
        rank = fmt.volatile_rank
        vol = ", ".join(f'"{n}"' for n in fmt.volatile)
        sets = ", ".join(f'"{n}" = n."{n}"' for n in fmt.volatile)
        differs = " or ".join(f'o."{n}" is distinct from f."{n}"' for n in fmt.volatile)
        picked = ", ".join(f'f."{n}"' for n in fmt.volatile)
        cur.execute(
            f"update {fmt.table} t set {sets} from ("
            f"select f.row_fp, f.fp_seq, {picked} from (select *, {rank} as _rank from fp_rows) f "
            f"join (select row_fp, fp_seq, {vol}, {rank} as _rank from {fmt.table} where {same_store}) o "
            f"using (row_fp, fp_seq) where f._rank >= o._rank and ({differs})) n "
            f"where t.row_fp = n.row_fp and t.fp_seq = n.fp_seq and t.{same_store}",
            [store, store],
        )
    cur.execute(
        f"insert into {fmt.table} ({cols}, import_id, row_no, row_fp, fp_seq) "
        f"select {cols}, {int(import_id)}, row_no, row_fp, fp_seq from fp_rows f "
        f"where not exists (select 1 from {fmt.table} r where r.row_fp = f.row_fp and r.fp_seq = f.fp_seq "
        f"and r.{same_store})",
        [store],
    )
    after = cur.sql(f"select count(*) from {fmt.table}").fetchall()[0][0]
    cur.execute("drop table if exists fp_rows")
    return after - before


def fingerprinted_sql(fmt: Format) -> str:
    """Returns SQL over temp table `typed`: its columns plus row_no, row_fp (UHUGEINT) and fp_seq (INTEGER)."""
    quoted = ", ".join(f'"{n}"' for n in identity_columns(fmt))
    cols = ", ".join(f'"{c.name}"' for c in fmt.columns)
    # 128-bit fingerprint from two independently seeded 64-bit hashes of the parsed identity values; fp_seq numbers
    # identical rows within this file, so (row_fp, fp_seq) is new exactly when the file holds more copies.
    # Numbering identical rows needs a sort, so only fingerprints that occur more than once in the file are
    # numbered; every other row is occurrence 1 (the common case, and much cheaper for a million lines).
    fingerprinted = (
        f"with fp as (select {cols}, row_no, "
        f"(cast(hash({quoted}) as UHUGEINT) << 64) | cast(hash('seller-cockpit', {quoted}) as UHUGEINT) as row_fp "
        f"from typed), "
        f"repeated as (select row_fp from fp group by row_fp having count(*) > 1) "
        f"select *, 1 as fp_seq from fp where row_fp not in (select row_fp from repeated) "
        f"union all "
        f"select *, row_number() over (partition by row_fp order by row_no) as fp_seq from fp "
        f"where row_fp in (select row_fp from repeated)"
    )
    return fingerprinted


def coverage_sql(fmt: Format, table: str = "typed", group: str = "") -> str | None:
    """Returns SQL giving what the rows of `table` cover, for deciding which imports can share rows.

    Columns: `data_start`, `data_end` (DATE: the earliest and latest key date of a row; the key date is the first
    filled identity date or date/time column, so two identical rows always have the same key date), `data_undated`
    (BOOLEAN: some row has no key date, or the format has no date column) and `data_markets` (VARCHAR[]: the
    distinct marketplaces, '' for a row without one; NULL when the format has no marketplace column). `group` adds a
    GROUP BY column (the migration backfills per import_id). None when the format has neither dates nor
    marketplaces (every import may share rows with every other).
    """
    ident = set(identity_columns(fmt))
    dates = [c.name for c in fmt.columns if c.name in ident and c.kind in ("date", "ts")]
    key = f"coalesce({', '.join(f'cast({sql_quote(d)} as DATE)' for d in dates)})" if dates else "NULL::DATE"
    markets = "list(distinct coalesce(marketplace, ''))" if "marketplace" in ident else "NULL::VARCHAR[]"
    if not dates and "marketplace" not in ident:
        return None
    lead = f"{group}, " if group else ""
    tail = f" group by {group}" if group else ""
    return (
        f"select {lead}min({key}) as data_start, max({key}) as data_end, bool_or({key} is null) as data_undated, "
        f"{markets} as data_markets from {table}{tail}"
    )


def sql_quote(name: str) -> str:
    """Returns a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
