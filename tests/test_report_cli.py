"""`python -m metrics report`: JSON validated by its pydantic model, the table format, the lock sentence."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from metrics.__main__ import main
from metrics.core.registry import KPI_IDS
from metrics.core.report import Report
from tests.test_metrics_golden import build_golden

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    build_golden(folder).close()
    return folder / "wh.duckdb"


def test_report_json_matches_the_contract(db, capsys):
    assert main(["report", "--db", str(db), "--start", "2026-03-01", "--end", "2026-03-31", "--base", "CNY"]) == 0
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.base_currency == "CNY" and report.period.days == 31
    assert list(report.kpis) == KPI_IDS  # keys are the registry ids
    assert report.kpis["net_profit"] == pytest.approx(1800.8)  # see test_metrics_golden: 2246.8 − 446
    assert [s.sku for s in report.skus] == ["CAM-A", "CAM-B", "MOUNT-C"]
    cam_b = report.skus[1].model_dump()
    assert cam_b["acos"] == pytest.approx(0.375) and cam_b["acos"] > cam_b["breakeven_acos"]
    assert any("MOUNT-C: 3 units" in w for w in report.warnings)


def test_report_table_and_financial_calendar(db, capsys):
    args = ["report", "--db", str(db), "--start", "2026-03-01", "--end", "2026-03-31", "--calendar", "financial"]
    assert main([*args, "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "(financial calendar), CNY" in out
    assert "1,591.10" in out  # financial net profit: 2037.1 − 446


def test_missing_warehouse_is_one_sentence(tmp_path, capsys):
    code = main(["report", "--db", str(tmp_path / "none.duckdb"), "--start", "2026-03-01", "--end", "2026-03-31"])
    assert code == 2
    assert "no warehouse there; import files first" in capsys.readouterr().err


def test_locked_warehouse_says_who_holds_it(db, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('ok', flush=True); "
         "time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ok"
        code = main(["report", "--db", str(db), "--start", "2026-03-01", "--end", "2026-03-31"])
        err = capsys.readouterr().err
        assert code == 2
        assert f"open in process {holder.pid}" in err and "stop the app and run the report again" in err
        assert "Data page" not in err  # a report imports nothing: no import advice
    finally:
        holder.terminate()
        holder.wait()
        time.sleep(0.1)


def test_report_has_one_section_per_channel(db, tmp_path, capsys):
    """Golden (Amazon only) plus a TikTok Shop and a Shopify orders export: one section per channel, whose money
    KPIs add up to the report's totals; the golden Amazon figures are those of test_metrics_golden."""
    from warehouse.ingest.importer import Warehouse

    shutil.copyfile(db, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    for fmt, name in (("tiktok_orders", "All order-2026-03-16-09_10.csv"), ("shopify_orders", "orders_export_1.csv")):
        assert wh.ingest_path(ROOT / "tests" / "fixtures" / "exports" / fmt / name).status == "imported"
    wh.close()
    args = ["report", "--db", str(tmp_path / "wh.duckdb"), "--start", "2026-03-01", "--end", "2026-03-31"]
    assert main([*args, "--base", "CNY"]) == 0
    report = Report.model_validate_json(capsys.readouterr().out)
    sections = {c.channel: c.kpis for c in report.channels}
    assert set(sections) == {"amazon", "tiktok", "shopify"}
    assert sections["amazon"]["net_profit"] == pytest.approx(1800.8)  # 2246.8 − 446, as without the other channels
    assert sections["amazon"]["net_sales"] == pytest.approx(5868)
    for mid in ("net_sales", "marketplace_fees", "other_fees", "other_income", "ad_spend", "net_profit"):
        assert sum(s[mid] or 0 for s in sections.values()) == pytest.approx(report.kpis[mid]), mid
    assert main([*args, "--base", "CNY", "--format", "table"]) == 0
    assert "tiktok" in capsys.readouterr().out
