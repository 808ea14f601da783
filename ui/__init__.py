"""Streamlit-aware helpers: cached queries, view state, charts, formatting, i18n. Pages import only from here."""
