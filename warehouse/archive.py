"""The upload archive: every file byte-for-byte under its SHA-256, plus an append-only manifest of events.

The manifest (one JSON object per line) is what `replay` reads, so the warehouse can be rebuilt from this folder
alone even when the DuckDB file is lost.
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

    def store(self, raw: bytes, digest: str) -> Path:
        """Writes the bytes once (atomically) and returns their path."""
        path = self.path_of(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(raw)
            os.replace(tmp, path)
        return path

    def read(self, digest: str) -> bytes:
        return self.path_of(digest).read_bytes()

    def record(self, event: str, digest: str, file_name: str, options: dict, import_id: int, at: datetime,
               store: str | None = None) -> None:  # fmt: skip
        """Appends one event (import or undo) to the manifest; an import names its store (None for a template)."""
        self.root.mkdir(parents=True, exist_ok=True)
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
        with self.manifest.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def events(self) -> list[dict]:
        if not self.manifest.exists():
            return []
        return [json.loads(line) for line in self.manifest.read_text(encoding="utf-8").splitlines() if line.strip()]

    def active_imports(self) -> list[dict]:
        """Returns the import events not undone later, in import-id order."""
        imports: dict[int, dict] = {}
        for e in self.events():
            if e["event"] == "import":
                imports[e["import_id"]] = e
            elif e["event"] == "undo":
                imports.pop(e["import_id"], None)
        return [imports[k] for k in sorted(imports)]
