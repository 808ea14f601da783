"""What-if slider reruns: the server-side model work a slider move triggers, at demo scale and with 2,000 SKUs.

A slider lives in an `st.fragment`, so a move reruns only the fragment: the ad what-if evaluates `predict`,
the account totals and the stock check; the FX what-if evaluates the scenario, totals and the flip list. The
inputs (fitted curves, exposures) are cached per filter and not part of a slider rerun; their one-off cost is
reported too. Synthetic mode: data drawn from known curves (2 years of days). Target: ≤ 50 ms per slider rerun.

With --db PATH the same work runs on a real warehouse (e.g. one built by bench/bigwh.py) through the functions the
pages call: the cached inputs (ads history + SKU economics + curve fit + stock and lead times of
pages/whatif_ads.py, the FX facts and exposures of pages/whatif_fx.py, the KPI history and bands of
pages/seasonal.py, the demand history, stock and plan of pages/reorder.py) and the fragment reruns of the two
sliders, for the app's default period (last 30 days, compare previous) and the last 365 days.
Usage: python bench/whatif.py [--repeat 20] [--db PATH [--no-synthetic]] [--write]
(--write updates the What-if section of BENCHMARKS.md; a part not measured in this run is kept from the file)

Size: a benchmark script reads top to bottom (synthetic data, each slider's work, the real-warehouse run); splitting
it would scatter one measurement.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics.planning.events import default_events  # noqa: E402
from metrics.planning.plan import peak_horizon, peak_plan, plan_inputs, reorder_plan  # noqa: E402
from metrics.planning.seasonal import bands, classify_series  # noqa: E402
from metrics.planning.stockout import prepare  # noqa: E402
from metrics.planning.store import DEFAULT_LEAD_TIMES  # noqa: E402
from metrics.whatif.ads import (  # noqa: E402
    account_totals,
    attach_economics,
    budget_stock_risks,  # noqa: E402
    fit_spend_response,
    predict,
    stock_risks_now,  # noqa: E402
    stockout_warnings,  # noqa: E402
)
from metrics.whatif.fx import exposures, flip_list, scenario, totals  # noqa: E402

START, DAYS = date(2024, 11, 21), 730
MARK = "## What-if slider reruns (bench/whatif.py)"
DB_MARK = "### On a generated warehouse (bench/whatif.py --db)"


def ads_daily(n_sku: int, rng) -> pl.DataFrame:
    """Returns DAYS days of spend/ad sales per SKU from sales = a·spend^b with log-normal noise."""
    a = rng.uniform(5, 60, n_sku)
    b = rng.uniform(0.3, 0.8, n_sku)
    spend = rng.uniform(5, 200, (n_sku, DAYS))
    sales = a[:, None] * spend ** b[:, None] * np.exp(rng.normal(0, 0.2, (n_sku, DAYS)))
    return pl.DataFrame(
        {
            "sku": np.repeat([f"SKU-{i:04d}" for i in range(n_sku)], DAYS),
            "date": np.tile(pl.date_range(START, START + timedelta(days=DAYS - 1), eager=True).to_numpy(), n_sku),
            "spend": spend.ravel(),
            "ad_sales": sales.ravel(),
        }
    )


def econ(skus: list[str], rng) -> pl.DataFrame:
    n = len(skus)
    gross = rng.uniform(500, 5000, n)
    return pl.DataFrame(
        {
            "sku": skus,
            "gross_sales": gross,
            "units": gross / 30,
            "orders": gross / 35,
            "contribution_before_ads": gross * rng.uniform(-0.05, 0.4, n),
            "ad_orders": gross / 90,
            "ad_units": gross / 80,
        }
    )


def timed(fn, repeat: int) -> float:
    """Returns the median wall time of fn() in milliseconds (after one warm-up call)."""
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def scale(n_sku: int, repeat: int) -> dict[str, float]:
    rng = np.random.default_rng(7)
    daily = ads_daily(n_sku, rng)
    skus = daily["sku"].unique(maintain_order=True).to_list()
    t = time.perf_counter()
    params = attach_economics(fit_spend_response(daily), econ(skus, rng))
    fit_ms = (time.perf_counter() - t) * 1000
    stock = pl.DataFrame(
        {"sku": skus, "available": rng.integers(0, 3000, n_sku), "inbound": [0] * n_sku, "lead_days": [75] * n_sku}
    )
    overrides = {skus[0]: 0.5}
    today = START + timedelta(days=DAYS)
    forecasts = pl.DataFrame({"sku": skus, "units": [[2.0] * 365] * n_sku})  # cached by the page; flat 2 a day
    matrix = prepare(stock, forecasts)  # cached by the page with the model
    risk_now = stock_risks_now(stock, today, matrix)  # cached with it: the note's budget-free side

    def ads_slider() -> None:
        pred = predict(params, overrides, days=30, default_change=0.2)
        account_totals(pred)
        stockout_warnings(pred, stock, forecasts, today, matrix)
        budget_stock_risks(pred, stock, today, matrix, risk_now)  # the note beside Inventory's list

    facts = pl.DataFrame(
        {
            "sku": np.repeat(skus, 4),
            "currency": ["USD", "EUR", "JPY", "CNY"] * n_sku,
            "amount": rng.normal(1000, 800, 4 * n_sku),
        }
    )
    exp = exposures(facts, {"USD": 7.1, "EUR": 7.8, "JPY": 0.048}, "CNY")

    def fx_slider() -> None:
        scn = scenario(exp, {"USD": -0.05, "EUR": 0.03, "JPY": 0.1}, "CNY")
        totals(scn)
        flip_list(scn)

    hist = pl.DataFrame(
        {
            "date": pl.date_range(START, today - timedelta(days=1), eager=True),
            "marketplace": "amazon.com",
            "kpi": "net_sales",
            "value": rng.normal(10000, 1500, DAYS),
        }
    )
    events = default_events()
    units = (daily["ad_sales"] / 40).round().cast(pl.Int64)
    demand = daily.select("sku", "date", units=units, in_stock=pl.lit(True))
    stock2 = pl.DataFrame({"sku": skus, "available": rng.integers(0, 3000, n_sku), "inbound": [0] * n_sku})
    return {
        "fit_ms": fit_ms,
        "ads_slider_ms": timed(ads_slider, repeat),
        "fx_inputs_ms": timed(lambda: exposures(facts, {"USD": 7.1, "EUR": 7.8, "JPY": 0.048}, "CNY"), 3),
        "fx_slider_ms": timed(fx_slider, repeat),
        "bands_90d_ms": timed(
            lambda: bands(
                hist, "net_sales", "amazon.com", today - timedelta(days=90), today - timedelta(days=1), events=events
            ),
            3,
        ),  # fmt: skip
        "reorder_ms": timed(lambda: reorder_plan(demand, stock2, DEFAULT_LEAD_TIMES, today), 1),
        "rows": daily.height,
    }


def timed_first(fn, repeat: int) -> tuple[float, object]:
    """Returns (median wall time in ms of `repeat` calls, the last result); no warm-up: every call is real work
    (DuckDB keeps no result cache, so each call is what a page pays after its st.cache_data entry expired)."""
    runs, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs), out


def warehouse_scale(db: Path, repeat: int, input_repeat: int) -> tuple[str, list[dict]]:
    """Returns (description of the warehouse, one result dict per period) measured on the warehouse at `db`."""
    from metrics.core import api
    from metrics.core.history import ads_history, demand_history, fx_facts, sku_economics_daily, stock_position
    from metrics.core.registry import REGISTRY
    from metrics.planning.events import next_event
    from metrics.planning.reorder import lead_times_for
    from metrics.planning.store import get_events, get_kpi_bands, get_lead_times
    from metrics.whatif.fx import breakeven_rates, currency_rates, tornado
    from warehouse.ingest.importer import Warehouse

    wh = Warehouse(db, db.parent / "archive")
    con = wh.con
    try:
        t = time.perf_counter()
        last = api.data_bounds(con)["last"]  # also brings the materialised marts up to date (a no-op when warm)
        warm_ms = (time.perf_counter() - t) * 1000
        cur = con.cursor()
        lines, skus = cur.sql(
            "select count(*) filter (where txn_type = 'order'), count(distinct sku) from raw.amazon_transactions"
        ).fetchall()[0]
        ad_rows = cur.sql("select count(*) from raw.amazon_ads_products").fetchall()[0][0]
        generated = cur.sql(
            "select count(*) from meta.imports where options->>'generated_by' = 'bench/bigwh.py'"
        ).fetchall()[0][0]
        cur.close()
        origin = "built by `bench/bigwh.py`" if generated else f"`{db.name}`"
        what = (f"Warehouse {origin}: {lines:,} order lines, {skus:,} SKUs, {ad_rows:,} ad rows, data up to {last}, "
                f"{db.stat().st_size / 2**30:.1f} GiB; opening + materialised-marts check {warm_ms:.0f} ms")  # fmt: skip
        events, overrides, leads = get_events(con), get_kpi_bands(con), get_lead_times(con)
        out = []
        # a 7-day pass first (discarded): imports, polars/DuckDB first-call costs are not part of any figure
        plan = [("warm-up", 7, 1, 1), ("last 30 days (default)", 30, repeat, input_repeat),
                ("last 365 days", 365, repeat, input_repeat)]  # fmt: skip
        for label, days, rep, in_rep in plan:
            f = api.Filters(start=last - timedelta(days=days - 1), end=last, compare="previous")
            today = f.end + timedelta(days=1)
            r: dict = {"period": label}

            # pages/whatif_ads.py: _model (cached per filter)
            r["ads_sql_ms"], daily = timed_first(lambda f=f: ads_history(con, f), in_rep)
            r["econ_sql_ms"], econ = timed_first(lambda f=f: sku_economics_daily(con, f), in_rep)
            r["fit_ms"], params = timed_first(
                lambda d=daily, e=econ: attach_economics(fit_spend_response(d), e), in_rep
            )

            r["stock_ms"], stock = timed_first(lambda f=f: stock_position(con, f.end), in_rep)

            def with_leads(
                stock=stock,
            ):  # as the page: one lookup per lead-time key (metrics.planning.reorder.lead_times_for)
                skus = stock["sku"].to_list()
                found = lead_times_for(leads, skus)
                lt = [found[s] for s in skus]
                return stock.with_columns(lead_days=pl.Series([x.total if x else None for x in lt], dtype=pl.Int64))

            r["leads_ms"], stock = timed_first(with_leads, in_rep)
            r["ad_inputs_ms"] = r["ads_sql_ms"] + r["econ_sql_ms"] + r["fit_ms"] + r["stock_ms"] + r["leads_ms"]
            r["ad_skus"], r["ad_days"] = params.height, daily.height
            skus_ = params.sort("spend_day", descending=True)["sku"].to_list()
            pick = skus_[0] if skus_ else None

            # the page caches the reorder plan's forecast with the model; the slider reads it (flat 2 a day here)
            fcs = pl.DataFrame({"sku": stock["sku"], "units": [[2.0] * 365] * stock.height})
            mat = prepare(stock.filter(pl.col("sku").is_in(params["sku"].implode())), fcs)
            now = stock_risks_now(stock, today, mat)  # cached with the model too

            def ads_slider(params=params, stock=stock, pick=pick, today=today, fcs=fcs, mat=mat, now=now) -> None:
                pred = predict(params, {pick: 0.5}, days=30, default_change=0.2)
                account_totals(pred)
                row = pred.join(params.select("sku", "a", "r2", "n_spend_days", "spend_min", "spend_max"), on="sku")
                row.filter(pl.col("sku") == pick).row(0, named=True)
                stockout_warnings(pred, stock, fcs, today, mat)
                budget_stock_risks(pred, stock, today, mat, now)  # the note beside Inventory's list

            r["ads_slider_ms"] = timed(ads_slider, rep) if pick else None

            # pages/whatif_fx.py: _exposures (cached), then the fragment
            def fx_inputs(f=f):
                facts = fx_facts(con, f)
                base = facts["base_currency"][0] if facts.height else "CNY"
                return exposures(facts, None, base), base

            r["fx_inputs_ms"], (exp, base) = timed_first(fx_inputs, in_rep)
            rates = currency_rates(exp)
            foreign = sorted(c for c in rates if c != base)
            shocks = {c: (-0.05 if i % 2 else 0.08) for i, c in enumerate(foreign)}
            r["fx_rows"], r["fx_currencies"] = exp.height, len(foreign)

            def fx_slider(exp=exp, shocks=shocks, base=base) -> None:
                scn = scenario(exp, shocks, base)
                totals(scn)
                flip_list(scn)
                scn.sort("change")

            r["fx_slider_ms"] = timed(fx_slider, rep)
            r["fx_page_ms"], _ = timed_first(
                lambda exp=exp, base=base: (tornado(exp, base, 0.05), breakeven_rates(exp, base)), in_rep
            )  # page body outside the fragment: tornado and break-even rates

            # pages/seasonal.py: _history (cached per KPI), then bands + classification in the fragment
            g = f.model_copy(update={"start": f.start - timedelta(days=372), "compare": None})

            def history(g=g):
                tr = api.trend(con, g, ["net_sales"], "day")
                return tr.select(date="period", kpi=pl.lit("net_sales"), value=pl.col("net_sales").cast(pl.Float64))

            r["history_ms"], hist = timed_first(history, in_rep)

            def band(hist=hist, f=f) -> None:
                fr = bands(hist, "net_sales", f.marketplace, f.start, f.end, events=events, overrides=overrides)
                fr = fr.join(hist.select("date", "value"), on="date", how="left")
                classify_series(fr, REGISTRY["net_sales"].good)

            r["bands_ms"] = timed(band, 3)

            # pages/reorder.py: _inputs (cached), reorder_plan on every page run, peak_plan in the fragment
            r["demand_ms"], hist_d = timed_first(lambda f=f, today=today: demand_history(con, f, today), in_rep)
            stock_d = stock_position(con, f.end)  # same query as the ad page's, timed there
            r["reorder_sql_ms"] = r["demand_ms"] + r["stock_ms"]
            r["reorder_plan_ms"], _ = timed_first(
                lambda h=hist_d, s=stock_d, t=today: reorder_plan(h, s, leads, t, cover_days=60), in_rep
            )
            ev = next_event(events, "bfcm", f.marketplace, today) or next_event(events, "prime_day", None, today)
            r["peak_ms"] = r["peak_slider_ms"] = None
            if ev:
                # an event picked: the forecast through its end (cached by the page) + the plan; then a move of the
                # pre-event-days slider re-plans from that cached forecast
                def peak_first(h=hist_d, s=stock_d, t=today, ev=ev):
                    inputs = plan_inputs(h, s, t, peak_horizon(t, ev["end_date"]))
                    return inputs, peak_plan(h, s, leads, t, ev["start_date"], ev["end_date"], inputs=inputs)

                r["peak_ms"], (inputs, _) = timed_first(peak_first, in_rep)
                r["peak_slider_ms"] = timed(
                    lambda h=hist_d, s=stock_d, t=today, ev=ev, i=inputs: peak_plan(
                        h, s, leads, t, ev["start_date"], ev["end_date"], pre_event_days=45, inputs=i), 5)  # fmt: skip
            r["demand_rows"] = hist_d.height
            if label == "warm-up":
                continue
            out.append(r)
            print(f"  {label}: " + ", ".join(f"{k}={v:.0f}" if isinstance(v, float) else f"{k}={v}"
                                               for k, v in r.items() if k != "period"), flush=True)  # fmt: skip
    finally:
        wh.close()
    return what, out


def _ms(v) -> str:
    if v is None:
        return "—"
    return f"{v:,.1f} ms" if v < 100 else f"{v:,.0f} ms"


def synthetic_text(repeat: int, rows: list, load: float) -> str:
    lines = [
        MARK,
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the end "
        f"(shared with other jobs), Python {platform.python_version()}; median of {repeat} runs "
        f"(fit, bands and reorder: one-off per filter, cached). Synthetic {DAYS} days per SKU. Target ≤ 50 ms per slider.",
        "",
        "| SKUs | ad slider rerun | FX slider rerun | curve fit (cached) | FX inputs (cached) | bands, 90 days | reorder plan |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, r in rows:
        lines.append(
            f"| {n:,} | {r['ads_slider_ms']:.1f} ms | {r['fx_slider_ms']:.1f} ms | {r['fit_ms']:.0f} ms | "
            f"{r['fx_inputs_ms']:.1f} ms | {r['bands_90d_ms']:.0f} ms | {r['reorder_ms']:.0f} ms |"
        )
    return "\n".join(lines) + "\n"


def warehouse_text(what: str, rows: list[dict], repeat: int, input_repeat: int, loads: tuple) -> str:
    lines = [
        DB_MARK,
        "",
        f"{what}. {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores shared with other "
        f"jobs (load average {loads[0]:.1f} at the start, {loads[1]:.1f} at the end), Python "
        f"{platform.python_version()}. Slider reruns: median of {repeat}; cached inputs (paid once per filter, "
        f"after a data change or the 1 h cache expiry): median of {input_repeat} real calls, DuckDB queries on the "
        f"materialised marts plus the polars models. Base currency CNY.",
        "",
        "| period | ad slider rerun | FX slider rerun | peak pre-event-days slider | ad inputs (cached) | FX inputs "
        "(cached) | seasonal history (cached) + bands | reorder inputs (cached) + `reorder_plan` |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['period']} | {_ms(r['ads_slider_ms'])} ({r['ad_skus']:,} SKUs) | {_ms(r['fx_slider_ms'])} "
            f"({r['fx_rows']:,} SKU × currency rows, {r['fx_currencies']} foreign) | {_ms(r['peak_slider_ms'])} | "
            f"{_ms(r['ad_inputs_ms'])} "
            f"| {_ms(r['fx_inputs_ms'])} | {_ms(r['history_ms'])} + {_ms(r['bands_ms'])} | "
            f"{_ms(r['reorder_sql_ms'])} + {_ms(r['reorder_plan_ms'])} |"
        )
    lines += ["", "Where the cached inputs go, and the rest of the pages' model work:", ""]
    for r in rows:
        lines.append(
            f"- {r['period']}: ad inputs = `ads_history` {_ms(r['ads_sql_ms'])} ({r['ad_days']:,} SKU-days) + "
            f"`sku_economics_daily` {_ms(r['econ_sql_ms'])} + curve fit {_ms(r['fit_ms'])} + `stock_position` "
            f"{_ms(r['stock_ms'])} + lead times {_ms(r['leads_ms'])}; reorder inputs = `demand_history` "
            f"{_ms(r['demand_ms'])} ({r['demand_rows']:,} SKU-days) + `stock_position`; reorder peak check "
            f"(`peak_plan`, fragment: an event picked) {_ms(r['peak_ms'])}, a pre-event-days slider move (re-plan from the cached forecast) {_ms(r['peak_slider_ms'])}; FX page body "
            f"outside the fragment (tornado + break-even rates) {_ms(r['fx_page_ms'])}."
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--db", type=Path, help="also measure on this warehouse (e.g. built by bench/bigwh.py)")
    p.add_argument("--input-repeat", type=int, default=3, help="calls per cached input in --db mode (median)")
    p.add_argument("--no-synthetic", action="store_true", help="with --db: skip the synthetic frames")
    p.add_argument("--write", action="store_true")
    args = p.parse_args(argv)
    if args.db and not args.db.exists():
        p.error(f"{args.db}: no warehouse there (build one with bench/bigwh.py)")
    synth = db_text = None
    if not (args.db and args.no_synthetic):
        rows = [(n, scale(n, args.repeat)) for n in (20, 2000)]
        synth = synthetic_text(args.repeat, rows, os.getloadavg()[0])
        print(synth)
    if args.db:
        load0 = os.getloadavg()[0]
        what, rows = warehouse_scale(args.db, args.repeat, args.input_repeat)
        db_text = warehouse_text(what, rows, args.repeat, args.input_repeat, (load0, os.getloadavg()[0]))
        print(db_text)
    if args.write:
        _write_section(ROOT / "BENCHMARKS.md", synth, db_text)
    return 0


def _write_section(path: Path, synth: str | None, db_text: str | None) -> None:
    """Replaces (or appends) this benchmark's own section of BENCHMARKS.md, leaving every other section alone;
    a part (synthetic table, warehouse table) not measured in this run is kept as it was."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    head, tail, old_synth, old_db = old.rstrip("\n") + "\n\n", "", None, None
    if MARK in old:
        head, rest = old.split(MARK, 1)
        nxt = rest.find("\n## ")
        body, tail = (rest[:nxt], rest[nxt + 1 :]) if nxt >= 0 else (rest, "")
        body = MARK + body
        if DB_MARK in body:
            old_synth, old_db = body.split(DB_MARK, 1)
            old_db = DB_MARK + old_db
        else:
            old_synth = body
    parts = [x.strip("\n") for x in (synth or old_synth, db_text or old_db) if x]
    section = "\n\n".join(parts) + "\n"
    path.write_text(head + section + ("\n" + tail if tail else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
