"""The warehouse of this server process and cached metric queries keyed on hashable filter tuples.

One DuckDB connection per process (st.cache_resource) inside a `Warehouse`, which also holds the import lock;
every metric call takes its own cursor (metrics.core.api does that). Results are cached with st.cache_data and the
caches are cleared after every import, undo or settings change, so every number updates at once.

Size: one cached wrapper per metrics.core.api function a page reads (a thin pair each: the cached call keyed on
hashable arguments, and the public function); splitting them by page would scatter one cache policy.
"""

from __future__ import annotations

import os
from datetime import date

import polars as pl
import streamlit as st

from metrics.core import api, clock
from warehouse.core.config import Settings, load_settings
from warehouse.ingest.importer import ImportResult, Warehouse
from warehouse.ingest.templates import current_rows

TTL = 3600
_settings_cache: dict[tuple, Settings] = {}


def settings() -> Settings:
    """Returns the settings in force (re-read when the environment's WAREHOUSE_PATH changes)."""
    key = (os.environ.get("WAREHOUSE_PATH"), os.environ.get("BASE_CURRENCY"), os.environ.get("LANGUAGE"))
    if key not in _settings_cache:
        _settings_cache[key] = load_settings()
    return _settings_cache[key]


@st.cache_resource(show_spinner=False)
def _open(path: str, archive: str, threads: int, memory_limit: str) -> Warehouse:
    # the app's writer checkpoints after its commits, in the background: an import is readable at its commit
    return Warehouse(path, archive, threads=threads, memory_limit=memory_limit, defer_checkpoint=True)


def warehouse() -> Warehouse:
    """Returns the process-wide Warehouse (connection + import lock) of the configured file."""
    s = settings()
    return _open(str(s.warehouse_path), str(s.archive_path), s.duckdb_threads, s.duckdb_memory_limit)


def db_key() -> str:
    """Returns the cache key of the warehouse file (tests open several in one process)."""
    return str(settings().warehouse_path)


def filters_key(f: api.Filters) -> tuple:
    """Returns a hashable key of a filter for the caches."""
    return tuple(sorted(f.model_dump().items()))


def _f(key: tuple) -> api.Filters:
    return api.Filters(**dict(key))


def _con(db: str):
    # `db` is only part of the cache key: the query always runs on the configured warehouse
    return warehouse().con


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def _bounds(db: str) -> dict:
    return api.data_bounds(_con(db))


def bounds() -> dict[str, date | None]:
    """Returns {"first", "last"} dates with data (None for an empty warehouse)."""
    return _bounds(db_key())


def order_day(f: api.Filters) -> date:
    """Returns the day an order placed now is placed for the view `f` (`metrics.core.clock.order_day`): today by the
    clock, never before the day after the warehouse's last data day nor before the view's stock day (`f.end` + 1,
    for a period reaching past the data)."""
    ends = [d for d in (bounds().get("last"), f.end) if d is not None]
    return clock.order_day(clock.today(), max(ends))


@st.cache_data(ttl=TTL, max_entries=256, show_spinner=False)
def _kpi_compare(db: str, key: tuple) -> dict:
    return api.kpi_compare(_con(db), _f(key))


def kpi_compare(f: api.Filters) -> dict[str, dict]:
    """Returns {metric id: {value, compare, change, change_pct}} for the filter."""
    return _kpi_compare(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=256, show_spinner=False)
def _trend(db: str, key: tuple, metric_ids: tuple[str, ...], grain: str) -> pl.DataFrame:
    return api.trend(_con(db), _f(key), list(metric_ids), grain)


def trend(f: api.Filters, metric_ids: list[str], grain: str = "day") -> pl.DataFrame:
    """Returns one row per period bucket with one column per metric id."""
    return _trend(db_key(), filters_key(f), tuple(metric_ids), grain)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _seasonal_status(db: str, key: tuple) -> pl.DataFrame:
    from metrics.planning.seasonal_status import latest_day_status
    from metrics.planning.store import get_events, get_kpi_bands

    con = _con(db)
    return latest_day_status(con, _f(key), events=get_events(con), overrides=get_kpi_bands(con))


def seasonal_status(f: api.Filters) -> pl.DataFrame:
    """Returns the period's last day against each KPI's seasonal band (metrics.planning.seasonal_status)."""
    return _seasonal_status(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _breakdown(db: str, key: tuple, by: str) -> pl.DataFrame:
    return api.breakdown(_con(db), _f(key), by)


def breakdown(f: api.Filters, by: str) -> pl.DataFrame:
    """Returns every KPI per channel or marketplace."""
    return _breakdown(db_key(), filters_key(f), by)


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _sku_economics(db: str, key: tuple) -> pl.DataFrame:
    return api.sku_economics(_con(db), _f(key))


def sku_economics(f: api.Filters) -> pl.DataFrame:
    """Returns one row per master SKU with every KPI and the per-unit waterfall."""
    return _sku_economics(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _sku_detail(db: str, key: tuple, sku: str) -> dict:
    return api.sku_detail(_con(db), _f(key), sku)


def sku_detail(f: api.Filters, sku: str) -> dict:
    """Returns the detail dict of one SKU (kpis, trend, by_marketplace, cost_layers)."""
    return _sku_detail(db_key(), filters_key(f), sku)


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _lineage(db: str, key: tuple, sku: str | None, metric_id: str) -> pl.DataFrame:
    return api.lineage(_con(db), _f(key), sku, metric_id)


def lineage(f: api.Filters, sku: str | None, metric_id: str) -> pl.DataFrame:
    """Returns the source files and rows behind a metric."""
    return _lineage(db_key(), filters_key(f), sku, metric_id)


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _ad_campaigns(db: str, key: tuple) -> pl.DataFrame:
    return api.ad_campaigns(_con(db), _f(key))


def ad_campaigns(f: api.Filters) -> pl.DataFrame:
    """Returns ad performance per marketplace × campaign."""
    return _ad_campaigns(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _ad_channels(db: str, key: tuple, by: str) -> pl.DataFrame:
    return api.ad_channels(_con(db), _f(key), by)


def ad_channels(f: api.Filters, by: str = "channel") -> pl.DataFrame:
    """Returns ACoS, TACoS, ROAS and break-even ACoS per channel (or marketplace), every console's spend included."""
    return _ad_channels(db_key(), filters_key(f), by)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _ads_missing_fx(db: str, key: tuple) -> pl.DataFrame:
    from metrics.sales.ads import missing_fx

    return missing_fx(_con(db), _f(key))


def ads_missing_fx(f: api.Filters) -> pl.DataFrame:
    """Returns per currency the ad facts of f without a rate to the base currency (left out of ad figures)."""
    return _ads_missing_fx(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _ads_set_aside(db: str, key: tuple) -> dict:
    from metrics.sales.ads import set_aside_reports

    return set_aside_reports(_con(db), _f(key))


def ads_set_aside(f: api.Filters) -> dict:
    """Returns how many imported Amazon ad reports of f's view cover days another report level already counts
    (their spend left out, one level per day): `reports`, `days`, `used_levels`."""
    return _ads_set_aside(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _ad_programs(db: str, key: tuple) -> pl.DataFrame:
    return api.ad_programs(_con(db), _f(key))


def ad_programs(f: api.Filters) -> pl.DataFrame:
    """Returns spend, attributed sales, ACoS, ROAS and attribution window per channel × ad program."""
    return _ad_programs(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _ad_skus(db: str, key: tuple) -> pl.DataFrame:
    return api.ad_skus(_con(db), _f(key))


def ad_skus(f: api.Filters) -> pl.DataFrame:
    """Returns ad performance and break-even ACoS per advertised SKU."""
    return _ad_skus(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def _inventory(db: str, as_of: date, key: tuple) -> pl.DataFrame:
    return api.inventory_status(_con(db), as_of, _f(key))


def inventory(as_of: date, f: api.Filters) -> pl.DataFrame:
    """Returns stock per SKU × location on `as_of` with cover, stock-out date and value."""
    return _inventory(db_key(), as_of, filters_key(f))


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _stock_days(db: str, as_of: date) -> dict:
    return api.stock_days(_con(db), as_of)


def stock_days(as_of: date) -> dict[str, date | None]:
    """Returns {"view": the stock day a view ending `as_of` reads, "latest": the warehouse's latest stock day}."""
    return _stock_days(db_key(), as_of)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _estimated_fee_orders(db: str, key: tuple) -> pl.DataFrame:
    return api.estimated_fee_orders(_con(db), _f(key))


def estimated_fee_orders(f: api.Filters) -> pl.DataFrame:
    """Returns per marketplace the period's TikTok Shop orders with estimated fees (no statement yet), in f's
    channel, marketplace and store."""
    return _estimated_fee_orders(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _view_health(db: str, key: tuple) -> dict:
    return api.view_health(_con(db), _f(key))


def view_health(f: api.Filters) -> dict[str, pl.DataFrame]:
    """Returns the view's SKUs without a landed cost and its unmapped SKUs (period, channel, marketplace, store)."""
    return _view_health(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _fx_gaps(db: str, key: tuple):
    from metrics.core.fx_gaps import view_gaps

    return view_gaps(_con(db), _f(key))


def fx_gaps(f: api.Filters):
    """Returns the view's amounts without a rate to its base (metrics.core.fx_gaps.FxGaps): which currency × month,
    and whether none of its sales could be converted."""
    return _fx_gaps(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _unconverted_skus(db: str, key: tuple) -> list[str]:
    from metrics.core.fx_gaps import unconverted_skus as skus

    return skus(_con(db), _f(key))


def unconverted_skus(f: api.Filters) -> list[str]:
    """Returns the view's master SKUs none of whose sales could be converted to its base."""
    return _unconverted_skus(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _unrated_ad_skus(db: str, key: tuple) -> list[str]:
    from metrics.core.fx_gaps import unrated_ad_skus as skus

    return skus(_con(db), _f(key))


def unrated_ad_skus(f: api.Filters) -> list[str]:
    """Returns the view's master SKUs none of whose ad spend could be converted to its base (their ad spend is
    unknown, not 0.00)."""
    return _unrated_ad_skus(db_key(), filters_key(f))


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def _health(db: str) -> dict:
    return api.data_health(_con(db))


def health() -> dict[str, pl.DataFrame]:
    """Returns the data-health tables (coverage, missing_costs, missing_fx, unmapped_skus, unknown_charges)."""
    return _health(db_key())


def marketplaces() -> list[str]:
    """Returns the marketplaces that have data, for the sidebar filter."""
    cov = health().get("coverage")
    if cov is None or cov.is_empty() or "marketplace" not in cov.columns:
        return []
    return sorted(m for m in cov["marketplace"].unique().to_list() if m)


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def _stores(db: str) -> list[str]:
    return api.stores(_con(db))


def stores() -> list[str]:
    """Returns the store (seller account) ids, `default` first, for the sidebar filter and the upload picker."""
    return _stores(db_key())


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def _template_rows(db: str, format_id: str) -> pl.DataFrame:
    return current_rows(_con(db), format_id)


def template_rows(format_id: str) -> pl.DataFrame:
    """Returns the rows in force of a seller template (SKU map, landed costs, batches, FX) for its editor."""
    return _template_rows(db_key(), format_id)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _kr_scores(db: str, key: tuple) -> list[dict]:
    from metrics.meeting.okr_scores import score_all

    f = _f(key)
    return score_all(_con(db), (f.start, f.end), base=f.base_currency)


def kr_scores(f: api.Filters) -> list[dict]:
    """Returns the scored key results of objectives overlapping the period, money in f's base currency
    (metrics.meeting.okr_scores.score_all)."""
    return _kr_scores(db_key(), filters_key(f))


def imports() -> pl.DataFrame:
    """Returns the import history, newest first (never cached: it is the audit trail)."""
    return warehouse().imports()


def clear_caches() -> None:
    """Drops every cached query result (after an import, an undo or a settings change)."""
    st.cache_data.clear()


def ingest(raw: bytes, file_name: str, options: dict | None = None, store: str | None = None) -> ImportResult:
    """Returns the result of importing one uploaded file into `store` (archived, one transaction, serialised)."""
    result = warehouse().ingest_bytes(raw, file_name, options, store=store)
    if result.status == "imported":
        clear_caches()
    return result


def ingest_many(files: list[tuple[bytes, str]], options: dict | None = None, store: str | None = None,
                progress=None) -> list[ImportResult]:  # fmt: skip
    """Returns the results of importing many uploaded files (bytes, name) as one batch (warehouse.ingest.batch): typed
    together, each file in its own transaction, the marts refreshed once; `progress(done, total, line)` per file."""
    from warehouse.ingest.batch import BatchItem, import_batch

    items = [BatchItem(name, raw=raw, options=dict(options or {}), store=store) for raw, name in files]
    results = import_batch(warehouse(), items, progress=progress)
    if any(r.status == "imported" for r in results):
        clear_caches()
    return results


def undo(import_id: int) -> str:
    """Returns the sentence describing the undo of one import."""
    message = warehouse().undo(import_id)
    clear_caches()
    return message
