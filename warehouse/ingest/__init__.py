"""A file in: detected, decoded, parsed and typed, archived, loaded into raw.* (undo and replay too)."""
