"""A report's prefetch (metrics.core.prefetch): a second cursor of the same snapshot computes the inventory per SKU,
the orders per SKU and the comparison periods' sums while the report's own cursor runs the rest: speed, never a
number.

On the demo company (real exports imported through the normal path), the last 30 days against the 30 before:
1. The report with its prefetch (the two cursors at once; and the second cursor's jobs done first, so who ran what
   is fixed) equals the report without one (every query on the session's cursor); the prefetched queries ran on the
   second cursor's thread, and the session's cursor ran none of them again.
2. An import committed after the session's snapshot began and before the second cursor's (one Shopify order more
   in the period): the second cursor reads other copies (a new refresh key), so it runs nothing; the report is the
   one of the session's snapshot, equal to a report built before the import (its orders per SKU included), and the
   import shows in the next report (one order more, on its SKU's row too).
3. A job that fails: dropped; the session runs that query itself and the report is whole.
"""

from __future__ import annotations

import json
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from metrics.__main__ import stable_json
from metrics.core import api, prefetch, query
from metrics.core.report import build_report
from tests.conftest import ROOT
from tests.test_report_session import _same
from warehouse.ingest.importer import Warehouse


@pytest.fixture()
def demo(demo_warehouse_file, tmp_path):
    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    yield wh
    wh.close()


def _period(con) -> api.Filters:
    last = api.data_bounds(con)["last"]
    return api.Filters(start=last - timedelta(days=29), end=last, compare="previous")


def _report(con, f) -> dict:
    return json.loads(stable_json(build_report(con, f).model_dump(mode="json")))


def _threads(monkeypatch) -> list[tuple[str, str]]:
    """Records (thread name, query text and parameters) of every query a cursor's memo runs."""
    seen: list[tuple[str, str]] = []
    run = query._run

    def recorded(cur, q, a, k, how):
        seen.append((threading.current_thread().name, " ".join(q.split()) + f" | {a!r} {k!r}"))
        return run(cur, q, a, k, how)

    monkeypatch.setattr(query, "_run", recorded)
    return seen


def test_report_with_prefetch_equals_report_without(demo, monkeypatch):
    f = _period(demo.con)
    concurrent = _report(demo.con, f)  # the two cursors at once, as a report runs
    real = prefetch.start

    def first(*args):  # the second cursor's jobs all done before the session asks anything: who ran what is fixed
        thread = real(*args)
        prefetch.wait(thread)
        return thread

    seen = _threads(monkeypatch)
    monkeypatch.setattr(prefetch, "start", first)
    ahead = _report(demo.con, f)
    mine = {q for t, q in seen if t == "report-prefetch"}
    # the inventory per SKU, the orders per SKU and the comparison periods' sums ran on the second cursor, and the
    # session's cursor ran none of them (text and parameters) again: it read their rows
    assert any("marts.inventory_stock" in q for q in mine), mine
    assert any("count(distinct order_key)" in q and "master_sku" in q for q in mine), mine
    assert any("from marts.sku_days" in q and repr(f.comparison().start) in q for q in mine), mine
    assert not mine & {q for t, q in seen if t != "report-prefetch"}
    monkeypatch.setattr(prefetch, "start", lambda *a, **k: None)
    seen.clear()
    alone = _report(demo.con, f)
    assert seen and all(t != "report-prefetch" for t, _ in seen)
    _same(ahead, alone)
    _same(concurrent, alone)
    assert alone["kpis"]["orders"] > 0 and alone["kpis"]["inventory_value"] > 0


def _one_more_order(folder: Path, day) -> Path:
    """A Shopify order export of one order on `day`: the demo's last November order again under a new number (one
    ND filter set, 24.99 USD)."""
    demo = (ROOT / "data" / "demo" / "shopify" / "orders_export_2026-11.csv").read_text(encoding="utf-8").splitlines()
    header, row = demo[0], next(r for r in reversed(demo) if r.startswith("#LU3190,"))
    row = row.replace("#LU3190", "#LU9190").replace("2026-11-20 12:16:07", f"{day.isoformat()} 10:00:00")
    row = row.replace("2026-11-21 20:05:09", f"{day.isoformat()} 18:00:00").replace("5200000003190", "5200000009190")
    path = folder / "orders_export_one_more.csv"
    path.write_text(f"{header}\n{row.replace('c3190.1', 'c9190.1')}\n", encoding="utf-8")
    return path


def test_an_import_between_the_two_snapshots_stops_the_prefetch(demo, monkeypatch, tmp_path):
    f = _period(demo.con)
    before = _report(demo.con, f)
    export = _one_more_order(tmp_path, f.end)
    real = prefetch.start
    imported = []

    def start_after_an_import(con, g, settings, memo, jobs):
        imported.append(demo.ingest_path(export, store="default").status)  # commits after the snapshot began
        return real(con, g, settings, memo, jobs)

    seen = _threads(monkeypatch)
    monkeypatch.setattr(prefetch, "start", start_after_an_import)
    during = _report(demo.con, f)
    assert imported == ["imported"]
    assert not [q for t, q in seen if t == "report-prefetch"]  # other copies: the second cursor ran nothing
    _same(during, before)  # the session's snapshot, SKU table included: from before the import
    monkeypatch.setattr(prefetch, "start", real)
    after = _report(demo.con, f)
    # the import shows in the next report: one order more, in total and on ACC-FILTER's row
    assert after["kpis"]["orders"] == before["kpis"]["orders"] + 1
    row = {r["sku"]: r for r in before["skus"]}["ACC-FILTER"]
    assert {r["sku"]: r for r in after["skus"]}["ACC-FILTER"]["orders"] == row["orders"] + 1


def test_a_failing_job_is_dropped(demo, monkeypatch):
    f = _period(demo.con)
    real = prefetch.start
    calls = []

    def failing(cur):
        calls.append(1)
        raise RuntimeError("a job's error")

    monkeypatch.setattr(prefetch, "start", lambda con, g, s, memo, jobs: real(con, g, s, memo, [failing, *jobs]))
    got = _report(demo.con, f)
    assert calls == [1]
    monkeypatch.setattr(prefetch, "start", lambda *a, **k: None)
    _same(got, _report(demo.con, f))
