"""Returns and stores the seller's conventions (base currency, restock rate, allocation rule) in `app.settings`.

A base switch also pins the cost (books) currency once batches with an FX rate paid exist (`_pinned_cost_currency`).

The model and the reading live in `warehouse.core.conventions` (the refresh reads them; the warehouse never imports
metrics); this module re-exports them and adds `set_settings`, which stores a change and rebuilds the marts."""

from __future__ import annotations

from warehouse.core.conventions import DEFAULTS, AllocationRule, MetricSettings, apply_to_cursor, get_settings
from warehouse.core.db import transaction

__all__ = [
    "DEFAULTS",
    "AllocationRule",
    "MetricSettings",
    "apply_to_cursor",
    "books_currency",
    "get_settings",
    "set_settings",
]


def set_settings(con, **changes) -> MetricSettings:
    """Returns the settings after validating and storing `changes` (all or nothing)."""
    new = get_settings(con).model_copy(update=changes)
    new = MetricSettings(**new.model_dump())  # validates the merged values
    with transaction(con) as cur:
        stored = {key: str(getattr(new, key)) for key in changes}
        if "base_currency" in changes:
            stored.update(_pinned_cost_currency(cur))
        for key, value in stored.items():
            cur.execute(
                "insert or replace into app.settings (key, value, updated_at) values (?, ?, current_timestamp)",
                [key, value],
            )
    from warehouse.marts.refresh import refresh  # the conventions feed every heavy mart: a full rebuild, by the writer

    refresh(con)
    return new


def books_currency(con) -> tuple[str, bool]:
    """Returns (the cost currency batches' FX rates paid convert into, whether it is stored rather than following the
    base setting)."""
    cur = con.cursor()
    try:
        stored = cur.sql("select count(*) from app.settings where key = 'cost_currency'").fetchall()[0][0]
        return cur.sql("select cost_currency from marts.conventions").fetchall()[0][0], bool(stored)
    finally:
        cur.close()


def _pinned_cost_currency(cur) -> dict[str, str]:
    """Returns {"cost_currency": <the books currency in force>} when a base switch must not move it, else {}.

    A batch's "FX rate paid" is units of the books currency (the cost currency) per unit of the batch's currency, and
    the cost currency falls back to the stored base while never set. Once batches with a rate paid exist, those rates
    were entered against the books currency in force, so switching the base keeps it: COGS then reads the same in
    USD whether USD is picked in the sidebar or stored in Settings, and the switch rebuilds no heavy mart. Before any
    rate paid exists nothing can be misread, and the cost currency keeps following the base.
    """
    has_cost = cur.sql("select count(*) from app.settings where key = 'cost_currency'").fetchall()[0][0]
    if has_cost:
        return {}
    rated = cur.sql("select count(*) from staging.inbound_batches where fx_rate_paid is not null").fetchall()[0][0]
    if not rated:
        return {}
    current = cur.sql("select upper(coalesce(max(value), 'CNY')) from app.settings where key = 'base_currency'")
    return {"cost_currency": current.fetchall()[0][0]}
