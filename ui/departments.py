"""Department names: the product's own defaults (the names the expense and budget templates suggest and the demo
company uses: 运营 / Operations, 供应链 / Supply chain …) follow the page's language; a name the seller typed that is
no default stays as typed. A default is recognised in either language, whatever its letter case."""

from __future__ import annotations

from ui.catalog import CATALOG

KEYS = ("dept_operations", "dept_sales", "dept_marketing", "dept_finance", "dept_supply_chain", "dept_purchasing",
        "dept_logistics", "dept_admin", "dept_hr", "dept_rd", "dept_design", "dept_tech", "dept_customer_service")  # fmt: skip
# every written form of a default (中文, English, english) -> (中文, English)
CHOICES: dict[str, tuple[str, str]] = {
    form: CATALOG[k] for k in KEYS for form in (CATALOG[k][0], CATALOG[k][1], CATALOG[k][1].lower())
}


def department_name(value: str | None, lang: str) -> str | None:
    """Returns a default department's name in `lang` (zh or en); any other name as typed; None stays None."""
    if value is None:
        return None
    pair = CHOICES.get(value.strip()) or CHOICES.get(value.strip().lower())
    return value if pair is None else pair[0 if lang == "zh" else 1]
