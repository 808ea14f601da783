"""The format registry: every module in this package that defines `FORMATS` (a list of Format objects).

Adding a format = adding one module here (see README, "Adding an export format"); nothing else to register.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from warehouse.formats.base import Format


@cache
def all_formats() -> tuple[Format, ...]:
    """Returns every registered format, in module order."""
    found: list[Format] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(getattr(module, "FORMATS", ()))
    ids = [f.id for f in found]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate format ids: {dupes}"
    return tuple(found)


def by_id(format_id: str) -> Format:
    for f in all_formats():
        if f.id == format_id:
            return f
    raise KeyError(format_id)
