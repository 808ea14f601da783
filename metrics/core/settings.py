"""Returns and stores the seller's conventions (base currency, restock rate, allocation rule) in `app.settings`.

The model and the reading live in `warehouse.core.conventions` (the refresh reads them; the warehouse never imports
metrics); this module re-exports them and adds `set_settings`, which stores a change and rebuilds the marts."""

from __future__ import annotations

from warehouse.core.conventions import DEFAULTS, AllocationRule, MetricSettings, apply_to_cursor, get_settings
from warehouse.core.db import transaction

__all__ = ["DEFAULTS", "AllocationRule", "MetricSettings", "apply_to_cursor", "get_settings", "set_settings"]


def set_settings(con, **changes) -> MetricSettings:
    """Returns the settings after validating and storing `changes` (all or nothing)."""
    new = get_settings(con).model_copy(update=changes)
    new = MetricSettings(**new.model_dump())  # validates the merged values
    with transaction(con) as cur:
        for key in changes:
            cur.execute(
                "insert or replace into app.settings (key, value, updated_at) values (?, ?, current_timestamp)",
                [key, str(getattr(new, key))],
            )
    from warehouse.marts.refresh import refresh  # the conventions feed every heavy mart: a full rebuild, by the writer

    refresh(con)
    return new
