"""A report format's version label (`variant`, stored in English by the format: "SP Daily CSV, 14-day") in the
page's language, through the catalog: each word the formats use is a catalog key; codes (SP, CSV, XLSX, US, MYI …)
stay as they are."""

from __future__ import annotations

import re

from ui.i18n import tr

# the words formats put in `ctx.variant` (warehouse/formats/*: inspect) -> catalog key
WORDS = {
    "Daily": "variant_daily",
    "daily": "variant_daily",
    "Summary": "variant_summary",
    "summary": "variant_summary",
    "weekly": "variant_weekly",
    "range": "variant_range",
    "product": "variant_product",
    "ad group": "variant_ad_group",
    "campaign": "variant_campaign",
    "decimal comma": "variant_decimal_comma",
    "Seller Central": "variant_seller_central",
}
_TOKEN = re.compile(r"(\d+)-day|" + "|".join(rf"\b{re.escape(w)}\b" for w in sorted(WORDS, key=len, reverse=True)))


def variant_label(format_id: str, variant: str | None, lang: str) -> str:
    """Returns `variant` as the page shows it: a header-language variant named as such (warehouse.ingest.scope),
    every other version label with its words from the catalog ("SP Daily CSV, 14-day" -> "SP 每日 CSV，14天归因")."""
    from warehouse.ingest.scope import variant_text

    if not variant:
        return ""
    named = variant_text(format_id, variant, lang)
    if named != variant or lang != "zh":  # English: the format's own label, as the portal names it
        return named

    def word(m: re.Match) -> str:
        return tr("variant_window", lang, n=m.group(1)) if m.group(1) else tr(WORDS[m.group(0)], lang)

    text = _TOKEN.sub(word, variant)
    return text.replace(", ", "，") if lang == "zh" else text
