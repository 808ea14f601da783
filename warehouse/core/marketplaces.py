"""Marketplaces Seller Cockpit knows: channel, currency, time zone and the spellings reports use for them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marketplace:
    id: str  # canonical id used in every table: amazon.com, amazon.de, tiktok.us, shopify …
    channel: str  # amazon | tiktok | shopify
    country: str
    currency: str
    tz: str


MARKETPLACES = {
    m.id: m
    for m in [
        Marketplace("amazon.com", "amazon", "US", "USD", "America/Los_Angeles"),
        Marketplace("amazon.ca", "amazon", "CA", "CAD", "America/Los_Angeles"),
        Marketplace("amazon.com.mx", "amazon", "MX", "MXN", "America/Mexico_City"),
        Marketplace("amazon.co.uk", "amazon", "GB", "GBP", "Europe/London"),
        Marketplace("amazon.de", "amazon", "DE", "EUR", "Europe/Berlin"),
        Marketplace("amazon.fr", "amazon", "FR", "EUR", "Europe/Paris"),
        Marketplace("amazon.it", "amazon", "IT", "EUR", "Europe/Rome"),
        Marketplace("amazon.es", "amazon", "ES", "EUR", "Europe/Madrid"),
        Marketplace("amazon.co.jp", "amazon", "JP", "JPY", "Asia/Tokyo"),
        Marketplace("amazon.in", "amazon", "IN", "INR", "Asia/Kolkata"),
        Marketplace("tiktok.us", "tiktok", "US", "USD", "America/Los_Angeles"),
        Marketplace("tiktok.uk", "tiktok", "GB", "GBP", "Europe/London"),
        # TikTok Shop South-East Asia and Brazil: only their finance statements / income exports are read so far
        Marketplace("tiktok.id", "tiktok", "ID", "IDR", "Asia/Jakarta"),
        Marketplace("tiktok.my", "tiktok", "MY", "MYR", "Asia/Kuala_Lumpur"),
        Marketplace("tiktok.th", "tiktok", "TH", "THB", "Asia/Bangkok"),
        Marketplace("tiktok.vn", "tiktok", "VN", "VND", "Asia/Ho_Chi_Minh"),
        Marketplace("tiktok.ph", "tiktok", "PH", "PHP", "Asia/Manila"),
        Marketplace("tiktok.sg", "tiktok", "SG", "SGD", "Asia/Singapore"),
        Marketplace("tiktok.br", "tiktok", "BR", "BRL", "America/Sao_Paulo"),
        Marketplace("shopify", "shopify", "", "USD", "America/New_York"),
    ]
}

# ISO code or symbol as printed -> currency code
CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "CA$": "CAD", "£": "GBP", "€": "EUR", "￥": "JPY", "¥": "JPY", "₹": "INR"}

# Country codes / sales-channel spellings used by reports -> marketplace id
ALIASES = {
    "amazon.com": "amazon.com", "www.amazon.com": "amazon.com", "us": "amazon.com", "atvpdkikx0der": "amazon.com",
    "amazon.ca": "amazon.ca", "ca": "amazon.ca", "amazon.com.mx": "amazon.com.mx", "mx": "amazon.com.mx",
    "amazon.co.uk": "amazon.co.uk", "uk": "amazon.co.uk", "gb": "amazon.co.uk",
    "amazon.de": "amazon.de", "de": "amazon.de", "amazon.fr": "amazon.fr", "fr": "amazon.fr",
    "amazon.it": "amazon.it", "it": "amazon.it", "amazon.es": "amazon.es", "es": "amazon.es",
    "amazon.co.jp": "amazon.co.jp", "jp": "amazon.co.jp", "amazon.in": "amazon.in", "in": "amazon.in",
}  # fmt: skip


def marketplace_sql(expr: str, default: str | None) -> str:
    """Returns SQL mapping a report's marketplace spelling (Amazon.com, AMAZON.DE, US …) to the canonical id."""
    cases = " ".join(f"when '{k}' then '{v}'" for k, v in ALIASES.items())
    fallback = f"'{default}'" if default else "NULL"
    return f"coalesce(case lower(trim({expr})) {cases} else NULL end, {fallback})"


def currency_of(marketplace: str | None) -> str | None:
    m = MARKETPLACES.get(marketplace or "")
    return m.currency if m else None


def currency_case_sql(marketplace_expr: str) -> str:
    """Returns SQL giving the currency of a canonical marketplace id."""
    cases = " ".join(f"when '{m.id}' then '{m.currency}'" for m in MARKETPLACES.values())
    return f"(case {marketplace_expr} {cases} else NULL end)"
