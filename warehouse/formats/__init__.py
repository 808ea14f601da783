"""The format registry: every module in this package or its subfolders (one per portal) that defines `FORMATS` (a
list of Format objects).

Adding a format = adding one module here (see README, "Adding an export format"); nothing else to register. Order:
by module path with its dots read as underscores (`amazon.ads` sorts as `amazon_ads`), so moving a module into a
portal folder keeps its place; detection prefers the earlier format only on an exact tie.
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
    infos = [i for i in pkgutil.walk_packages(__path__, prefix=f"{__name__}.") if not i.ispkg]
    for info in sorted(infos, key=lambda m: m.name.removeprefix(f"{__name__}.").replace(".", "_")):
        if info.name == f"{__name__}.base":
            continue
        module = importlib.import_module(info.name)
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
