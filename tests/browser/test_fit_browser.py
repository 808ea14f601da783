"""What only a browser sees, at the two widths the tester walks (1600 and 1280 px) in both languages, on the demo
company: the meeting's tables in presenter mode end inside the page (the key figures' last column, 去年同期, was
cut), its toggles show their whole labels, and the Returns & logistics tables need no sideways scrolling."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.browser import server
from tests.browser.conftest import ARGS, CHROMIUM, SHOTS
from tests.browser.test_pages_browser import settle

WIDTHS = (1600, 1280)
PRESENTER = {"zh": "投影模式", "en": "Presenter mode"}
TITLE = {"zh": "经营分析会", "en": "Business review"}

# every grid's right edge against the page's main block, and its own sideways scroll (the glide grid's scroller)
GRIDS = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
  return [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(e => {
    const box = e.getBoundingClientRect(), s = e.querySelector('.dvn-scroller');
    return {right: box.right, mainRight: main.right, viewport: window.innerWidth,
            scroll: s ? s.scrollWidth - s.clientWidth : 0};
  });
}"""
# how far each grid's rows reach below its frame (the glide grid's scroller)
TALL = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
  .map(s => ({scroll: s.scrollHeight - s.clientHeight}))"""
# a label Streamlit cuts with an ellipsis (its stMarkdownContainer) is wider inside than its box
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stCheckbox"] *')]
  .filter(e => e.innerText.trim() && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


@pytest.fixture(scope="module")
def demo_app(demo_warehouse_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fit_wh")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")  # the app writes the meeting: a copy
    SHOTS.mkdir(parents=True, exist_ok=True)
    proc, url = server.start(folder / "wh.duckdb", SHOTS.parent / "streamlit_fit.log")
    yield url
    server.stop(proc)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _page(chromium, width: int):
    context = chromium.new_context(viewport={"width": width, "height": 1800})
    pg = context.new_page()
    pg.set_default_timeout(240_000)
    expect.set_options(timeout=240_000)
    return context, pg


@pytest.fixture(scope="module")
def meeting(demo_app, chromium) -> str:
    """Creates and starts one review (freezing the demo's data); returns the app's address."""
    context, pg = _page(chromium, 1600)
    try:
        pg.goto(f"{demo_app}/meeting?lang=en", wait_until="domcontentloaded")
        expect(pg.get_by_role("heading", name="Business review").first).to_be_visible()
        settle(pg)
        pg.get_by_role("button", name="Create").click()
        settle(pg)
        pg.get_by_role("button", name="Start the meeting (freeze the data)").click()
        settle(pg)
    finally:
        context.close()
    return demo_app


def _assert_fits(pg, where: str) -> None:
    grids = pg.evaluate(GRIDS)
    assert grids, f"{where}: no table on the page"
    for i, g in enumerate(grids):
        assert g["right"] <= min(g["mainRight"], g["viewport"]) + 1, f"{where}: table {i} runs past the edge: {g}"
        assert g["scroll"] <= 1, f"{where}: table {i} scrolls sideways by {g['scroll']} px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_meeting_tables_fit_in_presenter_mode_and_toggles_are_whole(meeting, chromium, lang, width):
    context, pg = _page(chromium, width)
    try:
        pg.goto(f"{meeting}/meeting?lang={lang}&meeting=1&section=sales", wait_until="domcontentloaded")
        expect(pg.get_by_text(TITLE[lang]).first).to_be_visible()
        settle(pg)
        cut = pg.evaluate(CUT_LABELS)
        assert cut == [], f"{lang} {width}: a toggle's label is cut: {cut}"
        pg.get_by_text(PRESENTER[lang], exact=True).first.click()
        settle(pg)
        pg.wait_for_timeout(1000)  # the grids redraw at their new size
        pg.screenshot(path=str(SHOTS / f"fit_meeting_presenter_{lang}_{width}.png"))
        cut = pg.evaluate(CUT_LABELS)
        assert cut == [], f"{lang} {width} presenter: a toggle's label is cut: {cut}"
        # the key figures (the first grid) end inside the page: 去年同期 / Same period last year is whole
        first = pg.evaluate(GRIDS)[0]
        assert first["right"] <= min(first["mainRight"], first["viewport"]) + 1, first
        _assert_fits(pg, f"meeting {lang} {width} presenter")
        # every row shown: no grid of the section scrolls down inside its frame (the projector font's taller rows
        # hid the last ones in a frame sized for the normal font)
        tall = pg.evaluate(TALL)
        assert [g for g in tall if g["scroll"] > 1] == [], f"{lang} {width} presenter: rows hidden: {tall}"
    finally:
        context.close()


# the demo's stock rows (SKU × warehouse on the stock day: 121 before own warehouses' counts were carried to it)
TOP_ROWS = {"zh": re.compile(r"显示前 20 行，共 1\d\d 行"), "en": re.compile(r"The first 20 of 1\d\d rows")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presenter_supply_chain_shows_every_row(meeting, chromium, lang):
    """The Stock table (over 100 SKU × warehouse rows) stopped at 20 rows and scrolled inside its frame: in presenter mode
    no grid of the section hides a row; the Stock table shows its 20 most urgent rows and says so, the rest in an
    expander."""
    context, pg = _page(chromium, 1600)
    try:
        pg.goto(f"{meeting}/meeting?lang={lang}&meeting=1&section=supply_chain", wait_until="domcontentloaded")
        expect(pg.get_by_text(TITLE[lang]).first).to_be_visible()
        settle(pg)
        pg.get_by_text(PRESENTER[lang], exact=True).first.click()
        settle(pg)
        pg.wait_for_timeout(1000)  # the grids redraw at their new size
        pg.screenshot(path=str(SHOTS / f"fit_meeting_supply_{lang}.png"))
        expect(pg.get_by_text(TOP_ROWS[lang]).first).to_be_visible()
        tall = pg.evaluate(TALL)
        assert [g for g in tall if g["scroll"] > 1] == [], f"{lang} presenter supply chain: rows hidden: {tall}"
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_returns_tables_need_no_sideways_scrolling(demo_app, chromium, lang, width):
    context, pg = _page(chromium, width)
    try:
        pg.goto(f"{demo_app}/returns?lang={lang}", wait_until="domcontentloaded")
        expect(
            pg.get_by_role("heading", name="退货与物流" if lang == "zh" else "Returns & logistics").first
        ).to_be_visible()
        settle(pg)
        pg.screenshot(path=str(SHOTS / f"fit_returns_{lang}_{width}.png"), full_page=True)
        _assert_fits(pg, f"returns {lang} {width}")
    finally:
        context.close()


# the pages of the walk's cut tables (Overview breakdowns, P&L, what-if SKU table, import history, returns' 公司级)
FIT_PAGES = {"overview": ("经营总览", "Overview"), "pnl": ("经营利润表", "Management P&L"), "data": ("数据", "Data"),
             "returns": ("退货与物流", "Returns & logistics")}  # fmt: skip
# a grid that runs past the page must keep a pinned column (its row label) so its last columns scroll beside it
PINNED = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(e => {
  const s = e.querySelector('.dvn-scroller');
  return {scroll: s ? s.scrollWidth - s.clientWidth : 0, right: e.getBoundingClientRect().right,
          mainRight: document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().right};
})"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", sorted(FIT_PAGES))
def test_walk_tables_end_inside_the_page(demo_app, chromium, path, lang, width):
    """The walk's cut tables end inside the page at 1280 and 1600 px: the Overview's breakdowns need no sideways
    scrolling at all; on the other pages a grid never runs past the page's edge (a wide one scrolls inside it)."""
    context, pg = _page(chromium, width)
    try:
        pg.goto(f"{demo_app}/{path}?lang={lang}", wait_until="domcontentloaded")
        settle(pg)
        pg.wait_for_timeout(1000)
        pg.screenshot(path=str(SHOTS / f"fit_walk_{path}_{lang}_{width}.png"), full_page=True)
        grids = pg.evaluate(PINNED)
        assert grids, f"{path}: no table"
        for i, g in enumerate(grids):
            assert g["right"] <= g["mainRight"] + 1, f"{path} {lang} {width}: table {i} runs past the page: {g}"
        if path == "overview":
            assert all(g["scroll"] <= 1 for g in grids), f"overview {lang} {width}: a breakdown scrolls: {grids}"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_answers_at_its_own_address(demo_app, chromium, lang):
    """/overview said "page not found"; it opens the Overview (and every page's own address works)."""
    context, pg = _page(chromium, 1280)
    try:
        pg.goto(f"{demo_app}/overview?lang={lang}", wait_until="domcontentloaded")
        settle(pg)
        expect(pg.get_by_role("heading", name=FIT_PAGES["overview"][lang == "en"]).first).to_be_visible()
        assert pg.get_by_text("Page not found").count() == 0
    finally:
        context.close()
