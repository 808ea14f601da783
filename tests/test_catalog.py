"""The zh/en catalog (ui/locales/zh.toml, en.toml): same keys, same {fields}, every key used and every used key present.

A key counts as used when it appears as a string literal in pages/, ui/ or app.py (keys travel through variables:
`empty_state("empty_overview")`, `format_func=label` over choice ids, …) or when it starts with one of the DYNAMIC
prefixes below, each built in code as `f"prefix{id}"` / `"prefix" + id` from ids the program holds.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

from ui.catalog import CATALOG, LOCALES, load

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted([p for d in ("pages", "ui") for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"])
LOOKUPS = {"t", "tr", "both"}  # ui.i18n functions whose first argument is a catalog key

# prefix -> why the key is built at run time (and where)
DYNAMIC = {
    "col_": "table column headers keyed by the frame's column name (ui/tables.py, ui/widgets.py, ui/ads.py)",
    "tile_": "short KPI-tile names of registry metrics that have one (ui/widgets.py)",
    "program_": "ad program ids of staging.ads: sp, sb, sd, tiktok_ads, gmv_max, meta, google (ui/ads.py)",
    "u_": "registry units (money, count, ratio, days) in the glossary and the cash bridge (ui/glossary.py, ui/cash.py)",
    "band_badge_": "seasonal band status green/amber/red on a KPI tile (ui/widgets.py)",
    "alert_band_": "seasonal band status amber/red in the Overview alerts (ui/overview.py)",
    "cash_": "the cash page's grain week/month (pages/cash.py)",
    "pnl_by_": "the P&L page's breakdown total/channel/marketplace/store (pages/pnl.py)",
    "mtt_": "captions of a business-review department's tables, keyed by the frozen payload's table name "
    "(pages/meeting_parts.py)",
    "known_why_": "why a recognised-but-unused report is not imported, by its slug (ui/refusal.py)",
    "known_do_": "what to upload instead of a recognised-but-unused report, by its slug (ui/refusal.py)",
    "sea_": "seasonal band status and band source ids green/amber/red/none/history/override (pages/seasonal.py)",
}
# column ids of metrics/ frames that are not registry metrics: ui.i18n.metric_name falls back to the catalog for them
COLUMN_IDS = {"impressions", "clicks", "ad_orders"}


def _trees():
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in CODE]


def _head(node) -> str | None:
    """The constant start of an f-string or of `"prefix" + x`, else None."""
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return node.values[0].value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
        return node.left.value if isinstance(node.left.value, str) else None
    return None


def test_both_files_hold_the_same_keys():
    zh, en = (tomllib.loads((LOCALES / f"{lg}.toml").read_text(encoding="utf-8")) for lg in ("zh", "en"))
    assert sorted(set(zh) ^ set(en)) == []
    assert all(isinstance(v, str) and v.strip() for v in [*zh.values(), *en.values()])
    assert len(CATALOG) == len(zh) > 500


def test_a_key_in_one_file_only_is_refused(tmp_path):
    (tmp_path / "zh.toml").write_text('a = "甲"\nb = "乙"\n', encoding="utf-8")
    (tmp_path / "en.toml").write_text('a = "A"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="b; add them to both files"):
        load(tmp_path)


def _fields(text: str) -> set[str]:
    """The {fields} of a text; a plural mark {n|row|rows} counts as its field n."""
    return {name.split("|")[0] for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# plural nouns an English text may put after a count ("{n} rows", "{n} {marketplace} orders", "{n} budget lines")
COUNTED = (r"rows|units|SKUs|files|orders|refunds|days|stores|fields|problems|lines|items|facts|ASINs|campaigns|imports"
           r"|months|weeks|batches|customers|listings|columns|cells|values|entries|KRs|meetings|sections|minutes|hours")  # fmt: skip
AFTER_COUNT = r"\{\w+\} (?:\{\w+\} )?(?:[a-z]+ )?"  # a count, maybe a field and a word, then the noun


def test_no_english_count_reads_one_rows():
    """A count before a plural noun ("{added} rows added", "{n} SKU(s) have") read "1 rows added", "1 SKU(s)":
    each carries a plural mark {n|row|rows} instead (rendered by ui.i18n.plural)."""
    bare = re.compile(AFTER_COUNT + rf"(?:{COUNTED})\b|" + AFTER_COUNT + r"\w+\(s\)")
    assert {k: en for k, (_, en) in CATALOG.items() if bare.search(en)} == {}


def test_every_english_count_agrees_with_its_noun_at_one_and_at_two():
    from metrics.core.locale_format import PLURAL
    from ui.i18n import tr

    marked = {k: en for k, (_, en) in CATALOG.items() if PLURAL.search(en)}
    assert len(marked) >= 20  # rows added, SKUs, orders, units, days, files, stores, problems …
    for key, en in marked.items():
        marks = PLURAL.findall(en)
        counts = {field for field, _, _ in marks}
        for n in (1, 2):
            values = {f: (n if f in counts else "X") for f in _fields(en)}
            text = tr(key, "en", **values)
            assert "{" not in text and "|" not in text, (key, text)
            for field, one, other in marks:
                said, never = (one, other) if n == 1 else (other, one)
                assert re.search(rf"\b{re.escape(said)}\b", text), (key, n, text)
                if f"{{{field}}} {{{field}|{one}|{other}}}" in en:  # the noun right after its count
                    assert re.search(rf"\b{n} {re.escape(said)}\b", text), (key, n, text)
                    assert not re.search(rf"\b{n} {re.escape(never)}\b", text), (key, n, text)
    # the count formatted by the caller ("1", "1,234") agrees too; Chinese has no plural
    assert tr("line_imported", "en", file="a.csv", label="FX", added="1", present="0", id=3) == (
        "a.csv: FX: 1 row added, 0 already present (import #3)"
    )
    assert "1,234 rows added" in tr("line_imported", "en", file="a", label="b", added="1,234", present=0, id=1)
    assert tr("undone", "en", id=4, file="a.csv", n=1) == "import #4 (a.csv) undone: 1 row removed."
    assert "2 SKUs in this view have" in tr("cost_coverage_banner", "en", pct="90%", n=2)
    assert "1 SKU in this view has" in tr("cost_coverage_banner", "en", pct="90%", n=1)
    assert "1 advertised SKU runs out" in tr("wa_stockout", "en", n=1, skus="A")


def test_placeholders_are_the_same_in_both_languages():
    odd = {k: (_fields(zh), _fields(en)) for k, (zh, en) in CATALOG.items() if _fields(zh) != _fields(en)}
    assert odd == {}


def test_every_key_looked_up_in_code_exists():
    missing, heads = [], set()
    for path, tree in _trees():
        for n in ast.walk(tree):
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") in LOOKUPS and n.args:
                a = n.args[0]
                if isinstance(a, ast.Constant) and a.value not in CATALOG:
                    missing.append(f"{path.relative_to(ROOT)}:{n.lineno} {a.value}")
                if isinstance(a, ast.IfExp):  # t("a" if x else "b")
                    for b in (a.body, a.orelse):
                        if isinstance(b, ast.Constant) and b.value not in CATALOG:
                            missing.append(f"{path.relative_to(ROOT)}:{n.lineno} {b.value}")
            h = _head(n)
            if h:
                heads.add(h)
    assert missing == []
    # every allowed prefix is still built somewhere, and still has keys
    assert [p for p in DYNAMIC if p not in heads] == []
    assert [p for p in DYNAMIC if not any(k.startswith(p) for k in CATALOG)] == []


def test_no_unused_keys():
    literals = {n.value for _, tree in _trees() for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    unused = [
        k for k in CATALOG if k not in literals and k not in COLUMN_IDS and not any(k.startswith(p) for p in DYNAMIC)
    ]
    assert unused == []


def test_no_page_keeps_its_own_text_dict():
    """Page text lives in the catalog: no module-level TX/TEXT dict or tx() helper in pages/ or ui/ (the ad what-if
    page is edited by its own owner and keeps its dict for now)."""
    found = []
    for path, tree in _trees():
        if path.name in ("whatif_ads.py",):
            continue
        for n in tree.body:
            names = [getattr(t, "id", "") for t in getattr(n, "targets", [])] + [getattr(n, "name", "")]
            if {"TX", "TEXT", "tx"} & set(names):
                found.append(str(path.relative_to(ROOT)))
    assert found == []


# a colon in Chinese text is the full-width "：" (the Inventory caption read "库存日期: 2026年11月20日"); icon codes
# (:material/event:) and colour marks (:red[…]) are Streamlit markup, not punctuation
ZH_ASCII_COLON = re.compile(r"[\u4e00-\u9fff）」”》]\s*:|:\s*[\u4e00-\u9fff（「“《]")
MARKUP = re.compile(r":material/[a-z_]+:|:(?:red|orange|green|gray|grey|blue|violet|rainbow|primary)\[")


def test_chinese_text_takes_the_full_width_colon():
    bad = [k for k, (zh, _) in CATALOG.items() if ZH_ASCII_COLON.search(MARKUP.sub("", zh))]
    assert bad == []


def test_no_code_glues_a_colon_after_catalog_text():
    """A colon written in code after looked-up text (f"{t('as_of')}: {day}") is ASCII in Chinese too: the label and
    its value go through one catalog sentence ("label_value": "{label}：{value}" / "{label}: {value}")."""
    glued = []
    for path, tree in _trees():
        for n in ast.walk(tree):
            if not isinstance(n, ast.JoinedStr):
                continue
            for a, b in zip(n.values, n.values[1:]):
                looked_up = isinstance(a, ast.FormattedValue) and isinstance(a.value, ast.Call)
                looked_up = looked_up and getattr(a.value.func, "id", "") in LOOKUPS
                if looked_up and isinstance(b, ast.Constant) and str(b.value).lstrip().startswith(":"):
                    glued.append(f"{path.relative_to(ROOT)}:{n.lineno}")
    assert glued == []


@pytest.mark.parametrize(("lang", "want"), [("zh", "库存日期：2026年11月20日"), ("en", "Stock as of: Nov 20, 2026")])
def test_a_label_and_its_value_take_the_languages_colon(lang, want):
    from datetime import date

    from ui.format import day
    from ui.i18n import tr

    assert tr("label_value", lang, label=tr("as_of", lang), value=day(date(2026, 11, 20), lang)) == want
