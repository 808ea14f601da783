"""Keeps the materialised marts current after every import, undo, replay or settings change."""
