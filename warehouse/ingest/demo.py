"""Imports the demo company's files (data/demo, listed in its manifest) as one batch through the normal import path."""

from __future__ import annotations

import json
from pathlib import Path

from warehouse.ingest.importer import Warehouse


def manifest_entries(demo_dir: str | Path) -> list[dict]:
    """Returns the manifest's file entries ({"path", "options", optional "store"}) in import order."""
    path = Path(demo_dir) / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def import_demo(wh: Warehouse, demo_dir: str | Path, only_if_empty: bool = True, progress=None,
                reading=None) -> list[str]:  # fmt: skip
    """Imports every file of the demo manifest; returns one result line per file (or one line saying why not).

    `progress(done, total, line)` is called after each file (the CLI prints it, so a first `make run` shows
    where it is). The files are imported as one batch (warehouse.ingest.batch): typed together per format, each file in
    its own transaction, the marts refreshed once at the end; `reading(done, total)` follows the files read ahead.
    """
    demo_dir = Path(demo_dir)
    if not (demo_dir / "manifest.json").is_file():
        return [f"no demo company at {demo_dir} (manifest.json missing); write it with "
                f"`python -m warehouse.demo_gen --out {demo_dir}`."]  # fmt: skip
    if only_if_empty:
        cur = wh.cursor()
        try:
            n = cur.sql("select count(*) from meta.imports").fetchall()[0][0]
        finally:
            cur.close()
        if n:
            return [f"the warehouse already holds {n:,} imports; the demo company was not imported."]
    from warehouse.ingest.batch import BatchItem, import_batch

    items = []
    for entry in manifest_entries(demo_dir):
        path = demo_dir / entry["path"]
        # each store's reports name their store; templates (no "store") are company-wide
        item = BatchItem(path.name, path=path, options=entry.get("options") or {}, store=entry.get("store"))
        if not path.is_file():
            item.missing = (f"{entry['path']}: listed in the demo manifest but missing; write the demo again "
                            f"with `python -m warehouse.demo_gen --out {demo_dir}`.")  # fmt: skip
        items.append(item)
    return [r.line() for r in import_batch(wh, items, progress=progress, reading=reading)]
