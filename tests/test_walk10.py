"""Guards of the fresh-eyes walk of the app (a seller and a facilitator, 中文 and English, 1280 and 1600 px wide),
one per kind of finding, each failing on the code before its fix:

- every page answers at its file name (/overview too, though Streamlit serves the default page at the root);
"""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import nav

ROOT = Path(__file__).resolve().parent.parent


def _app(wh: Path, lang: str = "en", page_hash: str | None = None) -> AppTest:
    """Runs app.py (the router) on the warehouse `wh` in `lang`."""
    old = os.environ.get("WAREHOUSE_PATH")
    os.environ["WAREHOUSE_PATH"] = str(wh)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params["lang"] = lang
        at.run()
        if page_hash is not None:
            at._page_hash = page_hash  # what a visit to /<url path> resolves to (AppTest.switch_page takes files only)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    finally:
        if old is None:
            os.environ.pop("WAREHOUSE_PATH", None)
        else:
            os.environ["WAREHOUSE_PATH"] = old


def test_every_page_answers_at_its_file_name(empty_warehouse_file, tmp_path):
    """/overview said "page not found": the default page's address is the root, so no page answered 'overview'."""
    import shutil

    from streamlit.util import calc_hash  # Streamlit keys a page by the hash of its url path

    shutil.copyfile(empty_warehouse_file, tmp_path / "wh.duckdb")
    at = _app(tmp_path / "wh.duckdb")
    served = {info.get("url_pathname") for info in at._registered_pages.values()}
    for entry in nav.PAGES:
        assert Path(entry.path).stem in served, entry.path
    # visiting /overview opens the Overview (its title), not the not-found fallback
    at = _app(tmp_path / "wh.duckdb", page_hash=calc_hash("overview"))
    assert any("Overview" in t.value for t in at.title) or any("Overview" in m.value for m in at.markdown)
