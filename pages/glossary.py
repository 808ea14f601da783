"""数据字典 Glossary: every metric of the registry in both languages, and the conventions in force."""

from __future__ import annotations

import streamlit as st

from ui.glossary import column_config, conventions, dictionary
from ui.i18n import t
from ui.state import view
from ui.widgets import header, table

header("page_glossary")
st.caption(t("glossary_intro"))

st.subheader(t("conventions"))
vs = view()
with st.container(border=True):
    for label, text in conventions(vs.get("calendar", "operational"), vs.get("base", "")):
        st.markdown(f"**{label}** · {text}")

search = st.text_input(t("search"), key="gl_search", placeholder="ACoS, 利润, margin …")
table(dictionary(search), "glossary", "gl_table", column_config=column_config())
