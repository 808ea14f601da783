"""Customer ids kept only as salted hashes: the warehouse never stores a buyer's e-mail, user name or name.

Shopify's orders export names the buyer by `Email`, TikTok Shop's by `Buyer Username` (`Buyer Nickname` in newer US
files). Their formats hash that cell while the file is parsed (`hash_expr` in the cast step), so the raw tables hold
only `sha256(salt | lower(trim(id)))`. The salt is 32 random bytes generated once per warehouse in
`meta.customer_salt`; it never leaves the warehouse (no export, no report, no app-state copy), so a hash cannot be
matched against a list of e-mails elsewhere. A warehouse rebuilt by `replay` draws a new salt: the hashes differ,
every customer metric (counts, repeat rate, cohort value) stays the same.
"""

from __future__ import annotations

import secrets

SALT_TABLE = "meta.customer_salt"


def ensure_salt(cur) -> None:
    """Creates the warehouse's customer salt once (idempotent; an existing salt is never replaced)."""
    cur.execute("create schema if not exists meta")
    cur.execute(f"create table if not exists {SALT_TABLE} (salt VARCHAR not null)")
    if not cur.sql(f"select count(*) from {SALT_TABLE}").fetchall()[0][0]:
        cur.execute(f"insert into {SALT_TABLE} values (?)", [secrets.token_hex(32)])


def hash_expr(text_sql: str) -> str:
    """Returns SQL turning the cleaned text `text_sql` into its salted SHA-256 hex digest (NULL stays NULL)."""
    return (
        f"(case when {text_sql} is null then NULL else "
        f"sha256((select min(salt) from {SALT_TABLE}) || '|' || lower(trim({text_sql}))) end)"
    )
