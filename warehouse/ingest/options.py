"""A file's import options and names as recorded: the period and snapshot date (`normalise_options`,
`_resolve_dates`), the store name and the file name, shared by the one-by-one import (warehouse.ingest.importer),
batches (warehouse.ingest.batch) and undo (warehouse.ingest.undo)."""

from __future__ import annotations

import json
import re
from datetime import date

from warehouse.formats.base import FileContext, Format, first_date_in
from warehouse.ingest.detect import ImportRejected


def _parse_period(value) -> tuple[date, date] | None:
    if not value:
        return None
    if isinstance(value, (tuple, list)):
        return value[0], value[1]
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d):(\d{4}-\d\d-\d\d)", str(value).strip())
    if not m:
        raise ValueError(f"period must look like YYYY-MM-DD:YYYY-MM-DD, got {value!r}")
    return date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))


def normalise_options(options: dict | None) -> dict:
    """Returns options with `period` split into period_start/period_end and as_of as a date."""
    opts = dict(options or {})
    period = _parse_period(opts.pop("period", None))
    if period:
        opts["period_start"], opts["period_end"] = period
    if opts.get("as_of") and not isinstance(opts["as_of"], date):
        opts["as_of"] = date.fromisoformat(str(opts["as_of"]))
    return {k: v for k, v in opts.items() if v not in (None, "")}


def clean_store(name: str | None) -> str | None:
    """Returns a store name as stored (spaces trimmed and collapsed) or None when blank; ValueError when too long."""
    if name is None:
        return None
    text = " ".join(str(name).split())
    if len(text) > 60:
        raise ValueError(f"store name {text[:20]!r}… is longer than 60 characters; choose a shorter name")
    return text or None


def clean_file_name(name: str) -> str:
    """Returns the file name as recorded: control characters (a newline could forge a result line) become spaces."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", name).strip() or "unnamed file"


def _json_options(opts: dict) -> str:
    return json.dumps({k: (v.isoformat() if isinstance(v, date) else v) for k, v in opts.items()}, sort_keys=True)


def _resolve_dates(fmt: Format, ctx: FileContext) -> None:
    """Fills period/snapshot constants for reports that print no dates: content, then file name, then user."""
    opts = ctx.options
    if fmt.needs == "period" and "period_start" not in ctx.constants:
        if opts.get("period_start"):
            ctx.constants["period_start"], ctx.constants["period_end"] = opts["period_start"], opts["period_end"]
        else:
            found = first_date_in(ctx.file_name)
            if len(found) >= 2:
                ctx.constants["period_start"], ctx.constants["period_end"] = min(found[:2]), max(found[:2])
            elif len(found) == 1:
                ctx.constants["period_start"] = ctx.constants["period_end"] = found[0]
                ctx.warnings.append(f"period taken from the file name: {found[0]} (one day)")
            else:
                raise ImportRejected(
                    f"{ctx.file_name}: this {fmt.label_en} does not say which dates it covers; give them with "
                    "--period YYYY-MM-DD:YYYY-MM-DD (or the Period field on the Data page).",
                    "no_period", file=ctx.file_name, format=fmt.id,
                )  # fmt: skip
    if fmt.needs == "as_of" and "snapshot_date" not in ctx.constants:
        if opts.get("as_of"):
            ctx.constants["snapshot_date"] = opts["as_of"]
        else:
            found = first_date_in(ctx.file_name)
            if found:
                ctx.constants["snapshot_date"] = found[-1]
                ctx.warnings.append(f"snapshot date taken from the file name: {found[-1]}")
            else:
                raise ImportRejected(
                    f"{ctx.file_name}: this {fmt.label_en} does not say on which day it was taken; give it with "
                    "--as-of YYYY-MM-DD (or the Snapshot date field on the Data page).",
                    "no_as_of", file=ctx.file_name, format=fmt.id,
                )  # fmt: skip
