"""`python -m warehouse`: ingest, replay, undo, imports, formats, demo — a thin CLI over warehouse.ingest.importer."""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import datetime
from pathlib import Path

from warehouse.core.config import DEFAULT_WAREHOUSE, load_settings
from warehouse.core.db import WarehouseLocked
from warehouse.ingest.importer import Warehouse, format_table
from warehouse.ingest.replay import replay


def _open(args) -> Warehouse:
    s = load_settings(warehouse_path=args.db)
    return Warehouse(s.warehouse_path, s.archive_path, threads=s.duckdb_threads, memory_limit=s.duckdb_memory_limit)


def cmd_ingest(args) -> int:
    options = {"period": args.period, "as_of": args.as_of, "marketplace": args.marketplace}
    from warehouse.ingest.batch import BatchItem, import_batch

    items = []
    for name in args.files:
        item = BatchItem(Path(name).name, path=Path(name), options=options, store=args.store)
        if not Path(name).is_file():
            item.missing = f"{name}: no such file; check the path."
        items.append(item)
    wh = _open(args)
    try:
        # many files: one batch (typed together, the marts refreshed once); each prints its line as it is done
        results = import_batch(wh, items, progress=lambda done, total, line: print(line, flush=True))
    finally:
        wh.close()
    return 1 if any(not r.ok for r in results) else 0


def cmd_replay(args) -> int:
    s = load_settings(warehouse_path=args.db)
    target = s.warehouse_path
    backup = None
    if target.exists():
        backup = target.with_name(f"{target.name}.before-replay-{datetime.now():%Y%m%d-%H%M%S}")
        # the old file is kept, never deleted: replay must not lose anything the archive lacks
        try:
            _open(args).close()  # fails with a clear sentence when the app holds the file
        except WarehouseLocked as exc:
            print(exc)
            return 2
        shutil.move(str(target), backup)
    results = replay(s.archive_path, target)
    if backup:
        from warehouse.core.appstate import copy_app_state

        copy_app_state(backup, target)
    for r in results:
        print(r.line())
    print(
        f"replayed {len(results)} imports into {target}" + (f" (previous file kept as {backup.name})" if backup else "")
    )
    return 0 if all(r.ok for r in results) else 1


def cmd_undo(args) -> int:
    wh = _open(args)
    try:
        print(wh.undo(args.import_id))
    finally:
        wh.close()
    return 0


def cmd_imports(args) -> int:
    wh = _open(args)
    try:
        frame = wh.imports()
    finally:
        wh.close()
    for row in frame.iter_rows(named=True):
        period = f"{row['period_start']}..{row['period_end']}" if row["period_start"] else (row["as_of"] or "")
        print(
            f"#{row['import_id']:<5} {row['imported_at']:%Y-%m-%d %H:%M}  {row['status']:<7} {row['format_id']:<28} "
            f"{row['rows_added']:>9,} added {row['rows_present']:>8,} present  {period}  {row['store'] or '*':<12} "
            f"{row['file_name']}"
        )
    return 0


def cmd_formats(args) -> int:
    for f in format_table():
        print(f"{f['id']:<30} {f['group']:<9} {f['needs']:<7} {f['label_en']} / {f['label_zh']}")
    return 0


def cmd_demo(args) -> int:
    from warehouse.ingest.demo import import_demo

    s = load_settings(warehouse_path=args.db)
    default = DEFAULT_WAREHOUSE.resolve()
    if getattr(args, "default_path_only", False) and Path(s.warehouse_path).resolve() != default:
        # a seller's own warehouse: demo rows must never mix with real data
        print(f"the warehouse {s.warehouse_path} is not the demo warehouse ({default}): the demo company was not "
              f"imported; import it there on purpose with `python -m warehouse --db {s.warehouse_path} demo`.")  # fmt: skip
        return 0
    print(f"opening the warehouse {s.warehouse_path} …", flush=True)  # a new one builds its tables and views first
    wh = Warehouse(s.warehouse_path, s.archive_path)

    def show(done: int, total: int, line: str) -> None:
        print(f"[{done}/{total}] {line}", flush=True)
        if done == total:  # the batch refreshes the marts once after its last file
            print("bringing the reports up to date (marts) …", flush=True)

    def read(done: int, total: int) -> None:
        if done == 1 or done % 50 == 0 or done == total:
            print(f"reading the demo files: {done}/{total}", flush=True)

    try:
        lines = import_demo(wh, s.demo_dir, only_if_empty=args.if_empty, progress=show, reading=read)
    finally:
        wh.close()
    if len(lines) == 1 and lines[0].startswith(("the warehouse already", "no demo company")):
        print(lines[0])  # nothing was imported: the one line says why
    rejected = sum(line.startswith("REJECTED") for line in lines)
    return 1 if rejected else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description="Seller Cockpit warehouse")
    parser.add_argument("--db", help="warehouse file (default: WAREHOUSE_PATH or data/warehouse.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="import export files")
    p.add_argument("--period", help="YYYY-MM-DD:YYYY-MM-DD for reports that print no dates")
    p.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD snapshot date for inventory snapshots")
    p.add_argument("--marketplace", help="marketplace id for reports that do not name it (e.g. amazon.de)")
    p.add_argument(
        "--store", help="store (seller account) the files come from; a new name creates it (default: the only store)"
    )
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=cmd_ingest)
    p = sub.add_parser("replay", help="rebuild the warehouse from the archive")
    p.set_defaults(fn=cmd_replay)
    p = sub.add_parser("undo", help="remove one import")
    p.add_argument("import_id", type=int)
    p.set_defaults(fn=cmd_undo)
    sub.add_parser("imports", help="list imports").set_defaults(fn=cmd_imports)
    sub.add_parser("formats", help="list known export formats").set_defaults(fn=cmd_formats)
    p = sub.add_parser("demo", help="import the demo company's files")
    p.add_argument("--if-empty", action="store_true", help="only when the warehouse has no imports yet")
    p.add_argument(
        "--default-path-only",
        action="store_true",
        help="only into the default warehouse (data/warehouse.duckdb), never a WAREHOUSE_PATH of your own",
    )
    p.set_defaults(fn=cmd_demo)
    for sp in sub.choices.values():
        sp.add_argument("--db", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return args.fn(args)
    except WarehouseLocked as exc:
        print(exc)
        return 2
    except BrokenPipeError:  # `... | head -1`: the reader left; stop quietly
        _quiet_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI's promise is one sentence, not a traceback
        print(f"error: {exc}")
        return 1


def _quiet_stdout() -> None:
    """Points stdout at /dev/null so the interpreter's final flush does not fail on a closed pipe."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
