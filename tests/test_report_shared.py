"""The report session's shared aggregates (metrics.core.query.SHARED): every channel section reads its sums, its
expenses and its ad notes from one aggregate by channel instead of asking DuckDB per channel. Speed, never a number.

On the demo company (Amazon, TikTok Shop and Shopify in the last 30 days; CNY batches, USD/EUR/JPY/INR sales), the
report's stable JSON built with the shared aggregates equals the one built section by section without them, for the
stored base, USD, and one store on the financial calendar; and it asks DuckDB fewer distinct queries.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest

from metrics.__main__ import stable_json
from metrics.core import api, query
from metrics.core.report import build_report
from warehouse.ingest.importer import Warehouse


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("shared") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    wh = Warehouse(path, path.parent / "archive")  # opening refreshes: prepares the stored base
    yield wh
    wh.close()


def _built(con, f, shared: bool, monkeypatch) -> tuple[str, int]:
    """Returns (stable JSON of the report, distinct queries its session asked DuckDB)."""
    memos = []
    init = query._Memo.__init__

    def record(self, cur):
        init(self, cur)
        memos.append(self)

    monkeypatch.setattr(query, "SHARED", shared)
    monkeypatch.setattr(query._Memo, "__init__", record)
    out = stable_json(build_report(con, f).model_dump(mode="json"))
    monkeypatch.undo()
    return out, sum(len(m._memo) for m in memos)


@pytest.mark.parametrize(
    "update",
    [{}, {"base_currency": "USD"}, {"calendar": "financial", "store": "default"}],
    ids=["stored-base", "usd", "store-financial"],
)
def test_shared_aggregate_equals_section_by_section(demo, monkeypatch, update):
    last = api.data_bounds(demo.con)["last"]
    f = api.Filters(start=last - timedelta(days=29), end=last, compare="previous").model_copy(update=update)
    shared, n_shared = _built(demo.con, f, True, monkeypatch)
    alone, n_alone = _built(demo.con, f, False, monkeypatch)
    assert shared == alone
    channels = len(json.loads(shared)["channels"])
    assert channels >= 2  # several channel sections read the shared aggregate
    # per channel: two sums queries, one expenses and one ad-notes query become four shared ones for all channels
    assert n_shared == n_alone - 4 * channels + 4
