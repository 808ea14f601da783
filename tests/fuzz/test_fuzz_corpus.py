"""Fuzz suite: every variant of tests/fuzz/corpus.py is refused cleanly or imported with the clean file's values.

Refused: one sentence that starts with the file name, states the problem and a fix, and the warehouse (every table),
the archive (no stored bytes, no event) and the report numbers are unchanged. Imported: the typed rows equal the
clean file's rows (lineage columns aside). Anything else counts as wrong; the summary line prints the counts.
"""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from tests.conftest import rows, table_state
from tests.fuzz.corpus import variants
from warehouse.ingest.importer import Warehouse

LINEAGE = ("import_id", "row_no", "row_fp", "fp_seq", "file_key")
FIXES = ("download", "upload", "save", "correct", "check", "give", "fill")


def _table_of(wh: Warehouse) -> str | None:
    got = [n for n, c in table_state(wh).items() if c and not n.startswith("meta.")]
    return got[0] if got else None


def _values(wh: Warehouse, table: str) -> list[tuple]:
    cols = [
        c
        for (c,) in rows(
            wh,
            "select column_name from information_schema.columns where table_schema || '.' || table_name = ? "
            "order by ordinal_position",
            [table],
        )
        if c not in LINEAGE
    ]
    return sorted(rows(wh, f"select {', '.join(chr(34) + c + chr(34) for c in cols)} from {table}"), key=repr)


def _stored_files(wh: Warehouse) -> list[str]:
    root = wh.archive.root
    return sorted(p.name for p in root.rglob("*") if p.is_file() and p.name != "manifest.jsonl")


def _report_numbers(wh: Warehouse) -> list[tuple]:
    """A few report numbers over the whole warehouse (marts are views over the tables a refusal must not touch)."""
    return rows(wh, "select count(*), round(coalesce(sum(total), 0), 6) from raw.amazon_transactions")


@pytest.fixture(scope="module")
def clean_values(tmp_path_factory, empty_warehouse_file):
    """The clean file's rows per base fixture, imported once each."""
    out = {}
    folder = tmp_path_factory.mktemp("fuzz_clean")
    for v in variants():
        if v.base.path in out:
            continue
        db = folder / f"{len(out)}.duckdb"
        shutil.copyfile(empty_warehouse_file, db)
        w = Warehouse(db, folder / f"archive{len(out)}")
        try:
            r = w.ingest_path(v.base.path)
            assert r.status == "imported", r.message
            table = _table_of(w)
            out[v.base.path] = (table, _values(w, table))
        finally:
            w.close()
    return out


def _judge(w: Warehouse, v, clean_values) -> tuple[str, str]:
    before, report_before = table_state(w), _report_numbers(w)
    r = w.ingest_bytes(v.raw, v.file_name)
    line = r.line()
    if "\n" in line or "\r" in line:
        return "wrong", f"result is not one line: {line!r}"
    if r.status == "rejected":
        msg = r.message
        shown = v.file_name.replace("\n", " ").strip()
        if "internal error" in msg:
            return "wrong", f"internal error: {msg}"
        if not msg.startswith(shown.split(" ")[0]) or not any(f in msg for f in FIXES):
            return "wrong", f"refusal does not name the file and a fix: {msg}"
        if table_state(w) != before or _stored_files(w) or w.archive.events() or _report_numbers(w) != report_before:
            return "wrong", f"refused but something changed: {msg}"
        return "refused", msg
    if v.expect == "refuse":
        return "wrong", f"imported although it cannot be right: {line}"
    table, expected = clean_values[v.base.path]
    got = _values(w, table) if _table_of(w) == table else None
    if got != expected:
        return "wrong", f"imported with other values than the clean file: {line}"
    return "imported equal", line


def test_fuzz_corpus(tmp_path, empty_warehouse_file, clean_values, capsys):
    corpus = variants()
    assert len(corpus) >= 100
    counts: Counter = Counter()
    wrong = []
    db = tmp_path / "wh.duckdb"
    for i, v in enumerate(corpus):
        shutil.copyfile(empty_warehouse_file, db)
        arch = tmp_path / f"archive{i}"
        w = Warehouse(db, arch)
        try:
            verdict, detail = _judge(w, v, clean_values)
        finally:
            w.close()
        shutil.rmtree(arch, ignore_errors=True)
        counts[verdict] += 1
        if verdict == "wrong":
            wrong.append(f"{v.base.path.name} / {v.kind}: {detail}")
    summary = (
        f"fuzz: tried {len(corpus)} / refused {counts['refused']} / imported equal {counts['imported equal']} "
        f"/ wrong {counts['wrong']}"
    )
    with capsys.disabled():
        print("\n" + summary)
        for w_ in wrong:
            print("  WRONG " + w_[:400])
    assert not wrong, summary
