"""The writer's lock over the marts: one refresh (warehouse.marts.refresh) or one preparation of another base's
copies (warehouse.marts.other_base) at a time in this process. Re-entrant: a refresh may prepare under it."""

from __future__ import annotations

import threading

LOCK = threading.RLock()
