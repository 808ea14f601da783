"""The upload archive: every imported file byte-for-byte under its SHA-256, plus a manifest of events.

The manifest (one JSON object per line: import and undo events in the order they happened) is what `replay` reads,
so the warehouse can be rebuilt from this folder alone even when the DuckDB file is lost. The database holds the
same events in `meta.events`, written in the import's own transaction; the manifest is rewritten from them after
each commit (and at start-up after a crash), so the two never disagree about what was committed. Files are staged
under `incoming/` and moved into place only for an import about to commit; refused files leave nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class Archive:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.manifest = self.root / "manifest.jsonl"

    def path_of(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def stage_incoming(self, raw: bytes, digest: str) -> Path:
        """Writes the bytes to `incoming/<sha>.part` (read by the parser) and returns that path."""
        tmp = self.root / "incoming" / f"{digest}.part"
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(raw)
        return tmp

    def keep(self, incoming: Path, digest: str) -> Path:
        """Moves a staged file to its final place (atomically; once per content) and returns that path."""
        path = self.path_of(digest)
        if path.exists():
            incoming.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(incoming, path)
        return path

    def store(self, raw: bytes, digest: str) -> Path:
        """Writes the bytes once (atomically) and returns their path."""
        return self.keep(self.stage_incoming(raw, digest), digest)

    def sweep(self, referenced: set[str]) -> list[str]:
        """Deletes staged leftovers and stored files no event refers to (a refused or killed import); returns them."""
        gone = []
        for p in list((self.root / "incoming").glob("*")) + list(self.root.glob("??/*")):
            if p.suffix == ".part" or p.parent.name == "incoming" or p.name not in referenced:
                p.unlink(missing_ok=True)
                gone.append(p.name)
        return gone

    def rewrite(self, events: list[dict]) -> None:
        """Replaces the manifest with `events` atomically (write a temporary file, fsync, rename)."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest.with_suffix(".jsonl.part")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in events)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.manifest)

    def read(self, digest: str) -> bytes:
        return self.path_of(digest).read_bytes()

    def record(self, event: str, digest: str, file_name: str, options: dict, import_id: int, at: datetime,
               store: str | None = None) -> None:  # fmt: skip
        """Appends one event (import or undo) to the manifest; an import names its store (None for a template)."""
        self.root.mkdir(parents=True, exist_ok=True)
        entry = make_event(event, digest, file_name, options, import_id, at, store=store)
        with self.manifest.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def events(self) -> list[dict]:
        if not self.manifest.exists():
            return []
        return [json.loads(line) for line in self.manifest.read_text(encoding="utf-8").splitlines() if line.strip()]

    def replay_events(self) -> list[dict]:
        """Returns the events in order, keeping undone imports (replay imports and undoes them again)."""
        return self.events()

    def active_imports(self) -> list[dict]:
        """Returns the import events not undone later, in import-id order."""
        imports: dict[int, dict] = {}
        for e in self.events():
            if e["event"] == "import":
                imports[e["import_id"]] = e
            elif e["event"] == "undo":
                imports.pop(e["import_id"], None)
        return [imports[k] for k in sorted(imports)]


def make_event(event: str, digest: str, file_name: str, options: dict, import_id: int, at: datetime,
               store: str | None = None) -> dict:  # fmt: skip
    """Returns one manifest event: {event, import_id, sha256, file_name, options, at (ISO)} and, for an import,
    its store (None for a template)."""
    entry = {
        "event": event,
        "import_id": int(import_id),
        "sha256": digest,
        "file_name": file_name,
        "options": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in (options or {}).items()},
        "at": at.isoformat(),
    }
    if event == "import":
        entry["store"] = store
    return entry


FAULT_ENV = "SELLER_COCKPIT_FAULT"


def fault(step: str) -> None:
    """Kills the process at `step` (archive | commit | manifest) when the test variable names it (fault injection)."""
    if os.environ.get(FAULT_ENV) == step:
        os._exit(137)


def db_events(cur) -> list[dict]:
    """Returns the committed events (`meta.events`) in order, as manifest dicts."""
    return [json.loads(b) for (b,) in cur.sql("select body from meta.events order by seq").fetchall()]
