"""Returns the conclusion-first sentence that opens each meeting view, in Chinese or English, from fixed templates.

The sentence reads: result (vs target, else vs the comparison period); the run-rate forecast to the period end
and the gap (only for additive figures in an unfinished period); the main risk. Same facts, same sentence.
A period the data cut (data through day 20 of 30) says so on an additive figure, "November (20 of 30 days)" /
"11月（30 天中已有 20 天数据）", and names the days its comparison read ("vs 12 Oct–31 Oct"): 20 days are compared with
20 days before them (the P&L's previous period), never with a whole month.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from metrics.core import clock
from metrics.core import locale_format as lf

MONTHS_EN = tuple(calendar.month_name)


@dataclass(frozen=True)
class HeadlineFacts:
    """What a headline says; `unit` is money | pct | ratio | count | days; `additive` figures accumulate over days."""

    name_zh: str
    name_en: str
    value: float | None
    unit: str
    period_start: date
    period_end: date
    data_through: date  # last day with data (run-rate denominator)
    currency: str = "CNY"
    additive: bool = True
    target: float | None = None
    compare_value: float | None = None
    compare_kind: str = "previous"  # previous | yoy
    risk: dict | None = None  # {"kind": ..., fields the kind's template needs}
    today: date | None = None  # the day the sentence is read: a stock-out's days count from it (None: date.today())
    compared: tuple[date, date] | None = None  # the dates compare_value reads (named when the period is cut)


def format_money(amount: float, currency: str, language: str) -> str:
    """Returns a compact amount with three significant digits in both languages (metrics.core.locale_format):
    '¥1.23M', '¥60.0K', '-€1.20K' in English; '¥123万', '¥6.00万', '¥2.50亿' in Chinese; below 1,000 / 10,000 the
    whole amount ('¥850')."""
    return lf.compact_money(amount, currency, language)


def format_pct(fraction: float, language: str) -> str:
    """Returns a fraction as a percent with one decimal, as everywhere in sentences: '82.0%'."""
    return lf.pct(fraction, 1, language)


def format_value(value: float | None, unit: str, currency: str, language: str, brackets: bool = False) -> str:
    """Returns a figure formatted for its unit ('–' when undefined): money compact, pct with one decimal ('12.3%'),
    ratio with two, days whole ('45天' / '45 days'), counts grouped. `brackets`: money below zero in brackets,
    '(¥80.3万)' / '(¥803K)', as a money table writes it (a sentence keeps '-¥80.3万')."""
    if value is None:
        return "–"
    if unit == "money":
        text = format_money(value, currency, language)
        return f"({text[1:]})" if brackets and text.startswith("-") else text
    if unit == "pct":
        return lf.pct(value, 1, language)
    if unit == "ratio":
        return lf.ratio(value, 2, language)
    if unit == "days":
        n = lf.count(value, language)
        return f"{n}天" if language == "zh" else f"{n} days"
    return lf.count(value, language)


def is_whole_month(start: date, end: date) -> bool:
    """Returns True when the period is exactly one calendar month."""
    return start.day == 1 and end == date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def period_label(start: date, end: date, language: str) -> str:
    """Returns 'October' / '10月' for a whole calendar month, else the date range."""
    if is_whole_month(start, end):
        return f"{start.month}月" if language == "zh" else MONTHS_EN[start.month]
    if language == "zh":
        return f"{start.month}月{start.day}日–{end.month}月{end.day}日"
    return f"{start.day} {MONTHS_EN[start.month][:3]}–{end.day} {MONTHS_EN[end.month][:3]}"


def run_rate_forecast(value: float, start: date, end: date, data_through: date) -> float:
    """Returns value × period days / days with data: where an additive figure lands at this pace."""
    total = (end - start).days + 1
    elapsed = min(max((min(data_through, end) - start).days + 1, 1), total)
    return value * total / elapsed


def from_today(day: date, today: date, language: str) -> str:
    """Returns how far `day` is from `today` as a room reads it: `13 天后` / `in 13 days`, `今天` / `today`,
    `已过 3 天` / `3 days ago` (a stock-out date of stale stock data may be past on the meeting day)."""
    n = (day - today).days
    if n == 0:
        return "今天" if language == "zh" else "today"
    unit = "" if language == "zh" else (" day" if abs(n) == 1 else " days")
    if n > 0:
        return f"{n} 天后" if language == "zh" else f"in {n}{unit}"
    return f"已过 {-n} 天" if language == "zh" else f"{-n}{unit} ago"


def _past_stockout(risk: dict, d: str, language: str) -> str:
    """Returns a projected stock-out day already past when read (stale stock data): a projection from the stock of
    its day (`stock`, ISO; frozen meetings from before it was kept say "older stock data"), not a forecast."""
    sku, zh = risk["sku"], language == "zh"
    if risk.get("stock"):
        s = lf.day_nowrap(date.fromisoformat(risk["stock"]), language)
        return (
            f"{sku} 按 {s} 的库存推算 {d} 断货，该日已过"
            if zh
            else f"{sku}: projected from the stock of {s} to stock out on {d}, a day already past"
        )
    return (
        f"{sku} 按较早的库存数据推算 {d} 断货，该日已过"
        if zh
        else f"{sku}: projected from older stock data to stock out on {d}, a day already past"
    )


def later_stock(risk: dict, period_end: date | None) -> str | None:
    """Returns the day of the stock a supply risk reads (its `stock`, ISO) when that is after `period_end`: a past
    period's meeting (October, reviewed in December) shows the period's figures, its stock risk from the latest
    stock, and its headline then names that day. None for the period's own stock, or without those days."""
    if period_end is None or not risk.get("stock"):
        return None
    return risk["stock"] if date.fromisoformat(risk["stock"]) > period_end else None


def _of_stock(text: str, risk: dict, language: str) -> str:
    """Returns a risk phrase with the day of the stock it reads: "…（11月20日 的库存）" / "… (stock of Nov 20)"."""
    s = lf.day_nowrap(date.fromisoformat(risk["stock"]), language)
    return f"{text}（{s} 的库存）" if language == "zh" else f"{text} (stock of {s})"


def risk_text(risk: dict | None, language: str, currency: str = "CNY", today: date | None = None,
              period_end: date | None = None) -> str | None:  # fmt: skip
    """Returns the main-risk phrase for a risk record, or None when there is none. Dates read by locale and never
    break across lines (`locale_format.day_nowrap`); a stock-out's days count from `today` (the day the sentence is
    read, default date.today()), not from the stock data's day: a facilitator projecting "in 13 days" means from now.
    A supply risk read from stock after `period_end` (a past period: `later_stock`) names that stock's day, as the
    caption under it and Inventory's older-period lines do ("projected from the stock of …")."""
    if not risk:
        return None
    zh, k = language == "zh", risk["kind"]
    later = later_stock(risk, period_end)
    if k == "stockout":
        if risk.get("date"):  # the stock-out date of metrics.planning.stockout (older frozen meetings lack it)
            day, now = date.fromisoformat(risk["date"]), today or clock.today()
            d = lf.day_nowrap(day, language)
            if day < now:  # projected from older stock and already past on the day it is read: no "N days ago"
                return _past_stockout(risk, d, language)
            when = from_today(day, now, language)
            if later:  # a past period's meeting: its figures are the period's, this projection the later stock's
                s = lf.day_nowrap(date.fromisoformat(later), language)
                return (f"{risk['sku']} 按 {s} 的库存推算 {d} 断货（{when}）" if zh
                        else f"{risk['sku']}: projected from the stock of {s} to stock out on {d} ({when})")  # fmt: skip
            return f"{risk['sku']} 预计 {d} 断货（{when}）" if zh else f"{risk['sku']} stocks out on {d} ({when})"
        return (
            f"{risk['sku']} 预计 {risk['days']} 天后断货" if zh else f"{risk['sku']} stocks out in {risk['days']} days"
        )
    if k == "out_of_stock":
        since = lf.day_nowrap(risk["since"], language)
        text = f"{risk['sku']} 自 {since} 起断货" if zh else f"{risk['sku']} out of stock since {since}"
        return _of_stock(text, risk, language) if later else text
    if k == "loss_sku":
        amount = format_money(abs(risk["net_profit"]), currency, language)
        return f"{risk['sku']} 亏损 {amount}" if zh else f"{risk['sku']} loses {amount}"
    if k == "above_breakeven":
        acos, be = format_pct(risk["acos"], language), format_pct(risk["breakeven_acos"], language)
        return (
            f"{risk['name']} ACoS {acos} 高于盈亏平衡 {be}"
            if zh
            else f"{risk['name']} ACoS {acos} above break-even {be}"
        )
    if k == "missing_cost":
        if risk.get("uncovered_share") is None:
            return f"{risk['skus']} 个SKU缺少落地成本" if zh else f"landed cost missing for {risk['skus']} SKUs"
        share = format_pct(risk["uncovered_share"], language)
        if zh:
            return f"{risk['skus']} 个SKU缺少落地成本（{share} 净销售额未覆盖）"
        return f"landed cost missing for {risk['skus']} SKUs ({share} of net sales uncovered)"
    if k == "missing_fx":
        return f"{risk['currency']} 缺少汇率" if zh else f"no FX rate for {risk['currency']}"
    if k == "stale_data":
        if zh:
            return f"{risk['family']} 数据止于期末前 {risk['days']} 天"
        return f"{risk['family']} data ends {risk['days']} days before the period end"
    if k == "aged_stock":
        text = (
            f"{risk['sku']} 库龄超180天 {risk['units']} 件"
            if zh
            else f"{risk['sku']} has {risk['units']} units aged over 180 days"
        )
        return _of_stock(text, risk, language) if later else text
    raise ValueError(f"unknown risk kind {k!r}")


def _lower_first(name: str) -> str:
    # "Net profit" reads "net profit" mid-sentence; acronyms such as "ACoS" or "AOV" keep their case
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def headline(f: HeadlineFacts, language: str) -> str:
    """Returns the view's conclusion-first sentence in `language` (zh or en)."""
    zh = language == "zh"
    sep, semi = ("，", "；") if zh else (", ", "; ")
    name = f.name_zh if zh else f.name_en
    value = format_value(f.value, f.unit, f.currency, language)
    label = period_label(f.period_start, f.period_end, language)
    closed = f.data_through >= f.period_end
    if not closed and f.additive and f.data_through >= f.period_start:  # a part month says so (the P&L's pale bar)
        n, of = (f.data_through - f.period_start).days + 1, (f.period_end - f.period_start).days + 1
        label += f"（{of} 天中已有 {n} 天数据）" if zh else f" ({n} of {of} days)"
    parts = [f"{label}{name} {value}" if zh else f"{label} {_lower_first(name)} {value}"]
    clauses: list[str] = []
    month = is_whole_month(f.period_start, f.period_end)
    end_word = ("月底" if month else "期末") if zh else ("month end" if month else "period end")
    if f.value is not None and f.target:
        if f.unit == "money" or f.unit == "count":
            pct = format_pct(f.value / f.target, language)
            parts.append(f"完成目标 {pct}" if zh else f"{pct} of target")
        else:
            t = format_value(f.target, f.unit, f.currency, language)
            parts.append(f"目标 {t}" if zh else f"target {t}")
        if f.additive:
            landing = f.value if closed else run_rate_forecast(f.value, f.period_start, f.period_end, f.data_through)
            gap = f.target - landing
            gap_txt = format_value(abs(gap), f.unit, f.currency, language)
            pace = []
            if not closed:
                fpct = format_pct(landing / f.target, language)
                pace.append(f"按当前节奏{end_word}完成 {fpct}" if zh else f"at this pace {fpct} by {end_word}")
            if gap > 0:
                pace.append(f"缺口 {gap_txt}" if zh else f"gap {gap_txt}")
            else:
                pace.append(f"超出目标 {gap_txt}" if zh else f"ahead of target by {gap_txt}")
            clauses.append(sep.join(pace))
    elif f.value is not None and f.compare_value:
        from metrics.core.derive import pct_change

        change = pct_change(f.value, f.compare_value)
        if change is not None:
            pct = ("+" if change >= 0 else "") + format_pct(change, language)
        else:  # from 0, or across a sign change: a per cent means nothing, the amount changed does
            diff = f.value - f.compare_value
            pct = ("+" if diff > 0 else "") + format_value(diff, f.unit, f.currency, language)
        against = {"previous": ("环比", "vs previous period"), "yoy": ("同比", "vs same period last year")}
        zh_word, en_word = against.get(f.compare_kind, against["previous"])
        if f.compared and not closed and f.additive:  # a cut period is compared with as many days before: say which
            days = period_label(*f.compared, language)
            zh_word, en_word = f"较{days}", f"vs {days}"
        parts.append(f"{zh_word} {pct}" if zh else f"{pct} {en_word}")
    risk = risk_text(f.risk, language, f.currency, f.today, f.period_end)
    if risk:
        clauses.append(f"主要风险：{risk}" if zh else f"main risk: {risk}")
    return semi.join([sep.join(parts), *clauses])


def data_headline(data_through: date | None, period_end: date, cost_coverage: float | None, language: str,
                  risk: dict | None = None, currency: str = "CNY", today: date | None = None) -> str:  # fmt: skip
    """Returns the tech/data view's sentence: how far the data reaches (its day by locale), cost coverage, main
    risk."""
    zh = language == "zh"
    through = lf.day_nowrap(data_through, language)
    if data_through is None:
        parts = ["仓库中还没有数据" if zh else "The warehouse holds no data yet"]
    elif data_through >= period_end:
        parts = [f"数据截至 {through}，覆盖整个期间" if zh else f"Data through {through}, covering the whole period"]
    else:
        short = (period_end - data_through).days
        parts = [f"数据截至 {through}，距期末差 {short} 天" if zh
                 else f"Data through {through}, {short} days short of the period end"]  # fmt: skip
    if cost_coverage is not None:
        pct = format_pct(cost_coverage, language)
        parts.append(f"成本覆盖率 {pct}" if zh else f"cost coverage {pct}")
    text = ("，" if zh else ", ").join(parts)
    r = risk_text(risk, language, currency, today)
    if r:
        text += f"；主要风险：{r}" if zh else f"; main risk: {r}"
    return text
