"""Returns stable ASINs and FNSKUs for master SKUs (derived from the SKU text, never random)."""

from __future__ import annotations

import hashlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _code(text: str, n: int) -> str:
    h = int(hashlib.sha256(text.encode()).hexdigest(), 16)
    out = ""
    for _ in range(n):
        h, r = divmod(h, 36)
        out += ALPHABET[r]
    return out


def asin(sku: str) -> str:
    return "B0" + _code("asin:" + sku, 8)


def fnsku(sku: str, mp: str) -> str:
    return "X00" + _code(f"fnsku:{mp}:{sku}", 7)
