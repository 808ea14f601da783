"""Seller Cockpit warehouse: format detection, parsing, import/undo/replay into DuckDB."""
