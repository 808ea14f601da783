"""CSV downloads carry what the screen shows, machine-readable: codes by their names in the page's language (亚马逊 /
Amazon, not `amazon`; 有利 / Favourable, not `favourable`), counts as whole numbers (12, not 12.0), days of cover as a
number with the unit in the header (113, not "113 天"), percentages as the percent number the screen shows with "%"
in the header (12.3, not 0.123). Checked by hand on one frame, then over every page's downloads (the pages calling
the download helper: `widgets.table` / `download_buttons`) in both languages on the demo company."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import polars as pl
import pytest
import streamlit as st

from ui.download import csv_bytes, headed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["zh", "en"])
def lang(request):
    st.session_state["view_state"] = {"lang": request.param, "base": "CNY"}
    yield request.param
    st.session_state.pop("view_state", None)


def test_a_download_holds_names_whole_counts_days_and_percent_numbers(lang):
    from ui.tables import columns, number_formats

    frame = pl.DataFrame({"channel": ["amazon", "tiktok"], "units": [12.0, 3.0], "days_of_cover": [113.4, None],
                          "acos": [0.1234, 0.0996], "net_sales": [1234.567, 80.0], "verdict": ["favourable", None]})  # fmt: skip
    config = number_formats(frame, columns(frame, "CNY"))
    text = csv_bytes(headed(frame, config)).decode("utf-8-sig").splitlines()
    head = {"zh": "渠道,销量,可售天数 (天),ACoS (%),净销售额 (¥),判断",
            "en": "Channel,Units,Days of cover (days),ACoS (%),Net sales (¥),Verdict"}[lang]  # fmt: skip
    amazon, tiktok, fav = ("亚马逊", "TikTok Shop", "有利") if lang == "zh" else ("Amazon", "TikTok Shop", "Favourable")
    # by hand: 12.0 units → 12; 113.4 days → 113 (the screen's whole days); 0.1234 → 12.3 (12.3 %); 0.0996 → 10.0
    # (10.0 %, written 10.0); 1234.567 → 1234.57 (two decimals)
    assert text == [head, f"{amazon},12,113,12.3,1234.57,{fav}", f"{tiktok},3,,10.0,80.0,"]


def _page_downloads(wh: Path, page: str, lang: str) -> dict[str, bytes]:
    """Runs one page on `wh` in `lang` and returns {file name: bytes} of its CSV downloads: the buttons' own data
    callables (registered with Streamlit's media file manager, run here as a click would)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    from ui.state import defaults

    seen: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        if file_name and file_name.endswith(".csv"):
            seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    os.environ["WAREHOUSE_PATH"] = str(wh)  # the conftest's autouse fixture puts it back after the test
    MediaFileManager.add_deferred = record
    try:
        at = AppTest.from_file(str(ROOT / page), default_timeout=600)
        at.session_state["view_state"] = defaults(lang, "CNY")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        st.session_state["view_state"] = defaults(lang, "CNY")  # the callables read the page's language now
        return {name: fn() for name, fn in seen.items()}
    finally:
        MediaFileManager.add_deferred = original
        st.session_state.pop("view_state", None)


def _download_pages() -> list[str]:
    """Returns the pages that offer a table download (they call the download helper directly or through table())."""
    hit = re.compile(r"\b(table|download_buttons)\(")
    return sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")
                  if hit.search(p.read_text(encoding="utf-8")) and p.name not in ("meeting.py", "meeting_parts.py"))  # fmt: skip


RAW_CODES = {"amazon", "tiktok", "shopify", "favourable", "unfavourable", "net_sales", "ad_spend", "cogs",
             "marketplace_fees", "on_track", "at_risk", "off_track", "closed", "running", "not_started"}  # fmt: skip


def _count_headers() -> set[str]:
    """Returns the headers of count columns in both languages (shared columns of kind int, registry counts)."""
    from metrics.core.registry import REGISTRY
    from ui.tables import COLUMNS

    heads = {h for c in COLUMNS.values() if c.kind == "int" for h in (c.zh, c.en)}
    return heads | {h for m in REGISTRY.values() if m.unit == "count" for h in (m.zh, m.en)}


COUNTS = _count_headers()


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory) -> Path:
    import shutil

    path = tmp_path_factory.mktemp("downloads") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_download_reads_like_its_screen(demo, lang):
    pages = _download_pages()
    assert {"pages/overview.py", "pages/inventory.py", "pages/budget.py", "pages/ads.py"} <= set(pages), pages
    files = {}
    for page in pages:
        files.update({f"{page}:{k}": v for k, v in _page_downloads(demo, page, lang).items()})
    assert len(files) >= 8, sorted(files)
    bad = []
    for name, raw in files.items():
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        head, body = rows[0], rows[1:]
        for i, col in enumerate(head):
            cells = [r[i] for r in body if i < len(r) and r[i] != ""]
            codes = RAW_CODES - ({"shopify"} if col in ("站点", "Marketplace") else set())  # a marketplace's id
            if col in ("编号", "Id") and name.startswith("pages/glossary.py"):
                codes = set()  # the glossary's id column lists the metric ids: its content, shown as such
            if any(c in codes for c in cells):
                bad.append(f"{name} {col}: a raw code {sorted(set(cells) & RAW_CODES)}")
            if any(re.fullmatch(r"-?[\d,.]+ ?(天|days?)", c) for c in cells):
                bad.append(f"{name} {col}: days as text {cells[:2]}")
            if any(re.fullmatch(r"-?[\d,.]+ ?%", c) for c in cells):
                bad.append(f"{name} {col}: a percent as text {cells[:2]}")
            if cells and col in COUNTS and any(re.fullmatch(r"-?\d+\.0", c) for c in cells):
                bad.append(f"{name} {col}: whole numbers written as floats {cells[:2]}")
            if cells and col.endswith("(%)") and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in cells):
                if all(abs(float(c)) <= 1 for c in cells) and len(cells) > 3:
                    bad.append(f"{name} {col}: fractions under a % header {cells[:3]}")
    assert not bad, "\n".join(bad)
