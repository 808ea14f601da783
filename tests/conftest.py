"""Shared fixtures: a fresh warehouse file per test (real DuckDB, real archive folder), fixture paths."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "exports"


@contextmanager
def warehouse_env(path):
    """Points WAREHOUSE_PATH at path (what the app's pages open) from here to the end of the test: an AppTest built
    inside the with-block runs again after it (a click, a page switch) and must still open `path`, not the
    session's default (`_each_test_restores_warehouse_path` puts the old value back after the test)."""
    os.environ["WAREHOUSE_PATH"] = str(path)
    yield


# Folders made by session-scoped fixtures (numbered: "demo_wh0"): kept for the whole run; every other folder a test
# file makes under the run's base folder is removed when that file's tests are done (see _each_module_frees_its_disk)
SESSION_FOLDERS = ("default_wh", "template", "demo_wh", "browser_wh")
_BASETEMP: list[Path] = []


def scratch_dir(prefix: str) -> Path:
    """A new empty folder under this run's base folder (freed with the rest of the test file's folders), for a helper
    that has no tmp_path: a private copy of a warehouse the app keeps open."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix=prefix, dir=_BASETEMP[0] if _BASETEMP else None))


def open_app_page(path: Path, monkeypatch, page: str, params: dict, *, copy: str | None = "page_", timeout: int = 900):
    """Returns an AppTest of app.py switched to `page` with query `params`, on the warehouse file `path` (on a
    private copy in scratch_dir(`copy`) unless `copy` is None: the app keeps its connection open for the rest of the
    process, st.cache_resource, and a session-wide file such as the demo must stay openable by other tests).
    Fails the test on any exception the page raised."""
    from streamlit.testing.v1 import AppTest

    if copy is not None:
        private = scratch_dir(copy) / "wh.duckdb"
        shutil.copyfile(path, private)
        path = private
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="session", autouse=True)
def _session_default_warehouse(tmp_path_factory):
    """A test that names no warehouse opens this session's own empty file, never the tree's data/warehouse.duckdb:
    the two pytest workers would hold that one file open at once (WarehouseLocked in the other)."""
    _BASETEMP[:] = [tmp_path_factory.getbasetemp()]
    if not os.environ.get("WAREHOUSE_PATH"):
        os.environ["WAREHOUSE_PATH"] = str(tmp_path_factory.mktemp("default_wh") / "wh.duckdb")
    yield


def _restoring_warehouse_path():
    """Yields once, then puts WAREHOUSE_PATH back as it was before (unset if it was)."""
    old = os.environ.get("WAREHOUSE_PATH")
    yield
    if old is None:
        os.environ.pop("WAREHOUSE_PATH", None)
    else:
        os.environ["WAREHOUSE_PATH"] = old


@pytest.fixture(scope="module", autouse=True)
def _each_module_restores_warehouse_path():
    """Puts WAREHOUSE_PATH back after a test file: a module-scoped fixture that opens a page (a P&L page built once
    per language) points it at its own warehouse beyond any one test, and the next file must not inherit it."""
    yield from _restoring_warehouse_path()


@pytest.fixture(scope="module", autouse=True)
def _each_module_frees_its_disk(request, tmp_path_factory):
    """Removes the folders a test file made under the run's base folder (its module fixtures' demo warehouses and
    archives, its scratch copies) once its tests are done, unless one of them failed (kept to look at). A full run
    kept every one to the end, over 1,600 warehouses and dozens of demo copies: a CI machine with a few GB free ran
    out of disk half-way (OSError: No space left on device). Per-test tmp_path folders go by
    tmp_path_retention_policy = "failed" (pyproject.toml)."""
    base = tmp_path_factory.getbasetemp()
    before = set(base.iterdir())
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed != failed:
        return
    for path in set(base.iterdir()) - before:
        if path.is_dir() and path.name.rstrip("0123456789") not in SESSION_FOLDERS:
            shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def _each_test_restores_warehouse_path():
    """Puts WAREHOUSE_PATH back as it was before the test (tests point it at their own warehouse for their whole run)."""
    yield from _restoring_warehouse_path()


@pytest.fixture(scope="session")
def empty_warehouse_file(tmp_path_factory) -> Path:
    """A migrated, empty warehouse file built once per test session (copying it is much faster than building)."""
    path = tmp_path_factory.mktemp("template") / "empty.duckdb"
    Warehouse(path, path.parent / "archive").close()
    return path


@pytest.fixture
def wh(tmp_path, empty_warehouse_file) -> Warehouse:
    """A fresh warehouse in tmp_path (file + archive), closed after the test."""
    shutil.copyfile(empty_warehouse_file, tmp_path / "wh.duckdb")
    w = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    yield w
    w.close()


@pytest.fixture
def fixture_path():
    def get(fmt: str, name: str) -> Path:
        return FIXTURES / fmt / name

    return get


def order_key_sql() -> str:
    """Returns the SQL expression sql/marts/money_facts.sql makes `order_key` with (the (store, order id) pair as one
    number, read by the Orders metric), for a test's hand-made marts.order_lines."""
    import re

    from warehouse.core.config import SQL_DIR

    text = (SQL_DIR / "marts" / "money_facts.sql").read_text(encoding="utf-8")
    return re.search(r"(case when [^\n]*\n\s*then \(md5_number[^\n]* end) as order_key", text)[1]


def rows(wh: Warehouse, sql: str, params=()) -> list[tuple]:
    cur = wh.cursor()
    try:
        return cur.sql(sql, params=list(params)).fetchall()
    finally:
        cur.close()


def table_state(wh: Warehouse) -> dict[str, int]:
    """Returns row counts of every raw/app table plus meta.imports: used to prove a refusal changed nothing."""
    cur = wh.cursor()
    try:
        names = cur.sql(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('raw', 'app', 'meta') and table_type = 'BASE TABLE'"
        ).fetchall()
        return {n: cur.sql(f"select count(*) from {n}").fetchall()[0][0] for (n,) in names}
    finally:
        cur.close()


@pytest.fixture(scope="session")
def demo_warehouse_file(tmp_path_factory) -> Path:
    """The demo company imported once per test session through the normal import path (about 100 s).

    Developer shortcut: DEMO_WAREHOUSE=<file> copies a demo warehouse already imported by `python -m warehouse demo`
    (for re-running one test; `make test` never sets it)."""
    from warehouse.ingest.demo import import_demo

    folder = tmp_path_factory.mktemp("demo_wh")
    prebuilt = os.environ.get("DEMO_WAREHOUSE")
    if prebuilt and Path(prebuilt).is_file():
        shutil.copyfile(prebuilt, folder / "wh.duckdb")
        return folder / "wh.duckdb"
    w = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        lines = import_demo(w, ROOT / "data" / "demo", only_if_empty=False)
    finally:
        w.close()
    rejected = [line for line in lines if line.startswith("REJECTED")]
    assert not rejected, rejected[:3]
    return folder / "wh.duckdb"
