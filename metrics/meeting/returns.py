"""The meeting's returns and logistics parts: the sales view's return rate and top reasons, the supply-chain view's
logistics cost share, with their previous-period and same-period-last-year values, as JSON-ready payload parts.

`part(con, f, key)` is merged into a department payload by `merge(body, part)` (metrics/meeting/views.py);
`figures(key, payload, lang)` formats the part's figures for the meeting page and the minutes.
"""

from __future__ import annotations

from metrics.core.periods import comparison_period
from metrics.meeting.headlines import format_value
from metrics.sales.logistics import PARTS, meeting_supply_part
from metrics.sales.returns import meeting_sales_part, return_rate

FIGURES = {  # extra key -> (中文, English, unit)
    "return_rate": ("退货率", "Return rate", "pct"),
    "logistics_share": ("物流成本占比", "Logistics cost share", "pct"),
}
# the supply view's logistics table in the order Returns & logistics shows it
LOGISTICS_ORDER = ("marketplace", "net_sales", *PARTS, "logistics", "logistics_share")

# what a rate in the key figures counts, so a room tells the refund rate from the return rate (both units / units
# sold, from different reports): the registry's definition, else this module's
DEFINITIONS = {"return_rate": ("退货报告中退回的件数 / 销量（按退货日期）",
                               "Units returned (returns report, by return date) / units sold")}  # fmt: skip


def definitions(metrics: list[str], lang: str) -> str:
    """Returns "name: definition" of the refund and return rates among `metrics` (the figures shown), joined by " · "
    ("" when neither is shown)."""
    from metrics.core.registry import REGISTRY

    out = []
    for m in ("refund_rate", "return_rate"):
        if m not in metrics:
            continue
        if m in REGISTRY:
            r = REGISTRY[m]
            name, text = (r.zh, r.def_zh) if lang == "zh" else (r.en, r.def_en)
        else:
            zh, en, _ = FIGURES[m]
            name, text = (zh, DEFINITIONS[m][0]) if lang == "zh" else (en, DEFINITIONS[m][1])
        out.append(f"{name}：{text}" if lang == "zh" else f"{name}: {text}")
    return " · ".join(out)


def _compare(f, value_of) -> dict:
    out = {}
    for mode in ("previous", "yoy"):
        start, end = comparison_period(f.start, f.end, mode)
        out[mode] = value_of(f.model_copy(update={"start": start, "end": end, "compare": None}))
    return out


def part(con, f, key: str) -> dict:
    """Returns the tables and extra figures this module adds to department `key` ({} for other departments)."""
    if key == "sales":
        body = meeting_sales_part(con, f)
        rate = body["extra"]["return_rate"]
        body["extra"] = {"return_rate": {"value": rate, **_compare(f, lambda g: return_rate(con, g))}}
        return body
    if key == "supply_chain":
        body = meeting_supply_part(con, f)
        share = body["extra"]["logistics_share"]
        body["extra"] = {
            "logistics_share": {
                "value": share,
                **_compare(f, lambda g: meeting_supply_part(con, g)["extra"]["logistics_share"]),
            }
        }
        return body
    return {}


def merge(body: dict, extra: dict) -> dict:
    """Returns `body` with `extra`'s tables and extra figures added (existing keys kept)."""
    if not extra:
        return body
    tables = {**(body.get("tables") or {}), **extra.get("tables", {})}
    return {**body, "tables": tables, "extra": {**(body.get("extra") or {}), **extra.get("extra", {})}}


def figures(key: str, payload: dict, lang: str) -> list[dict]:
    """Returns this module's figures of a frozen payload, formatted: metric, label, value, previous, yoy."""
    out = []
    for metric, fig in ((payload or {}).get("extra") or {}).items():
        if metric not in FIGURES or not isinstance(fig, dict):
            continue
        zh, en, unit = FIGURES[metric]
        fmt = lambda v, u=unit: format_value(v, u, payload.get("currency", ""), lang)  # noqa: E731
        out.append({"metric": metric, "label": zh if lang == "zh" else en, "value": fmt(fig.get("value")),
                    "previous": fmt(fig.get("previous")), "yoy": fmt(fig.get("yoy"))})  # fmt: skip
    return out


def localise(name: str, rows: list[dict], lang: str) -> list[dict]:
    """Returns a frozen table's rows with reason names in `lang` only (the payload keeps both languages); the
    logistics shares in the Returns & logistics page's order (a snapshot's JSON keeps its keys alphabetical), a cost
    kind no marketplace paid (no 3PL) left out as there (ui.returns.logistics_tables)."""
    if name == "logistics_share":
        paid = [c for c in LOGISTICS_ORDER if c not in PARTS or any(r.get(c) for r in rows)]
        return [{c: r[c] for c in paid if c in r} | {k: v for k, v in r.items() if k not in LOGISTICS_ORDER}
                for r in rows]  # fmt: skip
    if name != "return_reasons":
        return rows
    keep, drop = ("reason_zh", "reason_en") if lang == "zh" else ("reason_en", "reason_zh")
    return [{("reason" if k == keep else k): v for k, v in r.items() if k not in (drop, "reason")} for r in rows]


def headline_note(key: str, payload: dict, lang: str) -> str:
    """Returns what the sales headline adds when units came back in the period: the return rate and the top
    reason ("" otherwise, and for other departments)."""
    extra = (payload or {}).get("extra") or {}
    reasons = ((payload or {}).get("tables") or {}).get("return_reasons") or []
    rate = (extra.get("return_rate") or {}).get("value") if isinstance(extra.get("return_rate"), dict) else None
    if key != "sales" or not reasons or rate is None:
        return ""
    top = reasons[0]["reason_zh"] if lang == "zh" else reasons[0]["reason_en"]
    pct = format_value(rate, "pct", payload.get("currency", ""), lang)
    return f"；退货率 {pct}，主要原因：{top}" if lang == "zh" else f"; return rate {pct}, top reason: {top}"
