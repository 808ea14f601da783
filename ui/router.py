"""Keeps every run going through app.py's st.navigation even though the page files live in `pages/`.

Streamlit treats a `pages/` folder beside the entry script as the old multipage layout and, for a deep link or a
rerun, may run the page file alone (no page config, no sidebar filters). A page that finds itself run that way
switches the old mode off and reruns, so app.py routes it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    """Reruns through app.py when a page file was run on its own by the old pages-folder mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        # the rerun through st.navigation may start from a clean address: carry this run's parameters over
        st.session_state["_router_params"] = st.query_params.to_dict()
        st.rerun()


def restore_params() -> None:
    """Puts back the address parameters a router rerun carried over (called by app.py after st.navigation)."""
    params = st.session_state.pop("_router_params", None)
    for name, value in (params or {}).items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
