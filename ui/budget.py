"""Streamlit helpers of budget vs actual and targets: cached queries, the tile line of a target, chart rows."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.accounts import budget as accounts_budget
from metrics.accounts import targets
from metrics.core.api import Filters
from ui import data


@st.cache_data(ttl=data.TTL, max_entries=32, show_spinner=False)
def _budget(db: str, base: str | None) -> pl.DataFrame:
    return accounts_budget.budget_vs_actual(data._con(db), base)


def budget_vs_actual(base: str | None) -> pl.DataFrame:
    """Returns metrics.accounts.budget.budget_vs_actual for the base currency (cached until the next import)."""
    return _budget(data.db_key(), base)


@st.cache_data(ttl=data.TTL, max_entries=4, show_spinner=False)
def _has_expenses(db: str) -> bool:
    return accounts_budget.has_expenses(data._con(db))


def has_expenses() -> bool:
    """Returns True when expenses can be measured (marts.expense_days over a non-empty expenses template)."""
    return _has_expenses(data.db_key())


@st.cache_data(ttl=data.TTL, max_entries=64, show_spinner=False)
def _target_scores(db: str, key: tuple, ids: tuple[str, ...]) -> dict[str, dict]:
    return targets.scores_for(data._con(db), data._f(key), list(ids))


def target_scores(f: Filters, metric_ids: list[str]) -> dict[str, dict]:
    """Returns {metric id: scored target} of the targets applying to the view (metrics.accounts.targets.scores_for)."""
    return _target_scores(data.db_key(), data.filters_key(f), tuple(metric_ids))


@st.cache_data(ttl=data.TTL, max_entries=8, show_spinner=False)
def _all_targets(db: str, base: str | None = None) -> tuple[list[dict], list[str]]:
    con = data._con(db)
    rows = targets.targets(con)
    unknown = targets.unknown_metrics(con)
    through = {}
    out = []
    for r in rows.filter(~pl.col("metric_id").is_in(unknown)).iter_rows(named=True):
        end = r["period_end"]
        if end not in through:
            from metrics.meeting.okr_scores import data_through

            through[end] = data_through(con, end)
        out.append({**r, **targets.score_target(con, r, through[end], base)})
    return out, unknown


def all_targets(base: str | None = None) -> tuple[list[dict], list[str]]:
    """Returns (every target in force with its score, money targets and values in `base` (None = the base in
    force), metric ids of targets naming no metric)."""
    return _all_targets(data.db_key(), base)


def file_number(metric_id: str, value: float | None) -> float | None:
    """Returns a target or value as a download holds it: a percentage as its percent number (0.12 → 12.0), money to
    its cents, a count or days whole."""
    from ui.i18n import metric_unit

    if value is None:
        return None
    unit = metric_unit(metric_id)
    if unit == "pct":
        return round(value * 100, 1)
    return round(value, 2) if unit in ("money", "ratio") else float(round(value))


def file_unit(metric_id: str, currency: str) -> str:
    """Returns the unit of `file_number` in the page's language: %, the currency's symbol, 天 / days, '' (a count)."""
    from ui import format as fmt
    from ui.i18n import lang, metric_unit, t

    unit = metric_unit(metric_id)
    return {"pct": "%", "money": fmt.symbol(currency, lang()), "days": t("unit_days")}.get(unit, "")


def with_targets(f: Filters, metric_ids: list[str], bound: dict) -> dict:
    """Returns `bound` (metric id -> scored key result) completed with the sheet's targets for unbound metrics."""
    out = {m: kr for m, kr in bound.items() if kr.get("scope") != "wider"}
    for mid, score in target_scores(f, metric_ids).items():
        if mid not in out and (score.get("scope") != "wider" or mid not in bound):
            out[mid] = score
    for mid, kr in bound.items():  # a KR for a wider scope says so when no target applies either
        out.setdefault(mid, kr)
    return out


def summary_subtotals(lines: list[str]) -> list[str]:
    """Returns the budget lines that are subtotals of others among `lines` (contribution before ads, net profit,
    operating profit; expenses when expense categories are budgeted too): the summary leaves them out of both its
    count and its amount, which would count their lines twice."""
    out = ["contribution_before_ads", "net_profit", "operating_profit"]
    return out + ["expenses"] if any(str(x).startswith("expense:") for x in lines) else out
