"""The app's navigation in one list: add a page with one line (section, file, title key or (zh, en), icon)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui.i18n import lang, t

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class NavEntry:
    section: str  # catalog key of the section header
    path: str  # file page, relative to the project root
    title: str | tuple[str, str]  # catalog key, or a (中文, English) pair for pages that bring their own text
    icon: str = ":material/article:"
    default: bool = False


SECTIONS = ("sec_dashboard", "sec_accounts", "sec_plan", "sec_meeting", "sec_data")

PAGES: list[NavEntry] = [
    NavEntry("sec_dashboard", "pages/overview.py", "page_overview", ":material/dashboard:", default=True),
    NavEntry("sec_dashboard", "pages/profit.py", "page_profit", ":material/payments:"),
    NavEntry("sec_dashboard", "pages/ads.py", "page_ads", ":material/campaign:"),
    NavEntry("sec_dashboard", "pages/inventory.py", "page_inventory", ":material/inventory_2:"),
    NavEntry(
        "sec_dashboard", "pages/returns.py", ("退货与物流", "Returns & logistics"), ":material/assignment_return:"
    ),
    NavEntry("sec_dashboard", "pages/customers.py", ("客户", "Customers"), ":material/person_search:"),
    # management accounts: the company's P&L, what moved profit, cash
    NavEntry("sec_accounts", "pages/pnl.py", "page_pnl", ":material/account_balance:"),
    NavEntry("sec_accounts", "pages/bridge.py", "page_bridge", ":material/waterfall_chart:"),
    NavEntry("sec_accounts", "pages/cash.py", "page_cash", ":material/savings:"),
    NavEntry("sec_accounts", "pages/budget.py", "page_budget", ":material/account_balance_wallet:"),
    # what-if pages (pages/whatif_*.py) go in "sec_plan", meeting pages (pages/meeting*.py) in "sec_meeting"
    NavEntry("sec_meeting", "pages/meeting.py", ("经营分析会", "Business review"), ":material/groups:"),
    NavEntry("sec_meeting", "pages/okr.py", ("OKR", "OKRs"), ":material/flag:"),
    NavEntry("sec_plan", "pages/whatif_ads.py", ("广告预算模拟", "Ad-budget what-if"), ":material/tune:"),
    NavEntry("sec_plan", "pages/whatif_fx.py", ("汇率敏感性", "FX sensitivity"), ":material/currency_exchange:"),
    NavEntry("sec_plan", "pages/seasonal.py", ("季节阈值", "Seasonal thresholds"), ":material/calendar_month:"),
    NavEntry("sec_plan", "pages/reorder.py", ("补货计划", "Reorder planning"), ":material/local_shipping:"),
    NavEntry("sec_data", "pages/data.py", "page_data", ":material/upload_file:"),
    NavEntry("sec_data", "pages/glossary.py", "page_glossary", ":material/menu_book:"),
    NavEntry("sec_data", "pages/settings.py", "page_settings", ":material/settings:"),
]


def title_of(entry: NavEntry) -> str:
    """Returns the page title in the current language."""
    if isinstance(entry.title, tuple):
        return entry.title[0] if lang() == "zh" else entry.title[1]
    return t(entry.title)


HOME_PATH = "home"  # the default page's own address; it is served at the root, its file name answers too (below)


def build() -> dict[str, list]:
    """Returns {section title: [st.Page, ...]} for st.navigation; entries whose file is missing are skipped.

    Every page answers at its file name (/profit, /whatif_ads …). Streamlit serves the default page at the root
    only, so its file name (/overview) gets a hidden page that switches to it, keeping the address parameters."""
    sections: dict[str, list] = {}
    order = {s: i for i, s in enumerate(SECTIONS)}
    for entry in sorted(PAGES, key=lambda e: order.get(e.section, len(order))):
        if not (ROOT / entry.path).exists():
            continue
        url = HOME_PATH if entry.default else None
        page = st.Page(entry.path, title=title_of(entry), icon=entry.icon, default=entry.default, url_path=url)
        sections.setdefault(t(entry.section), []).append(page)
        if entry.default:
            alias = st.Page(_switch_to(page), title=title_of(entry), url_path=Path(entry.path).stem,
                            visibility="hidden")  # fmt: skip
            sections[t(entry.section)].append(alias)
    return sections


def _switch_to(page):
    """Returns a page function that opens `page` with the address parameters of this visit."""

    def open_page() -> None:
        st.switch_page(page, query_params=st.query_params.to_dict())

    open_page.__name__ = f"open_{page.url_path or HOME_PATH}"
    return open_page


def page_path(key: str) -> str:
    """Returns the file of the page whose title key is `key` (for st.page_link / st.switch_page)."""
    return next(e.path for e in PAGES if e.title == key)
