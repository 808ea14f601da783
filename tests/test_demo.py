"""The demo company: deterministic generation, a manifest of existing files, files that import as uploads do."""

import json
from datetime import date

import pytest

from tests.conftest import rows
from warehouse.demo_gen import generate
from warehouse.ingest.demo import import_demo

SHORT = {"start": date(2026, 10, 1), "end": date(2026, 11, 20)}


@pytest.fixture(scope="module")
def short_demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_a")
    generate(out, seed=7, **SHORT)
    return out


def test_same_seed_same_bytes_other_seed_differs(short_demo, tmp_path):
    again = tmp_path / "b"
    generate(again, seed=7, **SHORT)
    files = sorted(p.relative_to(short_demo) for p in short_demo.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (short_demo / rel).read_bytes() == (again / rel).read_bytes(), rel
    other = tmp_path / "c"
    generate(other, seed=8, **SHORT)
    sample = "amazon.com/transactions/2026OctMonthlyTransaction.csv"
    assert (other / sample).read_bytes() != (short_demo / sample).read_bytes()


def test_manifest_lists_exactly_the_files_written(short_demo):
    manifest = json.loads((short_demo / "manifest.json").read_text(encoding="utf-8"))
    listed = [e["path"] for e in manifest["files"]]
    assert len(listed) == len(set(listed))
    written = sorted(str(p.relative_to(short_demo)) for p in short_demo.rglob("*") if p.is_file())
    assert sorted(listed) == [w for w in written if w != "manifest.json"]
    assert manifest["today"] == "2026-11-20"
    # two months of the short range: October and November (to the 20th), per Amazon marketplace of the main store
    # and for the second amazon.com store (the outlet)
    assert {p for p in listed if "/transactions/" in p} == {
        f"{mp}/transactions/{m}MonthlyTransaction.csv"
        for mp in ("amazon.com", "amazon.de", "amazon.co.jp", "outlet/amazon.com")
        for m in ("2026Oct", "2026Nov")
    }
    # every store report names its store; the seller templates (also the outlet's batches) name none
    stores = {e.get("store") for e in manifest["files"] if "/transactions/" in e["path"] or "/ads/" in e["path"]}
    assert stores == {"default", "Lumora Outlet"}
    assert all("store" not in e for e in manifest["files"] if e["path"].startswith("templates/"))


def test_us_transaction_report_layout(short_demo):
    lines = (short_demo / "amazon.com/transactions/2026NovMonthlyTransaction.csv").read_text("utf-8").splitlines()
    assert lines[1] == '"All amounts in USD, unless specified"'
    assert lines[9].startswith('"date/time","settlement id","type","order id","sku"')
    # 9 preamble lines, then the header: data from line 11; US daylight time ends on 2026-11-01 at 2 AM
    stamps = [line.split('","')[0].lstrip('"') for line in lines[10:]]
    assert all(s.startswith("Nov ") for s in stamps)
    assert all(s.endswith(" PST") for s in stamps if not s.startswith("Nov 1, "))
    october = (short_demo / "amazon.com/transactions/2026OctMonthlyTransaction.csv").read_text("utf-8").splitlines()
    assert all(line.split('","')[0].endswith(" PDT") for line in october[10:])


def test_templates_and_transactions_import_like_uploads(short_demo, wh, tmp_path):
    # a trimmed copy (seller templates + one transaction report) keeps the test fast; import_demo is the same
    manifest = json.loads((short_demo / "manifest.json").read_text(encoding="utf-8"))
    keep = [
        e
        for e in manifest["files"]
        if e["path"].startswith("templates/") or e["path"].endswith("2026OctMonthlyTransaction.csv")
    ]
    for e in keep:
        (tmp_path / e["path"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / e["path"]).write_bytes((short_demo / e["path"]).read_bytes())
    (tmp_path / "manifest.json").write_text(json.dumps(manifest | {"files": keep}), encoding="utf-8")
    # nine templates (the ad campaign map, expenses, budget and targets too) + October of amazon.com, amazon.de,
    # amazon.co.jp and of the outlet
    assert len(keep) == 13
    lines = import_demo(wh, tmp_path)
    assert all(" added, " in line for line in lines), lines  # "1 row added" or "6 rows added"
    by_file = {line.split(":")[0]: line for line in lines}
    for name in ("sku_map.csv", "landed_costs.csv", "fx_rates.csv", "inbound_batches.csv", "own_stock.csv",
                 "ad_campaigns.csv", "expenses.csv", "budget.csv", "targets.csv", "2026OctMonthlyTransaction.csv"):  # fmt: skip
        assert name in by_file and " added, " in by_file[name], by_file.get(name, lines[:3])
    # the master SKU behind the amazon.de listing CAM-4K-BLK-DE and the camera cost after the mid-2026 rise
    assert rows(wh, "select master_sku from staging.sku_map where channel_sku = 'CAM-4K-BLK-DE'") == [("CAM-4K-BLK",)]
    cost = rows(wh, "select purchase_cost from staging.landed_costs where master_sku = 'CAM-4K-BLK' order by 1")
    assert cost == [(460.0,), (496.8,)]  # 460 CNY, then 460 × 1.08 = 496.80 from 2026-06-01
    # each report went to the store its manifest entry names; the templates to none
    stores = rows(wh, "select coalesce(store, '-'), count(*) from meta.imports group by 1 order by 1")
    assert stores == [("-", 9), ("Lumora Outlet", 1), ("default", 3)]  # nine templates belong to no store
    # a second call does nothing: the warehouse is no longer empty
    again = import_demo(wh, tmp_path)
    assert len(again) == 1 and "already holds" in again[0]
