"""The zh/en text of every label the app shows, read from one data file per language: ui/locales/zh.toml, en.toml.

Each file maps a key to its text (`key = "text"`, grouped by page with comments; `{name}` fields are filled in by
the program). Both files hold exactly the same keys with the same `{fields}` (tests/test_catalog.py checks, and that
every key is used). Metric names and definitions live in metrics.core.registry, not here.

`CATALOG`: dict key -> (中文, English), built once on import. Raises ValueError naming the key when a key is in one
file only, so a half-translated catalog never reaches a page.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

LOCALES = Path(__file__).with_name("locales")
LANGS = ("zh", "en")


def load(folder: Path = LOCALES) -> dict[str, tuple[str, str]]:
    """Returns key -> (zh, en) from `folder`/zh.toml and en.toml; ValueError when the key sets differ."""
    texts = {lg: tomllib.loads((folder / f"{lg}.toml").read_text(encoding="utf-8")) for lg in LANGS}
    zh, en = texts["zh"], texts["en"]
    odd = sorted(set(zh) ^ set(en))
    if odd:
        raise ValueError(f"ui/locales: keys in only one language file: {', '.join(odd[:10])}; add them to both files")
    return {k: (zh[k], en[k]) for k in zh}


CATALOG: dict[str, tuple[str, str]] = load()
