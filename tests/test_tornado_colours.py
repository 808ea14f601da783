"""The FX tornado colours a bar by what the move does to profit: a seller who pays suppliers in JPY earns more when
JPY weakens, so JPY's −5 % bar is green and its +5 % bar red (every −5 % bar was red); zh axis ticks read 万."""

from __future__ import annotations

import polars as pl

from ui import charts


def test_a_weaker_currency_that_raises_profit_is_green_and_the_zh_axis_reads_wan():
    # profit ¥100,000; USD sales: −5 % → ¥95,000 (down), +5 % → ¥105,000 (up);
    # JPY costs: −5 % → ¥104,000 (up), +5 % → ¥96,000 (down)
    frame = pl.DataFrame({"currency": ["USD", "JPY"], "profit": [100_000.0] * 2, "low": [95_000.0, 104_000.0],
                          "high": [105_000.0, 96_000.0]})  # fmt: skip
    spec = charts.tornado(frame, ("USD", "JPY"), "−5%", "+5%", "利润增加", "利润减少", "zh")  # the spec (charts.cached)
    rows = next(v for v in spec["datasets"].values() if v and "effect" in v[0])
    effect = {(r["currency"], r["side"]): r["effect"] for r in rows}
    assert effect == {("USD", "−5%"): "利润减少", ("USD", "+5%"): "利润增加", ("JPY", "−5%"): "利润增加",
                      ("JPY", "+5%"): "利润减少"}  # fmt: skip
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    # bars 95,000–105,000, padded 15 % of 10,000 each side: 93,500–106,500, a span of 13,000 in about 4 steps of
    # 3,250, rounded up to the next 1 / 2 / 2.5 / 5 × 1,000: every 5,000 from 95,000
    assert axis["values"] == [95_000, 100_000, 105_000]
    for v, text in zip(axis["values"], ["9.5万", "10万", "10.5万"]):
        assert f'"{text}"' in axis["labelExpr"], (v, axis["labelExpr"])
