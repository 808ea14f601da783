"""Every table on every page (each meeting section included) is headed and formatted for people, in both languages:
no raw column id as a header, no unformatted float column. AppTest on a warehouse holding the golden company, with
a business review frozen on it, plus the shared filter/label helpers the tables and the sidebar rely on."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.meeting import store
from metrics.meeting.agenda import DEFAULT_SECTIONS
from metrics.meeting.snapshot import start_meeting
from ui import tables
from ui.charts import _joined_marks
from ui.filters import as_id
from ui.grid import MAX_NUMBER_HEADER_PX, MAX_PINNED_PX, SORT_ARROW_PX, value_px
from ui.i18n import GRID_DATE_FORMATS
from ui.widgets import MAX_HEADER_PX, MAX_TEXT_PX, text_px
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
MONTH_FORMATS = {f["month"] for f in GRID_DATE_FORMATS.values()}  # a month in either language: 2026年10月 / Oct 2026
GOLDEN = ROOT / "tests" / "fixtures" / "exports" / "golden"
PAGES = ["overview", "profit", "pnl", "ads", "inventory", "meeting", "okr", "whatif_ads", "whatif_fx", "seasonal",
         "reorder", "data", "glossary", "settings", "cash", "bridge", "returns", "customers", "budget"]  # fmt: skip
MARCH = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31", "compare": "previous"}
RAW_ID = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")  # net_profit, due_date, status, x: ids, not headers
# ids the program holds that a person should read as names: channels, ad programs, agenda sections
RAW_VALUES = {"amazon", "tiktok", "shopify", "sp", "sb", "sd", "tiktok_ads", "gmv_max", "meta", "google", "default"} | {
    key for key, *_ in DEFAULT_SECTIONS
}
ID_LIKE = re.compile(r"(^id$|_id$|_no$|^year$|^month$|^week$|^rank$)")  # numbers that name a thing: no grouping
NAMED_WIDTHS = {"small": 75, "medium": 200, "large": 400}  # Streamlit's named column widths in px
# the ad what-if page draws its own grids and is edited by its owner this round (its tables are auto-sized)
WIDTH_EXEMPT = {"whatif_ads"}
TIMEOUT = 1500  # freezing a review evaluates every view cold on a shared 2-core machine


@pytest.fixture(scope="module")
def golden_wh(tmp_path_factory) -> Path:
    """The golden company (3 SKUs, amazon.com + amazon.de, March 2026) with a March review started (frozen)."""
    folder = tmp_path_factory.mktemp("labels")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for path in sorted(GOLDEN.iterdir()):
            assert wh.ingest_path(path).ok, path.name
        mid = store.create_meeting(wh.con, "March review", date(2026, 3, 1), date(2026, 3, 31), language="en")
        start_meeting(wh.con, mid, datetime(2026, 4, 2, 9, 0))
        store.add_action_item(wh.con, mid, "Reorder CAM-4K-BLK", "Wang", date(2026, 4, 10), section_key="finance")
    finally:
        wh.close()
    return folder / "wh.duckdb"


def unreadable(at: AppTest, page: str = "") -> list[str]:
    """Returns '<table>: <column> (<problem>)' for every shown column headed by a raw id, a float column without
    a number format (a float shown as −10698.7982 or 0.0556 instead of ¥-10,698.80 or 5.6%), a timestamp
    forced into a text column (shown as 1796012932000), a cell holding a channel / ad program / agenda section id,
    a number ≥ 1,000 formatted without thousands separators, or a column narrower than its header or longest text
    (cut off; `page` in WIDTH_EXEMPT skips that last check)."""
    bad = []
    for df in at.dataframe:
        config = json.loads(df.proto.columns or "{}")
        shown = list(df.proto.column_order) or list(df.value.columns)
        name = df.proto.id.rsplit("-", 1)[-1]
        for column in shown:
            spec = config.get(column) or {}
            if spec.get("hidden"):
                continue
            header = spec.get("label") or column
            if RAW_ID.fullmatch(header):
                bad.append(f"{name}: {column} (header {header!r})")
            kind = str(df.value[column].dtype)
            if kind.startswith("float") and not (spec.get("type_config") or {}).get("format"):
                bad.append(f"{name}: {column} (float without a format)")
            sample = next((v for v in df.value[column].tolist() if v is not None and v == v), None)
            is_date = kind.startswith("datetime") or isinstance(sample, (date, datetime))
            if is_date and (spec.get("type_config") or {}).get("type") not in ("date", "datetime", None):
                bad.append(f"{name}: {column} (a date or time shown as a number or text: epoch milliseconds)")
            monthly = column in ("month", "cohort") or column.endswith("_month")
            if is_date and monthly and (spec.get("type_config") or {}).get("format") not in MONTH_FORMATS:
                bad.append(f"{name}: {column} (a month shown as a day: 2026年10月1日 instead of 2026年10月)")
            if kind in ("object", "string", "str") and column in ("step", "item", "metric"):
                from metrics.core.registry import REGISTRY

                ids = [v for v in df.value[column].tolist() if isinstance(v, str) and v in REGISTRY]
                if ids:
                    bad.append(f"{name}: {column} holds metric ids {ids[:3]} (names expected)")
            type_config = spec.get("type_config") or {}
            if kind in ("object", "string", "str") and type_config.get("type") != "selectbox":  # shown as stored
                ids = sorted({v for v in df.value[column].tolist() if isinstance(v, str) and v in RAW_VALUES})
                if ids:
                    bad.append(f"{name}: {column} shows ids {ids[:4]} (names expected)")
            width, need = (
                NAMED_WIDTHS.get(spec.get("width"), spec.get("width")),
                min(text_px(header) + SORT_ARROW_PX, MAX_HEADER_PX),
            )
            if kind in ("object", "string", "str"):
                values = [str(v) for v in df.value[column].tolist() if isinstance(v, str)]
                # a code column shows its options' labels (budget line expense:warehouse_3pl → "Expenses: 3PL / …")
                shown = {o.get("value"): o.get("label") for o in type_config.get("options") or [] if o.get("label")}
                values = [shown.get(v, v) for v in values]
                cap = MAX_PINNED_PX if spec.get("pinned") else MAX_TEXT_PX  # a wide table's pinned label stops there
                need = max([need] + [min(text_px(v), cap) for v in values[:200]])
            elif kind.startswith(("int", "float", "Int", "Float")) and (
                spec.get("help") or need <= MAX_NUMBER_HEADER_PX
            ):
                # a number column may cut its header at MAX_NUMBER_HEADER_PX when the header shows in full on hover
                need = max(min(need, MAX_NUMBER_HEADER_PX), value_px(pl.Series(df.value[column]), spec))
            if (not isinstance(width, int) or width < need) and page not in WIDTH_EXEMPT:
                bad.append(f"{name}: {column} (width {width!r} < {need} px its header or longest label needs)")
            number_format = type_config.get("format") or ""
            if (kind.startswith(("int", "float", "Int", "Float")) and number_format.startswith("%")
                    and "," not in number_format and not ID_LIKE.search(column)):  # fmt: skip
                big = df.value[column].dropna().abs()
                if len(big) and big.max() >= 1000:
                    bad.append(f"{name}: {column} (numbers ≥ 1,000 without thousands separators: {number_format})")
    return bad


def open_page(path: Path, monkeypatch, page: str, params: dict) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_on_any_page_shows_a_raw_column_id(golden_wh, monkeypatch, lang):
    bad, tables_seen = [], 0
    for page in PAGES:
        at = open_page(golden_wh, monkeypatch, page, {**MARCH, "lang": lang})
        tables_seen += len(at.dataframe)
        bad += [f"{page}: {b}" for b in unreadable(at, page)]
    assert tables_seen >= 15  # the walk reached the pages' tables (the golden company fills most of them)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_in_any_meeting_section_shows_a_raw_column_id(golden_wh, monkeypatch, lang):
    bad, tables_seen = [], 0
    for key, *_ in DEFAULT_SECTIONS:
        at = open_page(golden_wh, monkeypatch, "meeting", {"lang": lang, "meeting": "1", "section": key})
        tables_seen += len(at.dataframe)
        bad += [f"{key}: {b}" for b in unreadable(at, "meeting")]
    assert tables_seen >= 8
    assert not bad, "\n".join(bad)


def test_the_checker_catches_a_raw_header():
    """The invariant itself: a header equal to a snake_case id is caught, a label in either language is not."""
    assert RAW_ID.fullmatch("net_profit") and RAW_ID.fullmatch("due_date") and RAW_ID.fullmatch("x")
    assert not any(RAW_ID.fullmatch(h) for h in ("Net profit (¥)", "净利润 (¥)", "SKU", "ACoS", "Due date"))


def test_the_checker_catches_raw_values_and_ungrouped_numbers():
    """The invariant on cells: a channel / ad program / section id shown as stored is caught, as is a number column
    reaching 1,000 with a format lacking the thousands separator; ids and years are not."""

    class Df:  # the two fields `unreadable` reads of an AppTest dataframe
        def __init__(self, frame, config):
            import pandas as pd

            self.value = pd.DataFrame(frame)
            self.proto = type("P", (), {"columns": json.dumps(config), "column_order": [], "id": "x-t"})()

    class At:
        def __init__(self, *dfs):
            self.dataframe = list(dfs)

    raw = Df(
        {"Program": ["sp", "gmv_max"], "Units": [1234, 5]},
        {"Program": {"width": 200}, "Units": {"width": 100, "type_config": {"format": "%d"}}},
    )
    assert sorted(unreadable(At(raw))) == [
        "t: Program shows ids ['gmv_max', 'sp'] (names expected)",
        "t: Units (numbers ≥ 1,000 without thousands separators: %d)",
    ]
    # "Sponsored Products" by ui.grid.CHAR_PX: " " 3 + "rrt" 3 × 5 + "scs" 3 × 6.5 + "e" 7.2 + "ponodoud" 8 × 7.8
    # + "SP" 2 × 8.2 = 123.5 → 124 + 20 padding = 144 px; "净利润": 3 × 14.5 = 43.5 → 44 + 20 + 14 (sort arrow) = 78
    cut = Df({"Program": ["Sponsored Products"], "净利润": [1.0]}, {"Program": {"width": 130}, "净利润": {"width": 70}})
    assert sorted(unreadable(At(cut))) == [
        "t: Program (width 130 < 144 px its header or longest label needs)",
        "t: 净利润 (float without a format)",
        "t: 净利润 (width 70 < 78 px its header or longest label needs)",
    ]
    fine = Df(
        {"Program": ["Sponsored Products"], "item_id": [1024], "Units": [1234]},
        {
            "Program": {"width": 168},
            "item_id": {"label": "No.", "width": 80, "type_config": {"format": "%d"}},
            "Units": {"width": 90, "type_config": {"format": "%,d"}},
        },
    )
    assert unreadable(At(fine)) == []


def test_every_shared_column_has_both_languages_and_a_kind():
    for column, col in tables.COLUMNS.items():
        assert col.zh and col.en and not RAW_ID.fullmatch(col.en), column
        assert col.kind in tables.KINDS, column


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("period", "近30天", "last_30"),  # the label a selectbox hands back right after a switch to English
        ("period", "Last 30 days", "last_30"),
        ("period", "last_30", "last_30"),
        ("compare", "去年同期", "yoy"),
        ("calendar", "财务口径（按结算日）", "financial"),
        ("channel", "亚马逊", "amazon"),
        ("channel", "全部", ""),
        ("marketplace", "All", ""),
        ("marketplace", "amazon.de", "amazon.de"),
        ("period", "下个世纪", None),  # neither an id nor a label: the view keeps what it had
    ],
)
def test_filter_widgets_give_ids_never_labels(field, value, expected, monkeypatch, tmp_path):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    assert as_id(field, value) == expected


def test_nearby_what_if_markers_share_one_label():
    """'now' and 'new' at the same spend (a 0 % change) print once as 'now / new'; a marker 994 apart on a 0–3,000
    axis (33 % of it, beyond the 6 % joining distance) keeps its own label."""
    grid = pl.DataFrame({"spend": [0.0, 3000.0]})
    marks = pl.DataFrame({"spend": [1000.0, 1000.0, 6.0], "label": ["now", "new", "best"]})
    assert _joined_marks(marks, grid) == [{"spend": 6.0, "label": "best"}, {"spend": 1000.0, "label": "now / new"}]


def test_fit_widths_keeps_dates_as_dates_and_number_columns_narrow():
    """A date column given only a label shows as a date (a month column as 2026-10), never as epoch milliseconds; a
    number column is as wide as its longest formatted value and its header up to MAX_NUMBER_HEADER_PX, the full
    header on hover; a long label is cut at MAX_TEXT_PX (full on hover)."""
    from ui.grid import fit_widths

    frame = pl.DataFrame(
        {"month": [date(2026, 10, 1)], "day": [date(2026, 10, 5)], "amount": [11157575.7], "x": ["a" * 60]}
    )
    money = {"label": "Contribution before ads (¥)", "type_config": {"type": "number", "format": "%,.0f"}}
    out = fit_widths(frame, {"month": "Month", "day": "Day", "amount": money})
    # outside a page the language is Chinese: 2026年10月 and 2026年10月5日, as the page's sentences write them
    assert out["month"]["type_config"] == {**out["month"]["type_config"], "type": "date", "format": "YYYY年M月"}
    assert out["day"]["type_config"]["type"] == "date" and out["day"]["type_config"]["format"] == "YYYY年M月D日"
    # "-11,157,576" = "-" 5 + ",," 2 × 3.6 + eight digits × 7.2 = 69.8 → 70 + 20 = 90 px < 180: the header's cap
    # wins; the header ("Contribution before ads (¥)", 165 + 20 + 14 = 199 px) is cut and shown on hover
    assert out["amount"]["width"] == MAX_NUMBER_HEADER_PX == 180 and out["amount"]["help"] == money["label"]
    assert out["x"]["width"] == MAX_TEXT_PX == 320
    # "-123,456,789,013": "-" 5 + ",,," 3 × 3.6 + twelve digits × 7.2 = 102.2 → 103 + 20 (padding) = 123 px
    assert value_px(pl.Series([123456789012.5]), money) == 123


def test_sentences_name_events_and_lines_without_a_sku():
    """A seasonal band's reference window reads as the event's name and its dates in the locale (never the event
    kind id `bfcm`); a Shopify line without a SKU reads `（无SKU）…` in Chinese."""
    from ui import format as fmt

    window = "bfcm 2025-11-21…2025-12-01"  # metrics.planning.seasonal's window text
    assert fmt.window(window, "zh") == "黑五网一 2025年11月21日–2025年12月1日"
    assert fmt.window(window, "en") == "Black Friday / Cyber Monday Nov 21, 2025–Dec 1, 2025"
    assert (fmt.window("2025-W47", "zh"), fmt.window("2025-W47", "en")) == ("2025年第47周", "week 47 of 2025")
    assert fmt.sku("(no SKU) Jetski Rental", "zh") == "（无SKU）Jetski Rental"
    assert fmt.sku("(no SKU) Jetski Rental", "en") == "(no SKU) Jetski Rental"
    assert fmt.sku("CAM-4K-BLK", "zh") == fmt.plain("CAM-4K-BLK")  # escaped for Markdown as any file value


def test_no_polars_callback_reads_the_session_language():
    """Polars may run a map_elements function on its own worker thread, where Streamlit's session (the page's
    language) cannot be read and lang() falls back to Chinese (an English budget chart showed `Net sales · 亚马逊`).
    So no callback handed to polars calls lang() or t() itself: the language is read before (labeler(), a bound
    `lg`)."""
    import ast

    SESSION_READERS = {"t", "lang", "metric_name"}  # noqa: N806  (functions reading st.session_state)
    bad = []
    for path in sorted([*(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and getattr(call.func, "attr", "") in ("map_elements", "map_batches")):
                continue
            for arg in call.args[:1]:
                if isinstance(arg, ast.Name) and arg.id in SESSION_READERS:  # map_elements(t)
                    bad.append(f"{path.name}:{call.lineno}")
                    continue
                body = local.get(arg.id) if isinstance(arg, ast.Name) else arg
                calls = [n.func.id for n in ast.walk(body or ast.Pass()) if isinstance(n, ast.Call)
                         and isinstance(n.func, ast.Name)]  # fmt: skip
                if set(calls) & SESSION_READERS:
                    bad.append(f"{path.name}:{call.lineno}")
    assert not bad, bad


def test_money_columns_use_the_currency_decimals_and_months_show_as_months():
    """Money shows the currency's decimals (CLDR: JPY 0, CNY 2: ¥93,622 not ¥93,622.00); a monthly `period` column
    (every value a first of the month) shows as 2026-10, a weekly one as a day."""
    from ui.plan_editors import Col, table_columns

    frame = pl.DataFrame({"net_sales": [93622.0], "period": [date(2026, 10, 1)], "week": [date(2026, 10, 5)]})
    spec = {"net_sales": Col("净销售额", "Net sales", "money"), "period": Col("期间", "Period", "date")}
    assert table_columns(frame, spec, "JPY")["net_sales"]["type_config"]["format"] == "%,.0f"
    assert table_columns(frame, spec, "CNY")["net_sales"]["type_config"]["format"] == "%,.2f"
    assert table_columns(frame, spec, "JPY")["period"]["type_config"]["format"] == "YYYY年M月"
    weekly = frame.with_columns(pl.col("week").alias("period"))
    assert table_columns(weekly, spec, "JPY")["period"]["type_config"]["format"] == "YYYY年M月D日"


def _pinned(at: AppTest) -> list[tuple[set, set]]:
    """Returns (columns, pinned columns) of every grid on the page (the column config Streamlit sends as JSON)."""
    out = []
    for d in at.dataframe:
        config, shown = json.loads(d.proto.columns or "{}"), set(d.value.columns)
        out.append((shown, {c for c, spec in config.items() if isinstance(spec, dict) and spec.get("pinned")} & shown))
    return out


def test_a_wide_table_pins_the_rows_identity_beside_its_status():
    """Scrolled right at 1280 px, the SKU table showed its pinned "Loss" chip without the SKU; the campaign table
    pinned its channel and the budget table its line without the channel: each pins the row's identity."""
    from ui.grid import pin_label

    numbers = {f"m{k}": [1234567.0] for k in range(12)}  # 12 × ~110 px: wider than the page's 816 px
    wide = {f"m{k}": {"label": f"Metric {k}", "width": 110} for k in range(12)}
    skus = pl.DataFrame({"status": [["Loss"]], "sku": ["CAM-4K-BLK"], "name": ["4K camera"], **numbers})
    config = pin_label(skus, {"status": {"label": "Status", "width": 80, "pinned": True},
                              "sku": {"label": "SKU", "width": 110}, "name": {"label": "Name", "width": 120}, **wide})  # fmt: skip
    assert {c for c, s in config.items() if s.get("pinned")} == {"status", "sku"}
    ads = pl.DataFrame({"channel": ["Amazon"], "marketplace": ["amazon.com"], "campaign": ["SP - CAM"], **numbers})
    config = pin_label(ads, {c: {"label": c, "width": 110} for c in ("channel", "marketplace", "campaign")} | wide)
    assert {c for c, s in config.items() if s.get("pinned")} == {"campaign"}
    budget = pl.DataFrame({"budget_line": ["Ad spend"], "channel": ["Amazon"], "department": [None], **numbers})
    config = pin_label(budget, {c: {"label": c, "width": 110} for c in ("budget_line", "channel", "department")} | wide)
    assert {c for c, s in config.items() if s.get("pinned")} == {"budget_line", "channel", "department"}
    narrow = pin_label(ads.select("campaign", "m0"), {"campaign": {"width": 110}, "m0": {"width": 110}})
    assert not any(s.get("pinned") for s in narrow.values())  # a table that fits pins nothing


@pytest.mark.parametrize(("page", "identity"), [("profit", {"status", "sku"}), ("ads", {"campaign"})])
def test_the_demo_pages_pin_the_rows_identity(demo_warehouse_file, tmp_path, monkeypatch, page, identity):
    import shutil

    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    at = open_page(tmp_path / "wh.duckdb", monkeypatch, page, {"lang": "en"})
    lead = next(c for c in identity if c != "status")
    grids = [(cols, pinned) for cols, pinned in _pinned(at) if lead in cols and len(cols) > 8]
    assert grids, _pinned(at)
    for _, pinned in grids:
        assert pinned == identity, pinned
