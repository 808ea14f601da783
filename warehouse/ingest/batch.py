"""Imports many files as one batch: the same results as importing them one by one, several times faster.

Most of a small file's import time is DuckDB planning the long typing query of its format (every cell cast by
its locale-aware expression), not reading rows. A batch therefore:

1. prepares every file (detect, read its text into DuckDB, choose its date patterns and decimal separators) and
   groups files whose typing query is the same text (the same format, header and choices; a file's constants
   such as its period or snapshot date travel as columns, not as SQL text);
2. types each group in ONE query over the files' rows together, each row carrying its file number;
3. imports the files in the given order: a run of consecutive files of one typing group and store together in
   one transaction (warehouse.ingest.group: the same rows, ids and results as one by one), every other file alone
   in its own transaction through the normal import path (`Warehouse.ingest_with`): duplicate check, store,
   checks, de-duplication, archive, `meta.imports`. A bad file is rejected with its one sentence and changes
   nothing; the others still import. Typing a file does not depend on the warehouse, so typing ahead changes no
   result;
4. rewrites the archive manifest once (not after every file) and refreshes the marts once at the end.

`import_batch(wh, items, progress=...)` is the entry point; `progress(done, total, line)` is called after each
file. Memory: a batch's files are held as typed rows in temp tables until imported; large uploads are split into
chunks of about `CHUNK_BYTES`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.formats.base import FileContext, Format
from warehouse.ingest import archive as archive_mod
from warehouse.ingest.detect import ImportRejected, detect
from warehouse.ingest.group import import_run, ingest_one, run_key
from warehouse.ingest.importer import (
    ImportResult,
    Warehouse,
    _resolve_dates,
    clean_file_name,
    clean_store,
    normalise_options,
)
from warehouse.ingest.parse import _read_source, check_typed, constant_values, typed_statements

CHUNK_BYTES = 256 * 1024 * 1024  # raw bytes typed ahead at most (a chunk is typed, then imported)


@dataclass
class BatchItem:
    """One file of a batch: its bytes (or a path to read), name, import options and store."""

    file_name: str
    raw: bytes | None = None
    path: Path | None = None
    options: dict = field(default_factory=dict)
    store: str | None = None
    # replay passes the original lineage
    import_id: int | None = None
    imported_at: object = None
    # a sentence when the item cannot even be read (e.g. a manifest entry whose file is missing)
    missing: str | None = None

    def read(self) -> bytes:
        if self.raw is None and self.path is not None:
            self.raw = Path(self.path).read_bytes()
        return self.raw or b""


@dataclass
class Prepared:
    """A file of the batch detected and typed ahead (see Warehouse.ingest_with)."""

    number: int
    sha: str
    fmt: Format | None = None
    ctx: FileContext | None = None
    incoming: Path | None = None
    rejected: ImportRejected | str | None = None
    group: str | None = None  # temp table holding the typed rows of the file's group

    def typed(self, cur) -> tuple[int, str | None]:
        """Makes temp table `typed` this file's rows alone; returns (rows, first error) as `parse.stage` does."""
        cur.execute(
            f"create or replace temp table typed as select * exclude (_f) from {self.group} where _f = ? "
            "order by row_no",
            [self.number],
        )
        return check_typed(cur, self.fmt, self.ctx)


def import_batch(wh: Warehouse, items: Iterable[BatchItem], progress: Callable[[int, int, str], None] | None = None,
                 *, refresh: bool = True, reading: Callable[[int, int], None] | None = None) -> list[ImportResult]:  # fmt: skip
    """Imports `items` in order as one batch; returns one ImportResult per item (never raises for bad input).

    Same rows, `meta.imports` and archive as `wh.ingest_bytes` per item in the same order. `progress(done, total,
    line)` follows each file's import, `reading(done, total)` each file read ahead. `refresh` brings the marts up
    to date once at the end (`Warehouse.refresh`).
    """
    items = list(items)
    results: list[ImportResult] = []
    with wh.lock:
        cur = wh.cursor()
        try:
            for chunk in _chunks(items):
                offset = len(results)
                step = (lambda n, at=offset: reading(at + n, len(items))) if reading else None
                prepared = _prepare(wh, cur, chunk, step)
                try:
                    for run in _runs(chunk, prepared):
                        if len(run) > 1:  # consecutive files of one layout and store: imported together
                            done = import_run(wh, cur, run)
                        elif run[0][0].missing:
                            done = [ImportResult(run[0][0].file_name, "rejected", run[0][0].missing)]
                        else:
                            item, prep = run[0]
                            done = [ingest_one(wh, cur, item, prep)]
                        for (item, _), result in zip(run, done):
                            item.raw = None  # the bytes are archived now; free them
                            results.append(result)
                            if progress:
                                progress(len(results), len(items), result.line())
                finally:
                    _drop_temp(cur, prepared)
        finally:
            try:
                wh._publish(cur)  # the manifest once, from the committed events
            finally:
                cur.close()
    if refresh and any(r.status == "imported" for r in results):
        wh.refresh()  # once, under the writer lock (warehouse.marts.refresh: only what the batch changed)
    return results


def _runs(chunk: list[BatchItem], prepared: list[Prepared | None]) -> Iterable[list[tuple]]:
    """Yields the chunk's files in order as runs: consecutive files of one run key (warehouse.ingest.group) together,
    every other file alone."""
    run: list[tuple] = []
    key = None
    for item, prep in zip(chunk, prepared):
        k = None if item.missing else run_key(item, prep)
        if run and (k is None or k != key):
            yield run
            run = []
        run.append((item, prep))
        key = k
        if k is None:
            yield run
            run = []
    if run:
        yield run


def _chunks(items: list[BatchItem]) -> Iterable[list[BatchItem]]:
    chunk: list[BatchItem] = []
    size = 0
    for item in items:
        n = (
            len(item.raw)
            if item.raw is not None
            else (item.path.stat().st_size if item.path and not item.missing else 0)
        )
        if chunk and size + n > CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += n
    if chunk:
        yield chunk


def _prepare(wh: Warehouse, cur, chunk: list[BatchItem], reading=None) -> list[Prepared | None]:
    """Detects and reads every file of `chunk`, then types each group of same-query files in one query."""
    prepared: list[Prepared | None] = []
    groups: dict[str, tuple[list[str], list[Prepared]]] = {}
    seen: set[str] = set()
    for number, item in enumerate(chunk):
        if reading:
            reading(number + 1)
        if item.missing:
            prepared.append(None)
            continue
        raw = item.read()
        prep = Prepared(number, archive_mod.sha256(raw))
        prepared.append(prep)
        name = clean_file_name(item.file_name)
        try:
            opts = normalise_options(item.options)
            clean_store(item.store)
        except ValueError:  # ingest_with says it, with the same sentence as one by one
            prepared[-1] = None
            continue
        if prep.sha in seen:  # the same bytes twice: the second goes the ordinary way (usually a duplicate)
            prepared[-1] = None
            continue
        seen.add(prep.sha)
        try:
            prep.fmt, prep.ctx = detect(raw, name, opts)
            prep.fmt.inspect(prep.ctx)
            _resolve_dates(prep.fmt, prep.ctx)
            prep.incoming = wh.archive.stage_incoming(raw, prep.sha)
            _read_source(cur, prep.ctx, prep.incoming, raw)
            statements = typed_statements(cur, prep.fmt, prep.ctx, row_no="_rn", keep="_f", constant_columns=True)
        except ImportRejected as exc:
            prep.rejected = exc  # its reason and values go with it
            continue
        except Exception:  # noqa: BLE001 - typed alone later, where an internal error gets its one sentence
            _unstage(prep)
            prepared[-1] = None
            continue
        if any("from typed" in s for s in statements[1:]):  # a file-wide derived column: typed alone
            _unstage(prep)
            prepared[-1] = None
            continue
        key = hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]
        table = f"batch_src_{key}"
        consts = constant_values(prep.fmt, prep.ctx)
        extra = "".join(f', ?::VARCHAR as "k_{name}"' for name in consts)
        if key not in groups:
            groups[key] = (statements, [])
            cur.execute(f"drop table if exists {table}")
            cur.execute(
                f"create temp table {table} as select ?::INTEGER as _f, rowid - (select min(rowid) from src) + 1 "
                f"as _rn{extra}, * from src",
                [number, *consts.values()],
            )
        else:
            cur.execute(
                f"insert into {table} by name select ?::INTEGER as _f, rowid - (select min(rowid) from src) + 1 "
                f"as _rn{extra}, * from src",
                [number, *consts.values()],
            )
        groups[key][1].append(prep)
        prep.group = f"batch_typed_{key}"
    cur.execute("drop table if exists src")
    for key, (statements, members) in groups.items():
        try:
            cur.execute(f"alter table batch_src_{key} rename to src")
            for sql in statements:
                cur.execute(sql)
            cur.execute(f"drop table if exists batch_typed_{key}")
            cur.execute(f"alter table typed rename to batch_typed_{key}")
            cur.execute("drop table if exists src")
        except Exception:  # noqa: BLE001 - the group is imported file by file instead, each with its own sentence
            cur.execute("drop table if exists src")
            for prep in members:
                _unstage(prep)
                prepared[prep.number] = None
    return prepared


def _unstage(prep: Prepared) -> None:
    if prep.incoming is not None:
        prep.incoming.unlink(missing_ok=True)
        prep.incoming = None


def _drop_temp(cur, prepared: list[Prepared | None]) -> None:
    for group in {p.group for p in prepared if p is not None and p.group}:
        if re.fullmatch(r"batch_typed_[0-9a-f]{16}", group):
            cur.execute(f"drop table if exists {group}")
    for prep in prepared:
        if prep is not None:
            _unstage(prep)
