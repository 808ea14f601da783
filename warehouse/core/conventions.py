"""The seller's conventions (base currency, restock rate, allocation rule) as stored in `app.settings`, and the DuckDB
variables the mart views read them from. The warehouse's refresh reads them here; `metrics.core.settings` is the public
API (it also stores changes and refreshes the marts)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AllocationRule = Literal["net_sales_share", "unallocated"]


class MetricSettings(BaseModel):
    """The conventions in force; the glossary shows them and every mart reads them."""

    base_currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    restock_rate: float = Field(default=0.0, ge=0.0, le=1.0)  # share of refunded units that return to sellable stock
    allocation_rule: AllocationRule = "net_sales_share"  # charges without a SKU: spread by net-sales share, or not


DEFAULTS = MetricSettings()


def get_settings(con) -> MetricSettings:
    """Returns the stored settings, defaults for keys never set."""
    cur = con.cursor()
    try:
        stored = dict(cur.sql("select key, value from app.settings").fetchall())
    finally:
        cur.close()
    values = {k: stored[k] for k in MetricSettings.model_fields if k in stored}
    return MetricSettings(**values)


def apply_to_cursor(cur, settings: MetricSettings, base_currency: str | None = None) -> str:
    """Returns the base currency in force after setting the DuckDB variables the mart views read on `cur`."""
    base = (base_currency or settings.base_currency).upper()
    cur.execute(f"set variable base_currency = '{MetricSettings(base_currency=base).base_currency}'")
    cur.execute(f"set variable restock_rate = {float(settings.restock_rate)}")
    cur.execute(f"set variable allocation_rule = '{settings.allocation_rule}'")
    return base
