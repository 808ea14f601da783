"""Names what an imported file is for, for the one-line import result: its marketplace(s) and currency read from
the rows just staged (e.g. "amazon.de · EUR"; a channel that is its own marketplace by the channel's name,
"Shopify · USD"), the store it went into, and — only as extra information — the language of its column
names for formats whose variant is nothing but that language (an amazon.de report downloaded from an English or
Chinese Seller Central is still an amazon.de report)."""

from __future__ import annotations

# formats whose `variant` is the header's language/layout, not the marketplace the file is for
HEADER_VARIANT_FORMATS = {"amazon_transactions", "amazon_business_report"}
# header variant -> (zh, en) name of the header language
HEADER_LANGS = {
    "US": ("英文（美国）", "English (US)"), "US older": ("英文（美国，旧版）", "English (US, older)"),
    "UK": ("英文（英国）", "English (UK)"), "IN": ("英文（印度）", "English (IN)"), "CA": ("英文（加拿大）", "English (CA)"),
    "DE": ("德文", "German"), "FR": ("法文", "French"), "IT": ("意大利文", "Italian"), "ES": ("西班牙文", "Spanish"),
    "MX": ("西班牙文（墨西哥）", "Spanish (MX)"), "JP": ("日文", "Japanese"), "ZH": ("中文", "Chinese"),
}  # fmt: skip
MAX_PAIRS = 3


def file_scope(cur, table: str = "typed") -> str:
    """Returns the marketplaces × currencies of the staged rows in `table`, most rows first, e.g. "amazon.de · EUR"
    or "amazon.com · USD, amazon.ca · CAD" (at most 3 pairs, then "+N"); "" when the format has no marketplace
    column or no row names one (templates, ads reports without a marketplace)."""
    cols = {r[0] for r in cur.sql(f"describe {table}").fetchall()}
    if "marketplace" not in cols:
        return ""
    currency = "currency" if "currency" in cols else "NULL::VARCHAR"
    pairs = cur.sql(
        f"select marketplace, {currency} as currency, count(*) as n from {table} where marketplace is not null "
        "group by all order by n desc, marketplace, currency"
    ).fetchall()
    return scope_text(pairs)


# a channel that is its own marketplace (its id is the channel's): named by the channel, as the app's filters do
CHANNEL_MARKETPLACES = {"shopify": "Shopify"}


def place_name(marketplace: str) -> str:
    """Returns a marketplace as a result line names it: "Shopify" for the Shopify channel's one marketplace (its id
    `shopify` is no name), any other by its id, which is its address ("amazon.de", "tiktok.us")."""
    return CHANNEL_MARKETPLACES.get(marketplace, marketplace)


def scope_text(pairs: list[tuple]) -> str:
    """Returns the scope text of (marketplace, currency, rows) pairs sorted most rows first (see `file_scope`). Rows
    without a currency of a marketplace that has rows with one are that marketplace's (a Shopify order's later lines
    leave Currency empty): "Shopify · USD", not "shopify · USD, shopify"."""
    priced = {mp for mp, cur_, _ in pairs if cur_}
    pairs = [(mp, cur_, n) for mp, cur_, n in pairs if cur_ or mp not in priced]
    parts = [f"{place_name(mp)} · {cur_}" if cur_ else place_name(mp) for mp, cur_, _ in pairs[:MAX_PAIRS]]
    if len(pairs) > MAX_PAIRS:
        parts.append(f"+{len(pairs) - MAX_PAIRS}")
    return ", ".join(parts)


def store_text(store: str | None) -> str:
    """Returns the store a file went into as the command line's result line names it (English; the Data page says it
    in its language, ui.upload): 'store “Main shop”', "the default store"; "" for a seller template (no store)."""
    if store is None:
        return ""
    return "the default store" if store == "default" else f"store “{store}”"


def variant_text(format_id: str, variant: str, lang: str = "en") -> str:
    """Returns the variant as shown in a result line: a header-language variant named as such ("English (US)
    header" / "表头：英文（美国）"), any other variant (e.g. "SP Daily CSV, 7-day") unchanged."""
    if format_id in HEADER_VARIANT_FORMATS and variant in HEADER_LANGS:
        zh, en = HEADER_LANGS[variant]
        return f"表头：{zh}" if lang == "zh" else f"{en} header"
    return variant or ""


def label_suffix(format_id: str, variant: str, scope: str, lang: str = "en", store: str = "") -> str:
    """Returns " (<scope>, <store>; <variant>)" for a format's label — what the file is for first (its marketplaces
    and the store it went into: `store`, already worded), then its variant — with full-width marks in Chinese
    ("（amazon.de · EUR，店铺“Main shop”；表头：中文）"), or "" when all are empty."""
    where = ("，" if lang == "zh" else ", ").join(p for p in (scope, store) if p)
    parts = [p for p in (where, variant_text(format_id, variant, lang)) if p]
    if not parts:
        return ""
    return f"（{'；'.join(parts)}）" if lang == "zh" else f" ({'; '.join(parts)})"
