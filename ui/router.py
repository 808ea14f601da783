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


def leave_unknown_address(pages: list) -> bool:
    """Opens the default page (the Overview) with a toast in the session's language when the address names no page
    of `pages` (the st.Page objects given to st.navigation): /home, a mistyped /proft or an old bookmark otherwise
    showed Streamlit's English "Page not found" box over the Overview, whatever the language. Call before
    st.navigation. Returns True when the address was unknown."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from ui.format import plain
    from ui.i18n import t

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    name = getattr(manager, "intended_page_name", None)
    # a page chosen by its hash (the sidebar, st.switch_page, a rerun) is known; only a typed address can be unknown
    if manager is None or not name or manager.intended_page_script_hash:
        return False
    if name in {p.url_path for p in pages}:
        return False
    manager.set_script_intent("", "")  # st.navigation then opens the default page, without "Page not found"
    st.toast(t("unknown_address", address=plain(name)), icon=":material/explore_off:")
    return True
