"""An import's warnings in the page's language. The importer writes each warning as one English sentence (the CLI
shows it as is); this module recognises every sentence the formats write (`PATTERNS`: a regular expression with
named values → a ui/locales key `warn_*` taking the same values) and renders it in zh or en. A sentence no pattern
knows stays English (tests/test_import_warnings_lang.py checks that every warning the warehouse can write has one).
"""

from __future__ import annotations

import re

from ui.i18n import tr

PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile("^" + p + "$"), key)
    for p, key in (
        (r"the statement mixes currencies \((?P<cur>.+)\); each row keeps its own", "warn_statement_currencies"),
        (r"unknown statement type\(s\) (?P<types>.+): kept apart as 'other' money, listed in data health",
         "warn_unknown_statement_types"),
        (r"marketplace (?P<mp>.+) is not a TikTok Shop; the rows were assigned to tiktok\.us", "warn_not_tiktok"),
        (r"no Currency column: amounts were taken as (?P<cur>.+) \(the shop default\)", "warn_no_currency"),
        (r"no Currency column: the amounts were taken as (?P<cur>.+) \(the shop default\)", "warn_no_currency_payouts"),
        (r"unknown transaction type\(s\) (?P<types>.+): kept as 'other' money, listed in data health",
         "warn_unknown_transaction_types"),
        (r"payouts are kept for reconciliation only; import the payment transactions export "
         r"\(Finance > Payouts > Export transactions\) for the fees of each order", "warn_payouts_only"),
        (r"the export mixes currencies \((?P<cur>.+)\); each order keeps its own", "warn_orders_currencies"),
        (r"the returns report does not name its marketplace: assumed amazon\.com; give --marketplace "
         r"\(or choose it on the Data page\) for another store", "warn_returns_marketplace"),
        (r"the (?P<label>.+) does not name its marketplace: assumed (?P<mp>.+); for another one give the marketplace "
         r"option \(e\.g\. --marketplace (?P<example>.+) on the command line, or the Marketplace field on the Data "
         r"page\)", "warn_inventory_marketplace"),
        (r"no row names its marketplace; assumed (?P<mp>.+) from the currency (?P<cur>.+) "
         r"\(give --marketplace to choose another\)", "warn_settlement_marketplace"),
        (r"the export names no marketplace; rows were assigned by currency \(USD: amazon\.com, EUR: amazon\.de\); "
         r"use --marketplace to choose", "warn_ads_by_currency"),
        (r"EUR amounts without a Country column were assigned to amazon\.de; re-import with --marketplace "
         r"if they belong to another euro marketplace", "warn_ads_eur"),
        # the same four since the Data page's Marketplace field is named first (the lines above: earlier imports)
        (r"no row names its marketplace; assumed (?P<mp>.+) from the currency (?P<cur>.+) \(choose another with the "
         r"Marketplace field on the Data page, or --marketplace\)", "warn_settlement_marketplace"),
        (r"the export names no marketplace; rows were assigned by currency \(USD: amazon\.com, EUR: amazon\.de\); "
         r"choose it with the Marketplace field on the Data page, or --marketplace", "warn_ads_by_currency"),
        (r"EUR amounts without a Country column were assigned to amazon\.de; if they belong to another euro "
         r"marketplace, re-import choosing it in the Marketplace field on the Data page \(or --marketplace\)",
         "warn_ads_eur"),
        (r"no currency symbol in the sales column: assumed (?P<mp>.+); if wrong, choose it in the Marketplace field "
         r"on the Data page \(or --marketplace\)", "warn_business_no_symbol"),
        (r"currency taken from the amount symbols or headers: (?P<cur>.+)", "warn_currency_from_symbols"),
        (r"period taken from the file name: (?P<a>.+) \(one day\)", "warn_period_one_day"),
        (r"period taken from the file name: (?P<a>.+) to (?P<b>.+)", "warn_period_from_name"),
        (r"amounts are in EUR: assumed amazon\.de; give --marketplace \(or choose it on the Data page\) "
         r"when the report is from another EU store", "warn_business_eur"),
        (r"no currency symbol in the sales column: assumed (?P<mp>.+); give --marketplace if wrong",
         "warn_business_no_symbol"),
        (r"no base currency column: rates read as (?P<base>.+) per unit \(the BASE_CURRENCY setting\)",
         "warn_fx_no_base"),
        (r"no Day column: each row's spend is spread evenly over its reporting range; "
         r"export with the breakdown By time → Day for daily figures", "warn_no_day_column"),
        (r"no per-day column: spend of (?P<a>.+) to (?P<b>.+) spread evenly over its days; "
         r"add the Day segment/breakdown in the console for daily figures", "warn_no_per_day"),
        (r"snapshot date taken from the file name: (?P<a>.+)", "warn_snapshot_from_name"),
    )
)  # fmt: skip


def _label(label_en: str, lg: str) -> str:
    """Returns a report format's name in `lg` from its English name (as is when no format has it)."""
    from warehouse.formats import all_formats

    f = next((f for f in all_formats() if f.label_en == label_en), None)
    return label_en if f is None else (f.label_zh if lg == "zh" else f.label_en)


def warning_text(warning: str, lg: str) -> str:
    """Returns one import warning (the importer's English sentence) in language `lg`; unknown ones as written."""
    for pattern, key in PATTERNS:
        m = pattern.match(warning.strip())
        if m:
            values = m.groupdict()
            if "label" in values:
                values["label"] = _label(values["label"], lg)
            return tr(key, lg, **values)
    return warning
