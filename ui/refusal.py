"""A refused upload's sentence in the page's language, from the refusal's code and values (`ImportRejected.reason`,
`.params`, carried on `ImportResult`); a refusal without a known code keeps the importer's English sentence."""

from __future__ import annotations

import re

from ui.i18n import tr

# codes of refusals raised inside individual formats -> catalog key (values: file, label, marketplace, known)
FORMAT_REFUSALS = {"not_amazon_marketplace": "rej_not_amazon_marketplace", "no_marketplace": "rej_no_marketplace",
                   "unknown_marketplace": "rej_unknown_marketplace", "no_currency": "rej_no_currency",
                   "no_period_by_day": "rej_no_period_by_day"}  # fmt: skip


def _label(format_id: str, lg: str) -> str:
    """Returns a report format's name in `lg` (the id itself for an unknown id)."""
    from warehouse.formats import by_id

    try:
        f = by_id(format_id)
    except (KeyError, ValueError):
        return format_id
    return f.label_zh if lg == "zh" else f.label_en


def _expected(kind: str, lg: str) -> str:
    """Returns what a cell should hold, e.g. "a number" / "数字"."""
    if kind == "integer":
        return tr("rej_expect_integer", lg)
    if kind == "percent":
        return tr("rej_expect_percent", lg)
    if kind == "date":
        return tr("rej_expect_date", lg)
    if kind == "datetime":
        return tr("rej_expect_datetime", lg)
    if kind == "bool":
        return tr("rej_expect_bool", lg)
    if kind == "month":
        return tr("rej_expect_month", lg)
    return tr("rej_expect_number", lg)


def refusal_text(reason: str, params: dict, message: str, lg: str) -> str:
    """Returns the refusal sentence (without the "REJECTED" lead) of an import in language `lg`.

    `reason`/`params` as on `warehouse.ingest.detect.ImportRejected`; `message` (the CLI's English sentence) is
    the answer for any other reason."""
    p = dict(params or {})
    file = p.get("file", "")
    if reason == "empty":
        return tr("rej_empty", lg, file=file)
    if reason == "unknown_format":
        near = tr("rej_closest", lg, label=_label(p["closest"], lg)) if p.get("closest") else ""
        return tr("rej_unknown_format", lg, file=file, near=near, hint=tr("rej_portal_hint", lg))
    if reason == "missing_columns":
        return tr("rej_missing_columns", lg, file=file, label=_label(p.get("format", ""), lg), columns=p["columns"])
    if reason == "no_rows":
        return tr("rej_no_rows", lg, file=file, label=_label(p.get("format", ""), lg))
    if reason == "bad_cell":
        row = p.get("row", "")
        where = tr("rej_where_sheet", lg, sheet=p["sheet"], row=row) if p.get("sheet") else tr("rej_where", lg, row=row)
        what = _expected(p.get("expected", ""), lg)
        if p.get("value"):
            problem = tr("rej_cell_value", lg, value=p["value"], expected=what)
        else:
            problem = tr("rej_cell_empty", lg, expected=what)
        return tr("rej_bad_cell", lg, file=file, where=where, column=p.get("column", ""), problem=problem)
    plain = {"binary": "rej_binary", "encoding": "rej_encoding", "excel_unreadable": "rej_excel_unreadable",
             "pick_store": "rej_pick_store", "not_a_table": "rej_not_a_table"}  # fmt: skip
    if reason in plain:
        # the first store is "default" in the warehouse: named as the sidebar and the store picker name it
        stores = ", ".join(
            tr("store_default", lg) if s == "default" else s for s in str(p.get("stores", "")).split(", ")
        )
        # shown only on the Data page (the CLI keeps the importer's sentence naming --store): the store box above
        box = tr("upload_store", lg)
        return tr(plain[reason], lg, file=file, detail=p.get("detail", ""), n=p.get("n", ""), stores=stores, box=box)
    if reason in ("mixed_encoding", "field_count", "broken_line", "unreadable_table", "cut_off"):
        keys = {"mixed_encoding": "rej_mixed_encoding", "field_count": "rej_field_count", "broken_line": "rej_broken_line",
                "unreadable_table": "rej_unreadable_table", "cut_off": "rej_cut_off"}  # fmt: skip
        return tr(keys[reason], lg, **{k: p.get(k, "") for k in ("byte", "encoding", "line", "got", "want", "detail")},
                  file=file)  # fmt: skip
    if reason in ("no_period", "no_as_of"):
        key = "rej_no_period" if reason == "no_period" else "rej_no_as_of"
        return tr(key, lg, file=file, label=_label(p.get("format", ""), lg))
    if reason == "shopify_order_clash":  # another shop's order numbers: the Data page's store box names the fix
        store = tr("store_default", lg) if p.get("store") == "default" else p.get("store", "")
        clash = {"currency": "clash_currency", "date": "clash_date", "both": "clash_both"}
        differs = tr(clash.get(p.get("differs", ""), "clash_mixed"), lg)  # older refusals lack it: either may differ
        return tr("rej_shopify_order_clash", lg, file=file, n=int(p.get("n") or 0), example=p.get("example", ""),
                  store=store, new=tr("store_new", lg), box=tr("upload_store", lg), differs=differs)  # fmt: skip
    if reason in FORMAT_REFUSALS:  # raised inside a format (warehouse/formats/*): its own sentence
        return tr(FORMAT_REFUSALS[reason], lg, file=file, label=_label(p.get("format", ""), lg),
                  marketplace=p.get("marketplace", ""), known=p.get("known", ""))  # fmt: skip
    if reason == "recognised_only" and p.get("report") == "tiktok_affiliate":
        return tr("rej_tiktok_affiliate", lg, file=file)
    if reason == "known_report":
        return _known(p, message, lg)
    return message


def _known(p: dict, message: str, lg: str) -> str:
    """Returns the refusal of a recognised-but-unused report (`warehouse.ingest.known_reports`) in `lg`: its name,
    why it is not used and what to upload instead (keys known_why_<slug> / known_do_<slug>)."""
    from warehouse.ingest.known_reports import KNOWN_REPORTS

    report = next((k for k in KNOWN_REPORTS if k.name_en == p.get("report")), None)
    if report is None:
        return message
    s = known_slug(report.name_en)
    name = report.name_zh if lg == "zh" else report.name_en  # each language names the report as its portal does
    if lg == "zh" and name[:1].isascii():
        name = " " + name  # "这是 FBA 移除货件详情报告": a space between Chinese and a Latin word
    why, instead = tr("known_why_" + s, lg), tr("known_do_" + s, lg)
    return tr("rej_known_report", lg, file=p.get("file", ""), name=name, why=why, instead=instead)


def known_slug(name_en: str) -> str:
    """Returns the catalog slug of a known report's English name ("FBA reimbursements report" -> fba_reimbursements_report)."""
    return re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")
