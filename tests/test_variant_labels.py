"""A report format's version label reads in the page's language (ui/variants.py through the catalog): the import
result line of a real Sponsored Products file in 中文 says "14天归因", not "14-day"; every version label the formats
write keeps only codes (SP, CSV, XLSX, US …) in Latin letters in 中文."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.conftest import FIXTURES
from ui.upload import result_line
from ui.variants import variant_label

RUPEE = FIXTURES.parent / "cases" / "min_ads_sp_campaign_rupee_14day.csv"
# codes kept as the portals write them (ad programs, file types, countries, layouts)
CODES = {"SP", "SB", "SD", "CSV", "XLSX", "TSV", "API", "US", "SEA", "MYI", "JP", "EU", "UK", "DE", "IN", "FR"}


def _variants() -> list[tuple[str, str]]:
    """(format id, version label) as the formats' `inspect` writes them (warehouse/formats/*)."""
    out = []
    for prog, grain, kind, window in itertools.product(("SP", "SB", "SD"), ("Daily", "Summary"), ("CSV", "XLSX"),
                                                       ("", ", 7-day", ", 14-day", ", 30-day")):  # fmt: skip
        out.append(("amazon_ads_products", f"{prog} {grain} {kind}{window}"))
    for prog, level, kind in itertools.product(("SP", "SB"), ("product", "ad group", "campaign"), ("CSV", "XLSX")):
        out.append(("amazon_ads_new_console", f"{prog} {level} {kind}"))
    for grain, kind in itertools.product(("weekly", "daily", "range", "summary"), ("CSV", "XLSX")):
        out.append(("meta_ads", f"{grain} {kind}"))
    out += [("amazon_inventory_ledger", "Seller Central CSV"), ("amazon_inventory_ledger", "API TSV"),
            ("amazon_settlement", "DE decimal comma"), ("amazon_fba_inventory", "MYI")]  # fmt: skip
    return out


@pytest.mark.parametrize(("format_id", "variant"), _variants())
def test_every_version_label_reads_in_chinese(format_id, variant):
    zh = variant_label(format_id, variant, "zh")
    assert set(re.findall(r"[A-Za-z]+", zh)) <= CODES, (variant, zh)
    assert variant_label(format_id, variant, "en") == variant  # English labels read as the formats write them


def test_result_line_of_a_14_day_file_in_chinese(wh, monkeypatch):
    r = wh.ingest_path(RUPEE)
    assert r.status == "imported", r.message
    assert "14-day" in r.variant  # stored in English, the format's own label
    monkeypatch.setattr("ui.i18n.lang", lambda: "zh")
    monkeypatch.setattr("ui.upload.lang", lambda: "zh")
    line = result_line(r)
    assert "14天归因" in line and "-day" not in line and "Daily" not in line and "Summary" not in line, line
