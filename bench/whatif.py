"""What-if slider reruns: the server-side model work a slider move triggers, at demo scale and with 2,000 SKUs.

A slider lives in an `st.fragment`, so a move reruns only the fragment: the ad what-if evaluates `predict`,
the account totals and the stock check; the FX what-if evaluates the scenario, totals and the flip list. The
inputs (fitted curves, exposures) are cached per filter and not part of a slider rerun; their one-off cost is
reported too. Data is synthetic, drawn from known curves (2 years of days). Target: ≤ 50 ms per slider rerun.
Usage: python bench/whatif.py [--repeat 20] [--write]  (--write updates the What-if section of BENCHMARKS.md)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics.seasonal import bands  # noqa: E402
from metrics.whatif_ads import (  # noqa: E402
    account_totals,
    attach_economics,
    fit_spend_response,
    predict,
    stockout_dates,  # noqa: E402
)
from metrics.whatif_events import default_events  # noqa: E402
from metrics.whatif_fx import exposures, flip_list, scenario, totals  # noqa: E402
from metrics.whatif_plan import reorder_plan  # noqa: E402
from metrics.whatif_store import DEFAULT_LEAD_TIMES  # noqa: E402

START, DAYS = date(2024, 11, 21), 730
MARK = "## What-if slider reruns (bench/whatif.py)"


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

    def ads_slider() -> None:
        pred = predict(params, overrides, days=30, default_change=0.2)
        account_totals(pred)
        stockout_dates(pred, stock, today)

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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--write", action="store_true")
    args = p.parse_args(argv)
    rows = [(n, scale(n, args.repeat)) for n in (20, 2000)]
    lines = [
        MARK,
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end "
        f"(shared with other jobs), Python {platform.python_version()}; median of {args.repeat} runs "
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
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        _write_section(ROOT / "BENCHMARKS.md", text)
    return 0


def _write_section(path: Path, section: str) -> None:
    """Replaces (or appends) this benchmark's own section of BENCHMARKS.md, leaving every other section alone."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if MARK in old:
        head, rest = old.split(MARK, 1)
        nxt = rest.find("\n## ")
        tail = rest[nxt + 1 :] if nxt >= 0 else ""
        new = head + section + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
