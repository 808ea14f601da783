"""A refused upload's sentence in the page's language, from the refusal's code and values (`ImportRejected.reason`,
`.params`, carried on `ImportResult`); a refusal without a known code keeps the importer's English sentence."""

from __future__ import annotations

from ui.i18n import tr


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
    return message
