"""What the ad consoles outside Amazon share (TikTok Ads Manager, GMV Max, Meta Ads Manager, Google Ads).

Their UI downloads (FORMATS.md §13.4) are campaign-level tables that may start with a preamble (Google: title and
period lines), end with summary rows (`Total`, `Total: Account`, `Gesamt: Konto`; Meta: a row without a campaign
name), print the account currency in the money headers (`Amount spent (USD)`, `Cost (EUR)`), write n/a as `--`,
low counts as `<5`, money with a prefix (`RM 156.43`) and, in French or German UIs, decimal commas. This module
holds those rules; each console's module declares its columns. No module here defines `FORMATS`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from warehouse.core.marketplaces import currency_of
from warehouse.formats.base import Col, FileContext, Format, cast_expr, first_date_in, sql_str
from warehouse.ingest.detect import ImportRejected

# ISO codes a money header may carry in parentheses; explicit, because `(CTR)`-like acronyms are not currencies
CURRENCIES = (
    "USD", "CAD", "MXN", "BRL", "GBP", "EUR", "SEK", "NOK", "DKK", "CHF", "PLN", "CZK", "HUF", "RON", "TRY", "JPY",
    "CNY", "HKD", "TWD", "KRW", "SGD", "MYR", "IDR", "THB", "VND", "PHP", "INR", "AUD", "NZD", "AED", "SAR", "EGP",
    "ZAR", "ILS", "PEN", "CLP", "COP", "ARS",
)  # fmt: skip
HEADER_CURRENCY = re.compile(r"\s*[(（]\s*(" + "|".join(CURRENCIES) + r")\s*[)）]")
# money prefixes the generic number parser does not strip (it strips 3-letter codes and $ £ € ¥ ₹)
MONEY_PREFIX = r"^\s*(RM|Rp|NT\$|HK\$|S\$|R\$|₱|₫|฿|₩)\s*"
# first cell of a summary row: `Total`, `Total: Account`, `Total : compte`, `Gesamt: Konto`, `总计`
# (the word alone, or followed by `:` or ` of …`; a campaign named `Total Wellness` is data)
TOTAL_ROW = r"^\s*(total|totale|totaal|gesamt|summe|总计|合计|合計)\s*([:：].*|of .*)?$"
AD_CHANNELS = {"tiktok_ads": "tiktok", "gmv_max": "tiktok", "meta": "shopify", "google": "shopify"}


def strip_header_currency(cell: str) -> str:
    """Returns a header cell without its currency code: `Amount spent (USD)` -> `Amount spent`."""
    return HEADER_CURRENCY.sub("", str(cell or "")).strip()


def header_currency(header: list[str]) -> str | None:
    """Returns the currency code printed inside the money headers (`Cost (EUR)` -> `EUR`), if any."""
    for cell in header:
        m = HEADER_CURRENCY.search(str(cell or ""))
        if m:
            return m.group(1)
    return None


def guess_decimal(values: list[str]) -> str:
    """Returns ',' when the sample's numbers are written with a decimal comma (`1.234,56`, `12,5`), else '.'."""
    comma = dot = 0
    for v in values:
        s = re.sub(r"[^\d.,-]", "", v or "")
        if re.search(r"\d,\d{1,2}$", s) and not re.search(r",\d{3}\.", s):
            comma += 1
        elif re.search(r"\d\.\d{1,2}$", s) or re.search(r"\d,\d{3}(\.|$)", s):
            dot += 1
    return "," if comma > dot else "."


def _parse_day(text: str) -> date | None:
    text = text.strip().strip('"').strip()
    for pattern in ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def preamble_period(lines: list[str]) -> tuple[date, date] | None:
    """Returns the period a preamble line prints (`"Aug 1, 2026 - Aug 3, 2026"`, `2026-08-01 - 2026-08-31`)."""
    for line in lines:
        cell = re.split(r"[,;\t](?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", line)[0] if line.count('"') >= 2 else line
        cell = cell.strip().strip('"').strip().rstrip(",;\t")
        m = re.match(r"^(.+?)\s+[-–—]\s+(.+)$", cell)
        if m:
            a, b = _parse_day(m.group(1)), _parse_day(m.group(2))
            if a and b:
                return min(a, b), max(a, b)
    return None


class ConsoleFormat(Format):
    """An ad console export: currency in headers ignored for matching, summary rows skipped, cells cleaned."""

    group = "ads"
    ad_program = ""
    day_columns: tuple[str, ...] = ("day",)  # columns that give each row its own date
    range_columns: tuple[str, ...] = ()  # columns that give each row its own range (Meta's reporting range)

    def header_map(self, header: list[str]) -> dict[str, int]:
        """Returns canonical name -> index, matching `Amount spent (USD)` as `Amount spent`."""
        return super().header_map([strip_header_currency(h) for h in header])

    def skip_row_sql(self, ctx: FileContext, hm: dict[str, int]) -> str:
        """Skips summary rows (`Total…` in the first or the campaign cell) and rows without a campaign name."""
        camp = f"c{hm['campaign']}"
        return (
            f"regexp_matches(lower(coalesce(c0, '')), {sql_str(TOTAL_ROW)}) "
            f"or regexp_matches(lower(coalesce({camp}, '')), {sql_str(TOTAL_ROW)}) "
            f"or trim(coalesce({camp}, '')) in ('', '--')"
        )

    def cell_expr(self, col: Col, src: str, ctx: FileContext) -> str:
        """Reads `<5` as 0 and strips money prefixes such as `RM ` before the usual number parsing."""
        if col.kind in ("num", "int"):
            prefix = sql_str(MONEY_PREFIX)
            cleaned = f"(case when trim({src}) like '<%' then '0' else regexp_replace({src}, {prefix}, '') end)"
            return cast_expr(col, cleaned, ctx)
        return cast_expr(col, src, ctx)

    def inspect(self, ctx: FileContext) -> None:
        """Finds decimal separator, header currency and, for files without a per-row date, the period."""
        hm = self.header_map(ctx.header)
        money = [c.name for c in self.columns if c.kind == "num" and c.name in hm]
        ctx.decimal = guess_decimal([v for name in money for v in ctx.column_values(ctx.header[hm[name]])])
        ctx.date_order = "dmy" if ctx.decimal == "," else "mdy"
        ctx.constants["header_currency"] = header_currency(ctx.header)
        named = ctx.constants["header_currency"] or ctx.constants.get("prefix_currency")
        if "currency_raw" not in hm and not named and not ctx.options.get("marketplace"):
            raise ImportRejected(
                f"{ctx.file_name}: this {self.label_en} names no currency; add the Currency column in the console's "
                "column settings and download it again, or choose the marketplace whose currency the account uses.",
                "no_currency",
                file=ctx.file_name,
                format=self.id,
            )
        has_day = any(c in hm for c in self.day_columns)
        ranged = not has_day and bool(self.range_columns) and all(c in hm for c in self.range_columns)
        grain = ("weekly" if "day" not in hm else "daily") if has_day else "range" if ranged else "summary"
        ctx.variant = grain + (" XLSX" if ctx.is_xlsx else " CSV")
        if ranged:
            ctx.warnings.append(
                "no Day column: each row's spend is spread evenly over its reporting range; "
                "export with the breakdown By time → Day for daily figures"
            )
        if not has_day and not ranged:
            period = preamble_period(ctx.lines[: ctx.header_index]) or self._option_period(ctx)
            ctx.constants["period_start"], ctx.constants["period_end"] = period
            if (period[1] - period[0]).days > 0:
                ctx.warnings.append(
                    f"no per-day column: spend of {period[0]} to {period[1]} spread evenly over its days; "
                    "add the Day segment/breakdown in the console for daily figures"
                )

    def _option_period(self, ctx: FileContext) -> tuple[date, date]:
        if ctx.options.get("period_start"):
            return ctx.options["period_start"], ctx.options["period_end"] or ctx.options["period_start"]
        found = first_date_in(ctx.file_name)
        if len(found) >= 2:
            return min(found[:2]), max(found[:2])
        raise ImportRejected(
            f"{ctx.file_name}: this {self.label_en} has no Day column and does not say which dates it covers; "
            "download it again broken down by day, or give the dates with --period YYYY-MM-DD:YYYY-MM-DD "
            "(the Period field on the Data page).",
            "no_period_by_day",
            file=ctx.file_name,
            format=self.id,
        )

    def currency_sql(self, ctx: FileContext, row_expr: str = "t.currency_raw") -> str:
        """Returns SQL for each row's currency: the Currency column, else the header's code, else the marketplace's."""
        fallback = ctx.constants.get("header_currency") or currency_of(ctx.options.get("marketplace"))
        return f"coalesce(upper(nullif(trim({row_expr}), '')), {sql_str(fallback) if fallback else 'NULL'})"

    def file_period_sql(self, ctx: FileContext) -> tuple[str, str]:
        """Returns SQL date literals of the file's own period (preamble, user or file name), NULL when per-row."""
        ps, pe = ctx.constants.get("period_start"), ctx.constants.get("period_end")
        return (
            f"DATE {sql_str(ps.isoformat())}" if ps else "NULL",
            f"DATE {sql_str(pe.isoformat())}" if pe else "NULL",
        )

    def period_sql(self, ctx: FileContext, start: str, end: str) -> dict[str, str]:
        """Returns period_start/period_end: the row's own day, else `start`/`end` SQL, else the file's period."""
        ps_sql, pe_sql = self.file_period_sql(ctx)
        day = "".join(f"t.{c}, " for c in self.day_columns)
        return {
            "period_start": f"coalesce({day}{start}, {ps_sql})",
            "period_end": f"coalesce({day}{end}, {pe_sql})",
        }
