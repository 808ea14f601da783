"""Target captions under the KPI tiles follow the view: a filtered view is never compared with a company target (the
caption says the target is not for this filter), a money target is converted to the view's base currency, and the
caption reads as attainment ("pace: 96.6% of target" / "预计达成目标的 96.6%") in two short lines.

Golden company (tests/test_metrics_golden.py), March 2026, base currency in force CNY; targets sheet: net sales 6,000
(CNY, March), net margin 35 % (March), units 15 (amazon, March).
Net sales in USD, by hand (each sale at its own day's rate; EUR via the same-day cross EUR→CNY / USD→CNY):
  amazon.com in USD: O1 200 − 10 + O4 80 + O5 85 + O3 200 + refund −100 + 5 + O8 100 = 560
  amazon.de: O2 180 EUR on 10 Mar × 8.0 / 7.0 = 205.714286; O6 60 EUR on 16 Mar × 7.5 / 7.2 = 62.5
  together 560 + 205.714286 + 62.5 = 828.214286 USD  (in CNY: 5,868)
The 6,000 CNY target at the rate of its first day (1 Mar, USD 7.0): 6000 / 7.0 = 857.142857 USD.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytest import approx

from metrics.accounts import targets
from metrics.core import api
from tests.conftest import warehouse_env
from tests.test_metrics_golden import build_golden

ROOT = Path(__file__).resolve().parent.parent
MARCH = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden_targets")
    wh = build_golden(folder)
    t = "metric_id,period,channel,target,direction\nnet_margin,2026-03,,0.35,\nunits,2026-03,amazon,15,\n"
    t += "net_sales,2026-03,,6000,\n"
    assert wh.ingest_bytes(t.encode(), "targets.csv").status == "imported"
    yield wh
    wh.close()


def test_a_money_target_is_converted_to_the_view_base(gold):
    """In USD the tile compared 828.21 USD with "$6,000": the CNY target is now 857.14 USD (6000 / 7.0)."""
    s = targets.scores_for(gold.con, MARCH.model_copy(update={"base_currency": "USD"}), ["net_sales", "net_margin"])
    assert s["net_sales"]["target"] == approx(6000 / 7.0)  # 857.142857
    assert s["net_sales"]["value"] == approx(560 + 180 * 8.0 / 7.0 + 60 * 7.5 / 7.2)  # 828.214286
    assert s["net_sales"]["attainment"] == approx(828.214286 / 857.142857, rel=1e-6)  # 0.96625
    assert s["net_margin"]["target"] == approx(0.35)  # a ratio is the same in every base
    cny = targets.scores_for(gold.con, MARCH, ["net_sales"])["net_sales"]
    assert (cny["target"], cny["value"]) == (approx(6000), approx(5868))  # the base in force: unchanged


def test_a_company_target_is_not_compared_with_a_filtered_view(gold):
    """With the SKU filter "CAM" the tile compared the CAM SKUs' net sales with the company's 6,000: the target is
    now returned unscored, marked for a wider scope."""
    s = targets.scores_for(gold.con, MARCH.model_copy(update={"sku_search": "CAM"}), ["net_sales", "units"])
    assert s["net_sales"]["scope"] == "wider" and s["net_sales"]["target"] == approx(6000)
    assert "value" not in s["net_sales"] and "attainment" not in s["net_sales"]
    assert "units" not in s  # amazon's units target is no wider scope of an all-channel view: not shown
    amazon = targets.scores_for(gold.con, MARCH.model_copy(update={"channel": "amazon"}), ["units", "net_sales"])
    assert amazon["units"]["value"] == 12 and "scope" not in amazon["units"]  # amazon's own target applies
    assert amazon["net_sales"]["scope"] == "wider"  # the company's net sales target is not amazon's


def test_a_key_result_follows_the_same_rule():
    """A company key result (no filters) was bound to the tile of any filtered view."""
    f = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), sku_search="CAM")
    krs = [{"metric_id": "net_sales", "filters": {}, "period_start": "2026-03-01", "period_end": "2026-03-31"},
           {"metric_id": "units", "filters": {"sku_search": "CAM"}, "period_start": "2026-03-01",
            "period_end": "2026-03-31"}]  # fmt: skip
    got = targets.view_krs(krs, f, ["net_sales", "units"])
    assert got["net_sales"]["scope"] == "wider" and "scope" not in got["units"]
    assert targets.view_krs(krs, MARCH, ["net_sales", "units"]) == {"net_sales": krs[0]}  # no filter: the company's


def _overview(wh_path: Path, lang: str, **view):
    from streamlit.testing.v1 import AppTest

    from ui.state import defaults

    with warehouse_env(str(wh_path)):
        at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=600)
        at.session_state["view_state"] = {**defaults(lang, "CNY"), "period": "custom", "start": date(2026, 3, 1),
                                          "end": date(2026, 3, 31), **view}  # fmt: skip
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at


@pytest.fixture(scope="module")
def gold_file(gold, tmp_path_factory) -> Path:
    import shutil

    gold.con.execute("checkpoint")
    path = tmp_path_factory.mktemp("golden_targets_app") / "wh.duckdb"
    shutil.copyfile(gold.path, path)
    return path


@pytest.mark.parametrize(
    ("lang", "base", "sku", "want"),
    [
        # 857.142857 USD → "$857" (money over 100: whole units); 828.21 / 857.14 = 96.6 %
        ("en", "USD", "", ":material/flag: Target $857  \npace: :green[96.6%] of target"),
        ("zh", "USD", "", ":material/flag: 目标 $857  \n预计达成目标的 :green[96.6%]"),
        # 6,000 in English tiles: compact from 1,000 (K), three significant digits: ¥6.00K; Chinese from 10,000 (万)
        ("en", "", "CAM", ":material/flag: Target ¥6.00K  \nnot for this filter"),
        ("zh", "", "CAM", ":material/flag: 目标 ¥6,000  \n不适用于当前筛选"),
    ],
)
def test_the_caption_under_net_sales(gold_file, lang, base, sku, want):
    """The caption under the net sales tile: two short lines, attainment worded as such, in the view's currency."""
    at = _overview(gold_file, lang, base=base, sku=sku)
    lines = [c.value for c in at.caption if c.value.startswith(":material/flag:")]
    assert want in lines, lines
    assert all(line.count("\n") == 1 and len(line.split("\n")[0]) < 40 for line in lines), lines


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_base_currency_note_gives_the_margin_in_both_bases(gold, gold_file, lang):
    """The note said margins "barely differ" between bases: it now gives both net margins for the period shown.
    Golden March: costs convert at their batch's rate (B1 paid at 6.5, B2 in CNY), sales at each day's rate (7.0 …
    7.2), so the USD margin is not the CNY one; the two values are the metrics' own in each base."""
    from ui import format as fmt

    usd = api.kpis(gold.con, MARCH.model_copy(update={"base_currency": "USD"}))["net_margin"]
    cny = api.kpis(gold.con, MARCH)["net_margin"]
    assert cny == approx(1800.8 / 5868)  # 30.7 % (tests/test_budget.py: net profit 1800.8 on net sales 5,868)
    assert round(usd, 3) != round(cny, 3)  # a difference the note must show, not deny
    at = _overview(gold_file, lang, base="USD")
    u, c = fmt.pct(usd, 1, lang), fmt.pct(cny, 1, lang)
    want = {"en": f"Net margin {u} in USD vs {c} in CNY: sales convert at each sale day's rate",
            "zh": f"净利率以 USD 计为 {u}，以 CNY 计为 {c}：销售按销售日汇率折算"}[lang]  # fmt: skip
    notes = [c.value for c in at.caption if want in c.value]
    assert notes, [c.value for c in at.caption]
    assert "barely" not in notes[0] and "几乎相同" not in notes[0]
