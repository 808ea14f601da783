"""Rebuilds a warehouse from its archive alone (`python -m warehouse replay`): every import and undo event again, in
the manifest's order, with the same import ids, consecutive imports typed together as one batch.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from warehouse.ingest import archive as archive_mod
from warehouse.ingest.batch import BatchItem, import_batch
from warehouse.ingest.importer import DEFAULT_STORE, ImportResult, Warehouse


def replay(archive_dir: str | Path, target: str | Path, **kw) -> list[ImportResult]:
    """Rebuilds a warehouse at `target` from the archive alone (same import ids, same order); returns results.

    Every event is replayed in order, undone imports included (imported, then undone again), so the rebuilt
    warehouse keeps the history of undone imports and ends with the same rows, lineage and `meta.events`.
    """
    arch = archive_mod.Archive(Path(archive_dir))
    wh = Warehouse(target, archive_dir, recording=False, refresh=False, **kw)
    results = []
    run: list = []  # consecutive imports replay as one batch (typed together); an undo ends the run
    try:
        for entry in arch.replay_events():
            if entry["event"] == "undo":
                results += import_batch(wh, run, refresh=False)
                run = []
                wh.undo(entry["import_id"], at=datetime.fromisoformat(entry["at"]))
                continue
            run.append(
                BatchItem(
                    entry["file_name"],
                    path=arch.path_of(entry["sha256"]),
                    options=entry.get("options") or {},
                    # manifests from before stores name none: their imports were all the one default store
                    store=entry.get("store") or DEFAULT_STORE,
                    import_id=entry["import_id"],
                    imported_at=datetime.fromisoformat(entry["at"]),
                )
            )
        results += import_batch(wh, run, refresh=False)
        cur = wh.cursor()
        try:
            top = cur.sql("select coalesce(max(import_id), 0) from meta.imports").fetchall()[0][0]
            # keep the sequence past replayed ids so new imports never reuse one
            for _ in range(int(top) - int(cur.sql("select nextval('meta.import_seq')").fetchall()[0][0]) + 1):
                cur.sql("select nextval('meta.import_seq')").fetchall()
        finally:
            cur.close()
        wh.refresh()  # once, after every event
    finally:
        wh.close()
    return results
