"""Settings read from the environment (and `.env`); one pydantic model used by the app, the CLI and tests."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parent.parent.parent
SQL_DIR = ROOT / "sql"  # staging views, marts, invariants (read by warehouse.core.db, .migrations, .refresh)
DEFAULT_WAREHOUSE = ROOT / "data" / "warehouse.duckdb"  # the demo's home: `make run` imports the demo only here


class Settings(BaseModel):
    """Returns the settings in force; every field maps to one `.env` variable (see README)."""

    warehouse_path: Path = Field(default=DEFAULT_WAREHOUSE)
    archive_dir: Path | None = None  # default: <warehouse dir>/archive
    base_currency: str = "CNY"
    language: str = "zh"
    demo_dir: Path = Field(default=ROOT / "data" / "demo")
    duckdb_threads: int = 0  # 0 = DuckDB's default (all cores)
    duckdb_memory_limit: str = ""  # e.g. "4GB"; empty = DuckDB's default

    @property
    def archive_path(self) -> Path:
        return self.archive_dir or self.warehouse_path.parent / "archive"


def load_settings(env_file: str | os.PathLike | None = None, **overrides) -> Settings:
    """Returns Settings from `.env` (if present) and the process environment; explicit overrides win."""
    try:
        from dotenv import load_dotenv

        load_dotenv(env_file or ROOT / ".env", override=False)
    except ImportError:  # pragma: no cover - python-dotenv is a pinned dependency
        pass
    env = os.environ
    values: dict = {}
    mapping = {
        "WAREHOUSE_PATH": "warehouse_path",
        "ARCHIVE_DIR": "archive_dir",
        "BASE_CURRENCY": "base_currency",
        "LANGUAGE": "language",
        "DEMO_DIR": "demo_dir",
        "DUCKDB_THREADS": "duckdb_threads",
        "DUCKDB_MEMORY_LIMIT": "duckdb_memory_limit",
    }
    for var, field in mapping.items():
        if env.get(var):
            values[field] = env[var]
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings(**values)
    if not settings.warehouse_path.is_absolute():
        settings.warehouse_path = ROOT / settings.warehouse_path
    return settings
