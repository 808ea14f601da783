"""Header, program and marketplace rules shared by every Amazon Ads report (classic and new console; SP, SB, SD).

* Currency tags: a money header may end with its currency in parentheses — `14 Day Total Sales (₹)`, `(£)`, `(€)`,
  `(￥)`, `(USD)` (FORMATS.md §13.5.6). The tag is removed before matching and read as the file's currency.
* Attribution windows: classic metric names start with the window (`7 Day Total Sales`, `14 Day Total Orders (#)`,
  `30 Day …`, `7天总销售额`, `広告がクリックされてから7日間の…`, `7 Tage, Umsatz gesamt`). The number is replaced by `N`
  before matching, so one spelling (`N Day Total Sales`) covers every window, and the window of the sales column is
  kept per file as `attribution_days` (§13.5: SP 7 days for sellers, SB/SD and amazon.in/vendor SP 14 days).
* Ad program (sp / sb / sd): from a `Program Type` / `Campaign Type` / `Ad product` cell per row, else the file or
  sheet name Amazon gives the download (`Sponsored_Brands_Keyword_report.xlsx`), else columns only one program has
  (video metrics = SB; `Bid Optimization`, or `Cost type` without video metrics = SD), else Sponsored Products.
* Marketplace and currency: a `Country` cell (code or name), else the report's currency (EUR: the marketplace the
  seller names), a currency symbol on the money cells, and the day-first date order of EU/UK/IN accounts.
"""

from __future__ import annotations

import re

from warehouse.core.marketplaces import ALIASES, CURRENCY_SYMBOLS
from warehouse.core.textio import norm_header
from warehouse.formats.base import sql_str

# symbols and ISO codes that may close a money header; an explicit list, because `(CTR)`-like acronyms are not
TAG_CURRENCIES = {
    "₹": "INR", "Rs": "INR", "Rs.": "INR", "£": "GBP", "€": "EUR", "￥": "JPY", "¥": "JPY", "$": "USD", "US$": "USD",
    "CA$": "CAD", "C$": "CAD", "R$": "BRL", "A$": "AUD",
    # the same symbols in a UTF-8 file decoded as cp1252 (`(â‚¹)`, FORMATS.md §13.5.6)
    "â‚¹": "INR", "Â£": "GBP", "â‚¬": "EUR", "ï¿¥": "JPY",
    **{c: c for c in ("USD", "CAD", "MXN", "BRL", "GBP", "EUR", "SEK", "PLN", "TRY", "JPY", "INR", "AUD", "SGD",
                      "AED", "SAR", "EGP", "CNY")},
}  # fmt: skip
_TAG = re.compile(
    r"\s*[(（]\s*(" + "|".join(re.escape(k) for k in sorted(TAG_CURRENCIES, key=len, reverse=True)) + r")\s*[)）]\s*$"
)
_WINDOW = re.compile(r"(?<!\d)(1|7|14|30)(?=\s*(?:-\s*)?(?:day|tage|天|日間|日))", re.IGNORECASE)

PROGRAM_NAMES = {"sb": ("sponsored brand", "sponsored_brand", "sponsoredbrand", "headline"),
                 "sd": ("sponsored display", "sponsored_display", "sponsoreddisplay"),
                 "sp": ("sponsored product", "sponsored_product", "sponsoredproduct")}  # fmt: skip
SB_ONLY = ("video first quartile views", "video complete views", "5 second views", "n day branded searches")
# SD reports carry `Bid Optimization` or a `Cost type` (CPC / vCPM); SB's `Cost type` comes with its video metrics
SD_ONLY = ("bid optimization", "cost type")
DEFAULT_WINDOW = {"sp": 7, "sb": 14, "sd": 14}


def strip_currency_tag(cell: str) -> str:
    """Returns a header cell without a closing currency tag: `14 Day Total Sales (₹)` -> `14 Day Total Sales`."""
    return _TAG.sub("", str(cell or "")).strip()


def tag_currency(header: list[str]) -> str | None:
    """Returns the ISO code of the first currency tag in the header cells (`(₹)` -> INR), None when none."""
    for cell in header:
        m = _TAG.search(str(cell or "").strip())
        if m:
            return TAG_CURRENCIES[m.group(1)]
    return None


def windowless(cell: str) -> str:
    """Returns a header cell with its tag removed and its attribution window written `N`: `14 Day X (₹)` -> `N Day X`."""
    return _WINDOW.sub("N", strip_currency_tag(cell), count=1)


def window_of(cell: str) -> int | None:
    """Returns the attribution window (days) a metric header names, None when it names none."""
    m = _WINDOW.search(strip_currency_tag(cell))
    return int(m.group(1)) if m else None


def program_from_name(text: str) -> str | None:
    """Returns sp/sb/sd when a file or sheet name says which ad program it holds, else None."""
    folded = re.sub(r"[\s_\-]+", " ", (text or "").lower())
    for program, names in PROGRAM_NAMES.items():
        if any(n.replace("_", " ") in folded for n in names):
            return program
    # Amazon's short prefixes in saved names: `SB_keyword_report`, `sd-targeting`
    m = re.match(r"^(sp|sb|sd)[ ._]", folded)
    return m.group(1) if m else None


def program_from_header(header: list[str]) -> str | None:
    """Returns sb/sd when the header holds columns only that program's reports have, else None."""
    folded = {norm_header(windowless(h)) for h in header}
    if any(k in folded for k in SB_ONLY):
        return "sb"
    if any(k in folded for k in SD_ONLY):
        return "sd"
    return None


def file_program(file_name: str, sheet: str | None, header: list[str]) -> str:
    """Returns the ad program of a whole file: its sheet name, its file name, its columns, else `sp`."""
    return program_from_name(sheet or "") or program_from_name(file_name) or program_from_header(header) or "sp"


def program_sql(cell: str, fallback: str) -> str:
    """Returns SQL turning a per-row program cell (`Sponsored Brands`, `SPONSORED_DISPLAY`, `SB`) into sp/sb/sd."""
    x = f"lower(replace(coalesce({cell}, ''), '_', ' '))"
    return (
        f"(case when {x} like '%brand%' or {x} in ('sb', 'hsa') then 'sb' "
        f"when {x} like '%display%' or {x} = 'sd' then 'sd' "
        f"when {x} like '%product%' or {x} = 'sp' then 'sp' else '{fallback}' end)"
    )


def window_sql(program_expr: str, header_window: int | None) -> str:
    """Returns SQL for attribution_days: the window the header names, else the program's default (SP 7, SB/SD 14)."""
    if header_window:
        return str(int(header_window))
    return f"(case {program_expr} when 'sp' then 7 when 'sb' then 14 when 'sd' then 14 end)"


# `Country` spellings beyond the ISO codes of marketplaces.ALIASES
COUNTRY_NAMES = {
    "united states": "amazon.com", "usa": "amazon.com", "美国": "amazon.com", "canada": "amazon.ca",
    "mexico": "amazon.com.mx", "united kingdom": "amazon.co.uk", "英国": "amazon.co.uk", "germany": "amazon.de",
    "德国": "amazon.de", "france": "amazon.fr", "italy": "amazon.it", "spain": "amazon.es", "japan": "amazon.co.jp",
    "日本": "amazon.co.jp", "india": "amazon.in",
}  # fmt: skip
# report currency -> marketplace when the report names no country; EUR is ambiguous (see inspect)
CURRENCY_MARKETPLACE = {
    "USD": "amazon.com", "EUR": "amazon.de", "JPY": "amazon.co.jp", "GBP": "amazon.co.uk", "CAD": "amazon.ca",
    "MXN": "amazon.com.mx", "INR": "amazon.in",
}  # fmt: skip


DAY_FIRST = ("amazon.co.uk", "amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.in")
DAY_FIRST_CURRENCIES = {"EUR", "GBP", "INR"}


def country_sql(expr: str) -> str:
    """Returns SQL mapping a `Country` cell (code or name) to a marketplace id, NULL when unknown."""
    names = {**{k: v for k, v in ALIASES.items() if "." not in k}, **COUNTRY_NAMES}
    cases = " ".join(f"when {sql_str(k)} then {sql_str(v)}" for k, v in names.items())
    return f"(case lower(trim({expr})) {cases} else NULL end)"


def currency_marketplace_sql(expr: str, eur_marketplace: str) -> str:
    """Returns SQL mapping a currency code to the marketplace that bills in it."""
    mapping = {**CURRENCY_MARKETPLACE, "EUR": eur_marketplace}
    cases = " ".join(f"when '{k}' then '{v}'" for k, v in mapping.items())
    return f"(case upper(trim({expr})) {cases} else NULL end)"


def symbol_currency(values: list[str]) -> str | None:
    """Returns the currency whose symbol prefixes the sample's money cells (`$1.11`, `€ 3,20`, `Rs.201.68`)."""
    for v in values:
        m = re.search(r"(US\$|CA\$|R\$|Rs\.?|\$|£|€|￥|¥|₹)", v or "")
        if m:
            return {"R$": "BRL", "Rs": "INR", "Rs.": "INR"}.get(m.group(1)) or CURRENCY_SYMBOLS[m.group(1)]
    return None
