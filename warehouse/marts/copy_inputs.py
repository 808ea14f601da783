"""Whether a per-base copy kept whole can stay as it is after an incremental refresh: none of its inputs changed.

Why. warehouse.marts.per_base_update rebuilds some copies whole (fx_warnings, sku_unit_costs, the base-free ones) on
every incremental refresh, whatever the refresh touched: ~1.3 s of a day's 2.3 s per-base step at 5M order lines
(issue 14), mostly for copies whose inputs an import of another report never reaches (an ads file and the cash
receipts, an inventory snapshot and the FX warnings).

What. `Inputs(cur, schema, touched).changed(name)`: True when the plain view marts_plain.<name> (its sql/marts file)
may give other rows than when the copy in <schema> was made. Its leaves are found in the view texts: the sql/marts
files (a per-base copy or switch read as its file), then staging views (their text in the catalog), `--` comments
left out, as warehouse.marts.inputs.raw_tables walks them. Per leaf:
  raw.<t>, app.<t> of an import format   changed when an import of that format was added or undone since the last
                                         refresh (`touched`: inputs.touched_raw; None = unknown: every one changed);
  marts.<heavy> = marts_mat.<heavy>      changed when the refresh's temp table delta_<heavy> on `cur` has a row (or
                                         does not exist); batch_takes: takes_moved (fifo_refresh.takes: the units
                                         moved per batch, rows only where they moved; it leaves no delta);
  app.settings, getvariable of
  base_currency / allocation_rule /
  restock_rate                           never here: a settings change is a full refresh (refresh._quick_key), the
                                         copies' base and rule are their state (per_base: else all rebuilt whole);
  meta.imports                           never alone: the views read an import's store joined to that import's own
                                         rows, which come and go with the import or undo of its format (above);
  current_date, today()                  changed when the day is not the one <schema>.built records (`stamp`: the day
                                         the schema's copies were last made or brought up to date);
  anything else                          unknown, so changed: another app or meta table (written outside imports),
                                         another schema, an unqualified name that is not one of the text's CTEs,
                                         another variable, now() / random() / a table function, a mart or staging
                                         view without a text to read.
fx_warnings has a finer rule of its own (`fx_warnings_changed`): a change of money or ad facts moves it only when a
changed fact lacks a rate to the base.
So a wrong "unchanged" needs a dependency the texts hide; tests/test_refresh_incremental.py (random import and undo
orders: copies equal a full rebuild) and tests/test_copy_inputs.py check it.
"""

from __future__ import annotations

import re

from warehouse.core.config import SQL_DIR

_REF = re.compile(r'"?\b([a-z_][a-z0-9_]*)"?\."?([a-z_][a-z0-9_]*)\b', re.IGNORECASE)  # schema.name, quoted or not
_CTE = re.compile(r'"?(\w+)"?\s+as\s+(?:not\s+)?(?:materialized\s+)?\(', re.IGNORECASE)
_BARE = re.compile(r'\b(?:from|join)\s+("?[a-z_]\w*"?)(?![\w".])(?!\s*\()', re.IGNORECASE)  # unqualified table
_WALK = {"marts", "marts_plain", "marts_base", "marts_base_alt", "staging"}  # views read through
_OTHER = {"main", "temp", "memory", "information_schema", "pg_catalog", "system", "marts_def"}  # unknown
_SEEN = {"app.settings", "meta.imports"}  # changes seen otherwise (module doc)
_VARS = {"base_currency", "allocation_rule", "restock_rate"}
_DAY = re.compile(r"\bcurrent_date\b|\btoday\s*\(", re.IGNORECASE)
_VOLATILE = re.compile(
    r"\b(current_timestamp|localtimestamp|localtime|current_time)\b|\b(now|get_current_\w+|transaction_timestamp|"
    r"random|uuid|gen_random_uuid|read_\w+|glob|query|query_table|sniff_csv)\s*\(",
    re.IGNORECASE,
)
_VAR = re.compile(r"\bgetvariable\s*\(\s*'(\w+)'", re.IGNORECASE)
DAY = "clock.current_date"
_DELTA = {"batch_takes": "takes_moved"}  # a heavy mart whose refresh leaves its changes under another name


def texts(cur) -> dict[str, str]:
    """Returns the SQL to walk by 'schema.name': marts.<name> = its sql/marts file, staging.<name> = its view."""
    rows = cur.sql("select view_name, sql from duckdb_views() where schema_name = 'staging'").fetchall()
    out = {f"staging.{n}": sql for n, sql in rows}
    out |= {f"marts.{p.stem}": p.read_text(encoding="utf-8") for p in (SQL_DIR / "marts").glob("*.sql")}
    return out


def leaves(texts: dict[str, str], heavy: list[str], name: str) -> set[str]:
    """Returns what marts_plain.<name> reads at the bottom of its views (module doc): raw/app/meta tables,
    marts_mat.<heavy>, DAY, and '?<what>' for anything unknown."""
    found, seen, todo = set(), set(), [f"marts.{name}"]
    while todo:
        ref = todo.pop()
        schema, table = ref.split(".", 1)
        if schema in _WALK - {"staging"}:
            schema, ref = "marts", f"marts.{table}"
            if table in heavy:
                schema, ref = "marts_mat", f"marts_mat.{table}"
        if ref in seen:
            continue
        seen.add(ref)
        if schema != "staging" and schema != "marts":
            found.add(ref)
            continue
        if ref not in texts:
            found.add(f"?{ref}")
            continue
        code = re.sub(r"--[^\n]*", "", texts[ref])
        if _DAY.search(code):
            found.add(DAY)
        if _VOLATILE.search(code):
            found.add(f"?volatile in {ref}")
        found |= {f"?getvariable {v}" for v in _VAR.findall(code) if v.lower() not in _VARS}
        ctes = {c.lower() for c in _CTE.findall(code)}
        found |= {f"?{b} in {ref}" for b in (m.strip('"').lower() for m in _BARE.findall(code)) if b not in ctes}
        for s, t in _REF.findall(code):
            s, t = s.lower(), t.lower()
            if s in _WALK or s == "marts_mat":
                todo.append(f"{s}.{t}")
            elif s in ("raw", "app", "meta"):
                found.add(f"{s}.{t}")
            elif s in _OTHER:
                found.add(f"?{s}.{t}")
    return found


def stamp(cur, schema: str) -> None:
    """Records in <schema>.built the day its copies were made or brought up to date (current_date readers)."""
    cur.execute(f"create or replace table {schema}.built as select current_date as day")


class Inputs:
    """What changed for the copies of one schema in one incremental refresh (module doc)."""

    def __init__(self, cur, schema: str, touched: set[str] | None):
        from warehouse.formats import all_formats

        heavy = cur.sql("select view_name from duckdb_views() where schema_name = 'marts' and sql ilike '%marts_mat.%'")
        self.cur, self.touched, self.heavy = cur, touched, [n for (n,) in heavy.fetchall()]  # refresh.HEAVY
        self.imported = {f.table.lower() for f in all_formats()}
        self.texts = texts(cur)
        self.deltas: dict[str, bool] = {}
        # the refresh's temp tables (delta_<mart>, old_<mart>), listed once: a catalog query costs ~4 ms at 5M order
        # lines, and a copy's checks asked it a dozen times per refresh
        self.temps = temp_tables(cur)
        built = cur.sql(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = 'built'", params=[schema]
        ).fetchall()[0][0]
        self.same_day = (
            bool(built) and cur.sql(f"select bool_and(day = current_date) from {schema}.built").fetchall()[0][0]
        )

    def changed(self, name: str, ignore: set[str] | frozenset[str] = frozenset()) -> bool:
        """True when marts_plain.<name> may give other rows than when the copy was made (module doc); leaves in
        `ignore` are left out (the caller sees their changes otherwise: per_base_update, fx_warnings)."""
        return any(self._leaf(leaf) for leaf in sorted(leaves(self.texts, self.heavy, name) - set(ignore)))

    def _leaf(self, leaf: str) -> bool:
        if leaf.startswith("?"):
            return True
        if leaf == DAY:
            return not self.same_day
        if leaf in _SEEN:
            return False
        schema, table = leaf.split(".", 1)
        if schema == "marts_mat" and table in self.heavy:
            return self._delta(table)
        if leaf in self.imported:
            return self.touched is None or leaf in self.touched
        return True

    def _delta(self, heavy: str) -> bool:
        if heavy not in self.deltas:
            delta = _DELTA.get(heavy, f"delta_{heavy}")
            self.deltas[heavy] = delta not in self.temps or bool(
                self.cur.sql(f"select count(*) from (select 1 from {delta} limit 1)").fetchall()[0][0]
            )
        return self.deltas[heavy]


def temp_tables(cur) -> set[str]:
    """The names of the temp tables on `cur` (the refresh's old_<mart> / delta_<mart>: refresh._replace)."""
    return {r[0] for r in cur.sql("select table_name from duckdb_tables() where temporary").fetchall()}


# what fx_warnings reads of the money and ad facts, and how money_lines / ad_days decide a fact has no rate: each
# text must hold its part (comments left out, blanks as one space) for `fx_warnings_changed` to hold; else whole
FX_SHAPE = {
    "fx_warnings": [
        "select 'money' as family, marketplace, currency, event_date as day, total as amount from marts.money_lines "
        "where fx_rate is null )",
        "select 'ads' as family, marketplace, currency, day, ad_spend as amount from marts.ad_days where fx_rate is "
        "null )",
    ],
    "money_lines": [
        "case when m.currency = c.base_currency then 1.0 else fx.rate end as fx_rate",
        "left join marts.fx_days as fx on fx.currency = m.currency and fx.base_currency = c.base_currency and "
        "fx.day = m.event_date )",
    ],
    "ad_days": [
        "case when a.currency = c.base_currency then 1.0 else fx.rate end as fx_rate,",
        "left join marts.fx_days as fx on fx.currency = a.currency and fx.base_currency = c.base_currency and "
        "fx.day = a.day )",
    ],
}
_FX_FACTS = {"money_facts": "event_date", "ad_facts": "day"}  # the facts fx_warnings reads row by row: their date
_FX_READ = {"money_lines": "marts.money_facts", "ad_days": "marts.ad_facts"}  # each read once, whole


def fx_shape() -> bool:
    """True when sql/marts/fx_warnings.sql, money_lines.sql and ad_days.sql read the facts as FX_SHAPE says: money
    lines and ad days without a rate (fx_rate null), the rate NULL exactly when the fact's currency is not the base
    and fx_days has no rate for (currency, base, the fact's date)."""
    for name, parts in FX_SHAPE.items():
        code = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8")
        code = " ".join(re.sub(r"--[^\n]*", "", code).split())
        if not all(code.count(p) == 1 for p in parts):
            return False
        if name in _FX_READ and len(re.findall(rf"\b{re.escape(_FX_READ[name])}\b", code)) != 1:
            return False
        if name == "fx_warnings" and any(code.count(v) != 1 for v in ("marts.money_lines", "marts.ad_days")):
            return False
    return True


def fx_warnings_changed(cur, days: list, seen: Inputs) -> bool:
    """False when fx_warnings' rows cannot have moved in this refresh, so its copy stays as it is (`days`: the days
    whose rate to the base moved, per_base_update; `seen`: this schema's Inputs).

    Its money and ads families are the money_lines / ad_days rows with fx_rate NULL, grouped: with fx_days unchanged
    (no row in delta_fx_days: `seen`, which sets aside only money_facts and ad_facts; `days`, a cheap first test), a
    fact's rate is the same before and after, so those families change only through facts that changed, and the
    refresh's delta_money_facts / delta_ad_facts hold every changed fact, old and new version (a multiset
    difference, partitions.delta). When none of them lacks a rate, the facts without one are the same multiset. The
    batch and expense families (and conventions) read other inputs: copy_inputs says whether those changed. True
    (rebuild whole) otherwise, or when a file's shape is not FX_SHAPE's or a delta table is missing."""
    if days or not fx_shape():
        return True
    if seen.changed("fx_warnings", ignore={f"marts_mat.{m}" for m in _FX_FACTS}):  # fx_days: delta_fx_days empty
        return True
    for mart, day in _FX_FACTS.items():
        if f"delta_{mart}" not in seen.temps:
            return True
        lacking = cur.sql(
            f"select count(*) from delta_{mart} as m cross join marts.conventions as c left join marts.fx_days as fx "
            f"on fx.currency = m.currency and fx.base_currency = c.base_currency and fx.day = m.{day} "
            "where (case when m.currency = c.base_currency then 1.0 else fx.rate end) is null"
        ).fetchall()[0][0]
        if lacking:
            return True
    return False
