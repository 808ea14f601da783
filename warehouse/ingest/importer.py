"""Import, undo and replay: every file is archived byte-for-byte, parsed in DuckDB, and loaded in one transaction.

Overlapping reports never double count: each raw row gets a fingerprint of its parsed values and a sequence
number among identical rows of the same file (`fp_seq`), and a row is added only when (fingerprint, seq) is not
in the table yet. Two identical rows inside one file are two rows; the same row in an overlapping file is one.

Every import of a store's report belongs to one store (seller account, `meta.imports.store`); de-duplication
never crosses stores, so two accounts' identical rows (the same subscription fee on the same day) are both kept.
Seller templates are company-wide and belong to no store.

Size: one writer (`Warehouse`): ingest and the archive manifest here; undo and crash recovery in
warehouse.ingest.undo, runs of same-layout files of a batch in warehouse.ingest.group (same transaction and lock
rules).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from warehouse.core.db import connect
from warehouse.core.english import noun
from warehouse.formats import all_formats, by_id
from warehouse.formats.base import FileContext, Format
from warehouse.ingest import archive as archive_mod
from warehouse.ingest.archive import FAULT_ENV, db_events, fault  # noqa: F401 - also imported from here
from warehouse.ingest.detect import ImportRejected, detect
from warehouse.ingest.options import (  # noqa: F401 - also imported from here
    _json_options,
    _resolve_dates,
    clean_file_name,
    clean_store,
    normalise_options,
)
from warehouse.ingest.parse import coverage_sql, insert_new_rows, stage
from warehouse.ingest.scope import file_scope, label_suffix, store_text
from warehouse.marts.refresh import refresh as refresh_marts

DEFAULT_STORE = "default"


@dataclass
class ImportResult:
    file_name: str
    status: str  # imported | duplicate | rejected
    message: str = ""
    format_id: str = ""
    format_label: str = ""
    variant: str = ""
    scope: str = ""  # what the file is for: marketplace(s) · currency of its rows, e.g. "amazon.de · EUR"
    import_id: int | None = None
    store: str | None = None
    rows_in_file: int = 0
    rows_added: int = 0
    rows_present: int = 0
    warnings: list[str] = field(default_factory=list)
    reason: str = ""  # a refusal's code and values (`ImportRejected`): the UI says it in its language
    params: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("imported", "duplicate")

    def line(self) -> str:
        """Returns the one-line result shown by the CLI and the Data page."""
        if self.status == "rejected":
            return f"REJECTED {self.message}"
        suffix = label_suffix(self.format_id, self.variant, self.scope)
        if self.status == "duplicate":  # its message names the store of the earlier import
            return f"{self.file_name}: {self.format_label}{suffix}: {self.message}"
        where = store_text(self.store)  # the store it went into: "the default store", 'store “Main shop”'
        label = self.format_label + label_suffix(self.format_id, self.variant, self.scope, store=where)
        text = (
            f"{self.file_name}: {label}: {self.rows_added:,} {noun(self.rows_added, 'row', 'rows')} added, "
            f"{self.rows_present:,} already present"
            f" (import #{self.import_id})"
        )
        if self.warnings:
            text += "; warnings: " + " | ".join(self.warnings)
        return text


def list_stores(cur) -> list[str]:
    """Returns the store ids of the warehouse (`default` first, then by creation), at least `default`."""
    rows = cur.sql("select store from meta.stores order by store <> 'default', created_at, store").fetchall()
    return [r[0] for r in rows] or [DEFAULT_STORE]


class Warehouse:
    """The warehouse of one process: one connection, imports serialised by a lock, archive beside the file."""

    def __init__(self, path: str | Path, archive_dir: str | Path | None = None, *, threads: int = 0,
                 memory_limit: str = "", con=None, recording: bool = True, refresh: bool = True,
                 defer_checkpoint: bool = False):  # fmt: skip
        """`defer_checkpoint`: the marts' commits do not wait for DuckDB's checkpoint, which runs in the background
        after them (warehouse.marts.writer_lock; the app's warehouse)."""
        self.path = Path(path)
        self.archive = archive_mod.Archive(Path(archive_dir) if archive_dir else self.path.parent / "archive")
        self.con = con or connect(self.path, threads=threads, memory_limit=memory_limit,
                                  defer_checkpoint=defer_checkpoint)  # fmt: skip
        self.lock = threading.Lock()
        self.recording = recording  # replay turns this off: its imports are already in the manifest
        self.auto_refresh = (
            refresh  # False: the caller refreshes the marts once after a batch (warehouse.marts.refresh)
        )
        cur = self.cursor()
        try:
            cur.execute("create table if not exists meta.events (seq BIGINT primary key, body VARCHAR not null)")
        finally:
            cur.close()
        if self.recording:
            from warehouse.ingest.undo import reconcile

            reconcile(self)
        if self.auto_refresh and self._has_imports():  # a refresh a previous process skipped or lost (cheap if none)
            self.refresh()

    def _has_imports(self) -> bool:
        cur = self.cursor()
        try:
            return bool(cur.sql("select count(*) from meta.imports").fetchall()[0][0])
        finally:
            cur.close()

    def cursor(self):
        return self.con.cursor()

    def close(self) -> None:
        """Closes the connection after its deferred checkpoint, if one runs (DuckDB checkpoints at the close)."""
        from warehouse.marts.writer_lock import wait_checkpoint

        wait_checkpoint(self.con, closing=True)
        self.con.close()

    # -- import ----------------------------------------------------------------------------------------------
    def ingest_path(self, path: str | Path, options: dict | None = None, *, file_name: str | None = None,
                    store: str | None = None, refresh: bool | None = None):  # fmt: skip
        path = Path(path)
        return self.ingest_bytes(path.read_bytes(), file_name or path.name, options, store=store, refresh=refresh)

    def refresh(self):
        """Brings the materialised marts up to date under the writer lock; returns warehouse.marts.refresh.RefreshStats."""
        with self.lock:
            return refresh_marts(self.con)

    def ingest_bytes(self, raw: bytes, file_name: str, options: dict | None = None, *, store: str | None = None,
                     import_id: int | None = None, imported_at: datetime | None = None,
                     refresh: bool | None = None) -> ImportResult:  # fmt: skip
        """Imports one file and refreshes the marts (unless `refresh` is False, default: the warehouse's setting)."""
        result = self._ingest(raw, file_name, options, store=store, import_id=import_id, imported_at=imported_at)
        if result.status == "imported" and (self.auto_refresh if refresh is None else refresh):
            self.refresh()
        return result

    def _ingest(self, raw: bytes, file_name: str, options: dict | None = None, *, store: str | None = None,
                import_id: int | None = None, imported_at: datetime | None = None) -> ImportResult:  # fmt: skip
        """Imports one file into `store` (a new name creates the store; None = the only store); returns its result.

        Never raises for bad input: status 'rejected' + one sentence. A seller template ignores `store` (templates
        are company-wide). With several stores and no `store`, a store's report is rejected with the names to pick.
        Control characters in `file_name` (a newline could forge a second result line) become spaces.
        """
        with self.lock:
            cur = self.cursor()
            try:
                return self.ingest_with(cur, raw, file_name, options, store=store, import_id=import_id,
                                        imported_at=imported_at)  # fmt: skip
            finally:
                cur.close()

    def ingest_with(self, cur, raw: bytes, file_name: str, options: dict | None = None, *, store: str | None = None,
                    import_id: int | None = None, imported_at: datetime | None = None, prepared=None,
                    publish: bool = True) -> ImportResult:  # fmt: skip
        """`ingest_bytes` on the caller's cursor, the caller holding `self.lock` (a batch imports many this way).

        `prepared` (warehouse.ingest.batch.Prepared) carries the file already detected, staged and typed into the cursor's
        temp tables; `publish=False` leaves the manifest to the caller (rewritten once after the batch).
        """
        file_name = clean_file_name(file_name)
        try:
            opts = normalise_options(options)
            wanted = clean_store(store)
        except ValueError as exc:
            return ImportResult(file_name, "rejected", f"{file_name}: {exc}.")
        sha = prepared.sha if prepared is not None else archive_mod.sha256(raw)
        # the same bytes are a duplicate in their own store (or anywhere, for a template or no store named)
        prior = cur.sql(
            "select import_id, imported_at, format_id, store from meta.imports where sha256 = ? "
            "and status = 'active' and (store is null or ?::VARCHAR is null or store = ?)",
            params=[sha, wanted, wanted],
        ).fetchall()
        if prior:
            fmt = by_id(prior[0][2])
            where = f" in store {prior[0][3]}" if prior[0][3] else ""
            return ImportResult(
                file_name, "duplicate",
                f"already imported as import #{prior[0][0]}{where} on {prior[0][1]:%Y-%m-%d %H:%M} "
                "(same content); nothing changed",
                format_id=fmt.id, format_label=fmt.label_en, import_id=prior[0][0], store=prior[0][3],
            )  # fmt: skip
        incoming = None
        try:
            if prepared is not None:
                incoming = prepared.incoming
                if prepared.rejected:
                    rejected = prepared.rejected
                    raise rejected if isinstance(rejected, ImportRejected) else ImportRejected(rejected)
                fmt, ctx = prepared.fmt, prepared.ctx
            else:
                fmt, ctx = detect(raw, file_name, opts)
            target = _store_for(cur, fmt, wanted, file_name)
            if incoming is None:
                incoming = self.archive.stage_incoming(raw, sha)
            return self._load(cur, fmt, ctx, incoming, raw, sha, opts, import_id, imported_at, target,
                              prepared=prepared, publish=publish)  # fmt: skip
        except ImportRejected as exc:
            return ImportResult(file_name, "rejected", str(exc), reason=exc.reason, params=exc.params)
        except Exception as exc:  # noqa: BLE001 - a bug must still read as one sentence
            first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            return ImportResult(
                file_name, "rejected",
                f"{file_name}: could not be imported because of an internal error ({first}); nothing was "
                "changed; please report it together with the report's name.",
            )  # fmt: skip
        finally:  # a refused file leaves no bytes behind (an imported one was moved into the archive)
            if incoming is not None:
                incoming.unlink(missing_ok=True)

    def _load(self, cur, fmt: Format, ctx: FileContext, stored: Path, raw: bytes, sha: str, opts: dict,
              import_id: int | None, imported_at: datetime | None, store: str | None, *, prepared=None,
              publish: bool = True) -> ImportResult:  # fmt: skip
        if prepared is not None:  # detected, inspected and typed already (in a batch)
            n_rows, bad = prepared.typed(cur)
        else:
            fmt.inspect(ctx)
            _resolve_dates(fmt, ctx)
            n_rows, bad = stage(cur, fmt, ctx, stored, raw)
        if bad:
            raise bad if isinstance(bad, ImportRejected) else ImportRejected(bad)
        scope = file_scope(cur)
        if n_rows == 0:
            raise ImportRejected(
                f"{ctx.file_name}: the {fmt.label_en} has a header but no data rows; "
                "check the date range chosen in the portal and download it again.",
                "no_rows", file=ctx.file_name, format=fmt.id,
            )  # fmt: skip
        if import_id is None:  # replay (original import ids) rebuilds what was imported then, as it was
            fmt.check_store(cur, ctx, store)
        at = imported_at or datetime.now().replace(microsecond=0)
        cover = coverage_sql(fmt)  # the dates and marketplaces its rows cover: undo re-parses only overlapping imports
        covered = cur.sql(cover).fetchall()[0] if cover else (None, None, True, None)
        cur.execute("begin")
        try:
            if import_id is None:  # replay passes the original id so lineage stays identical
                import_id = cur.sql("select nextval('meta.import_seq')").fetchall()[0][0]
            added = insert_new_rows(cur, fmt, import_id, store)
            ps, pe = ctx.constants.get("period_start"), ctx.constants.get("period_end")
            if store is not None:
                cur.execute("insert into meta.stores (store) values (?) on conflict do nothing", [store])
            cur.execute(
                "insert into meta.imports (import_id, file_name, sha256, format_id, variant, encoding, sheet, "
                "rows_in_file, rows_added, rows_present, period_start, period_end, as_of, marketplace, warnings, "
                "options, imported_at, status, store, data_start, data_end, data_undated, data_markets) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)",
                [
                    import_id, ctx.file_name, sha, fmt.id, ctx.variant, ctx.encoding, ctx.sheet, n_rows, added,
                    n_rows - added, ps, pe, ctx.constants.get("snapshot_date"), ctx.constants.get("marketplace"),
                    ctx.warnings, _json_options(opts), at, store, *covered,
                ],
            )  # fmt: skip
            self._record(cur, "import", sha, ctx.file_name, opts, import_id, at, store=store)
            self.archive.keep(stored, sha)
            fault("archive")
            cur.execute("commit")
        except Exception:
            cur.execute("rollback")
            raise
        fault("commit")
        if publish:
            self._publish(cur)
        fault("manifest")
        return ImportResult(
            ctx.file_name, "imported", format_id=fmt.id, format_label=fmt.label_en, variant=ctx.variant, scope=scope,
            import_id=import_id, store=store, rows_in_file=n_rows, rows_added=added, rows_present=n_rows - added,
            warnings=list(ctx.warnings),
        )  # fmt: skip

    # -- undo ------------------------------------------------------------------------------------------------
    def undo(self, import_id: int, at: datetime | None = None, refresh: bool | None = None) -> str:
        """Removes exactly one import's rows (rows it shares with other files stay), refreshes; returns a sentence."""
        msg = self._undo(import_id, at)
        if self.auto_refresh if refresh is None else refresh:  # cheap when nothing changed
            self.refresh()
        return msg

    def _undo(self, import_id: int, at: datetime | None = None) -> str:
        from warehouse.ingest.undo import undo_import

        return undo_import(self, import_id, at)

    def _restage(self, cur, import_id: int) -> Format:
        """Stages an archived import's file again into temp table `typed`; returns its format (undo re-parses)."""
        from warehouse.ingest.undo import restage

        return restage(self, cur, import_id)

    def _record(self, cur, event: str, sha: str, file_name: str, opts: dict, import_id: int, at: datetime,
                store: str | None = None) -> None:  # fmt: skip
        """Adds one event to `meta.events` inside the caller's transaction (the manifest follows after commit)."""
        event_body = archive_mod.make_event(event, sha, file_name, opts, import_id, at, store=store)
        body = json.dumps(event_body, ensure_ascii=False)
        cur.execute("insert into meta.events select coalesce(max(seq), 0) + 1, ? from meta.events", [body])

    def _publish(self, cur) -> None:
        """Rewrites the manifest from `meta.events` (not during replay, whose events are the manifest's).

        A manifest holding events this database lacks (the database was lost or replaced without a replay) is never
        shortened: the new event is appended, so no history and no archived file is ever dropped.
        """
        if not self.recording:
            return
        db, manifest = db_events(cur), self.archive.events()
        if manifest == db[: len(manifest)]:
            self.archive.rewrite(db)
        else:
            self.archive.rewrite(manifest + db[-1:])

    def imports(self):
        """Returns the import history as a polars frame, newest first.

        `period_start` / `period_end` are the period the import options gave, else the first and last day its rows
        cover; `marketplace` lists the marketplaces of its rows ("amazon.com, amazon.ca"), else the one the file
        named. Reports that name neither (Amazon payments, ads) showed an empty marketplace and period: a seller could
        not tell the ₹ files went to amazon.in (warehouse.ingest.coverage records what the rows cover).
        """
        cur = self.cursor()
        try:
            return cur.sql(
                "select import_id, imported_at, file_name, format_id, variant, rows_in_file, rows_added, rows_present, "
                "coalesce(period_start, data_start) as period_start, coalesce(period_end, data_end) as period_end, "
                "as_of, coalesce(nullif(array_to_string(list_sort(list_filter(data_markets, lambda m: m <> '')), ', '), ''), "
                "marketplace) as marketplace, store, warnings, status, sha256 "
                "from meta.imports order by import_id desc"
            ).pl()
        finally:
            cur.close()


def _store_for(cur, fmt: Format, wanted: str | None, file_name: str) -> str | None:
    """Returns the store an import of `fmt` goes to: None for a template, else `wanted` or the only store."""
    if fmt.group == "template":
        return None
    if wanted:
        return wanted
    stores = list_stores(cur)
    if len(stores) == 1:
        return stores[0]
    raise ImportRejected(
        f"{file_name}: the warehouse has {len(stores)} stores ({', '.join(stores)}) and the file does not say "
        "which account it comes from; choose the store on the Data page (or give --store NAME) and import it again.",
        "pick_store", file=file_name, n=len(stores), stores=", ".join(stores),
    )  # fmt: skip


def format_table() -> list[dict]:
    """Returns id, labels and needs of every registered format (for docs and the Data page)."""
    return [
        {"id": f.id, "label_en": f.label_en, "label_zh": f.label_zh, "group": f.group, "needs": f.needs}
        for f in all_formats()
    ]
