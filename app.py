"""Seller Cockpit (跨境经营驾驶舱): the router. Settings, page config, global filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import filters, nav, router, state
from ui.data import settings
from ui.grid import set_font_scale
from ui.i18n import t

config = settings()
# a local image: an emoji or :material/…: icon would make the browser fetch the favicon from the internet
ICON = str(Path(__file__).resolve().parent / "ui" / "static" / "icon.png")
st.set_page_config(page_title="Seller Cockpit", page_icon=ICON, layout="wide")
state.init(config.language, "")
filters.absorb_widgets()  # a language switched in the last run must already title the navigation
sections = nav.build()
router.leave_unknown_address([p for pages in sections.values() for p in pages])  # /home, /proft: the Overview
page = st.navigation(sections, expanded=True)  # every page listed: no untranslated "View 3 more"
router.restore_params()
# KPI tiles sit six to a row: keep values like "¥195.9K" or "122 days" on one line instead of cutting them off
st.markdown(
    "<style>[data-testid='stMetricValue'] {font-size: 1.7rem;}"
    "[data-testid='stMetricValue'] > div {overflow: visible; text-overflow: clip;}"
    # a tile name that still does not fit wraps onto a second line instead of ending in "…"
    "[data-testid='stMetricLabel'] p {white-space: normal; overflow: visible; text-overflow: clip;}</style>",
    unsafe_allow_html=True,
)
with st.sidebar:
    st.markdown(f"**{t('app_title')}**")
filters.render_sidebar()
state.sync_query_params(page.url_path)
set_font_scale(1.0)  # the grids' normal size; the meeting page's presenter mode sets its own
page.run()
