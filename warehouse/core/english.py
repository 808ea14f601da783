"""English count agreement for the sentences the program writes (import lines, undo messages, the report's notes,
the catalog's plural marks through metrics.core.locale_format.plural): "1 row added", "2 rows added"."""

from __future__ import annotations


def is_one(value) -> bool:
    """Returns True when a count reads as exactly one: 1, 1.0, "1", "1.0" (a count the caller formatted)."""
    try:
        return float(str(value).replace(",", "").strip()) == 1
    except ValueError:
        return False


def noun(n, one: str, other: str) -> str:
    """Returns `one` when the count `n` is one, else `other`: f"{n} {noun(n, 'row', 'rows')} added"."""
    return one if is_one(n) else other
