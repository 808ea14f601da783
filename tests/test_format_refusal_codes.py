"""Refusals raised inside individual formats read in the page's language: every `raise ImportRejected` under
warehouse/formats carries a reason code the Data page renders from the catalog (ui/refusal.py), and real refusals
of real export files say in 中文 only the file's own words, values and codes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import FIXTURES
from ui.refusal import refusal_text

ROOT = Path(__file__).resolve().parent.parent
# values every code may take (ImportRejected params are strings)
DUMMY = {"file": "f.csv", "format": "amazon_ads_products", "marketplace": "x.example", "known": "amazon.com",
         "row": "3", "column": "c", "value": "v", "expected": "month", "columns": "c"}  # fmt: skip
ENGLISH = "the English sentence"


def _raises() -> list[tuple[str, int, str | None]]:
    out = []
    for path in sorted((ROOT / "warehouse" / "formats").rglob("*.py")):
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(n, ast.Raise)
                and isinstance(n.exc, ast.Call)
                and getattr(n.exc.func, "id", "") == "ImportRejected"
            ):
                args, kw = n.exc.args, {k.arg: k.value for k in n.exc.keywords}
                code = args[1] if len(args) > 1 else kw.get("reason")
                out.append(
                    (str(path.relative_to(ROOT)), n.lineno, code.value if isinstance(code, ast.Constant) else None)
                )
    return out


def test_every_refusal_raised_in_a_format_has_a_code_the_page_renders():
    raises = _raises()
    assert len(raises) >= 8  # ads, new console, storage fees, FBA inventory, external ad consoles
    assert [r for r in raises if not r[2]] == [], "a refusal without a reason code stays English in 中文"
    for where, line, code in raises:
        zh = refusal_text(code, DUMMY, ENGLISH, "zh")
        assert zh != ENGLISH and not re.search(r"\b(the|this|is|not|give|use)\b", zh), (where, line, code, zh)
        assert refusal_text(code, DUMMY, ENGLISH, "en") != ENGLISH, (where, line, code)


def _english_words(text: str, allowed: set[str]) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed]


def test_real_refusals_read_in_chinese(wh):
    sp = FIXTURES / "amazon_ads_products" / "sp_advertised_product_daily_us.csv"
    r = wh.ingest_bytes(sp.read_bytes(), sp.name, {"marketplace": "tiktok.us"})
    assert (r.status, r.reason) == ("rejected", "not_amazon_marketplace"), r.message
    zh = refusal_text(r.reason, r.params, r.message, "zh")
    assert zh.startswith(sp.name + "：") and "tiktok.us" in zh, zh
    assert not _english_words(zh.replace(r.params["known"], ""), {"sp", "advertised", "product", "daily", "us",
                                                                   "csv", "tiktok"}), zh  # fmt: skip
    fees = FIXTURES / "amazon_storage_fees" / "storage_fees_us.txt"
    lines = fees.read_text(encoding="utf-8").splitlines()
    month = lines[0].split("\t").index("month_of_charge")
    cells = lines[1].split("\t")
    cells[month] = "sometime"
    bad = "\n".join([lines[0], "\t".join(cells), *lines[2:]]) + "\n"
    r = wh.ingest_bytes(bad.encode("utf-8"), "storage_bad.txt")
    assert (r.status, r.reason) == ("rejected", "bad_cell"), r.message
    zh = refusal_text(r.reason, r.params, r.message, "zh")
    # row 2: the header is line 1, the first data row line 2
    assert zh.startswith("storage_bad.txt：第 2 行") and "'sometime'" in zh and "月份" in zh, zh
