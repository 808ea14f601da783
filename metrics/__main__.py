"""`python -m metrics report`: the period report headless, as JSON (DESIGN.md's contract) or a text table."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from warehouse.core.config import load_settings
from warehouse.core.db import WarehouseLocked, connect


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    """Returns the exit code: 0 report printed, 2 warehouse missing or held by another process."""
    parser = argparse.ArgumentParser(prog="python -m metrics", description="Seller Cockpit metrics")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="KPIs and per-SKU table for a period")
    rep.add_argument("--db", help="warehouse file (default: WAREHOUSE_PATH from .env)")
    rep.add_argument("--start", type=_date, required=True)
    rep.add_argument("--end", type=_date, required=True)
    rep.add_argument("--base", help="base currency, e.g. CNY (default: the setting in force)")
    rep.add_argument("--calendar", choices=["operational", "financial"], default="operational")
    rep.add_argument("--format", choices=["json", "table"], default="json")
    rep.add_argument("--store", help="one store (seller account) by its id, e.g. default (default: every store)")
    args = parser.parse_args(argv)

    from metrics.core.api import Filters
    from metrics.core.report import build_report, format_table

    if args.end < args.start:
        print("--end must be on or after --start.", file=sys.stderr)
        return 2
    path = load_settings(warehouse_path=args.db).warehouse_path
    if not path.exists():
        print(f"{path}: no warehouse there; import files first (python -m warehouse ingest FILE...).", file=sys.stderr)
        return 2
    try:
        con = connect(path)
    except WarehouseLocked as exc:  # DuckDB lets one process open the file: a report cannot read beside the app
        print(f"{exc.situation}, and DuckDB lets one process open it; the app's pages show these numbers "
              "(Overview, Profit by SKU, Management P&L), or stop the app and run the report again.",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        from metrics.core.api import stores

        known = stores(con)
        if args.store is not None and args.store not in known:
            print(f"--store {args.store!r}: no such store in {path.name}; stores: {', '.join(known)}.", file=sys.stderr)
            return 2
        f = Filters(start=args.start, end=args.end, base_currency=args.base, calendar=args.calendar, store=args.store)
        report = build_report(con, f)
    finally:
        con.close()
    print(stable_json(report.model_dump(mode="json")) if args.format == "json" else format_table(report))
    return 0


def _rounded(value):
    """Returns `value` with every float rounded to 6 decimals (sums in another order differ in the 15th digit)."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None  # as pydantic writes them
        return round(value, 6) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def stable_json(data: dict) -> str:
    """Returns the report as indented JSON that is byte-identical for the same warehouse (floats to 6 decimals)."""
    return json.dumps(_rounded(data), indent=2, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main())
