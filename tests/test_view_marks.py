"""The marts checks read view comments instead of every view's SQL text (warehouse.core.views.marts_views): a full
rebuild marks each heavy view over marts_mat (refresh.MAT_MARK) and each per-base switch view (per_base.SWITCH_MARK);
a view made again from sql/ loses its comment, so the checks fall back on the text and see the plain view; views made
before the marks existed are marked by the next refresh. A wrong answer here would read a plain view as a copy (or
the reverse) and show numbers from the wrong layer.

Data: the golden amazon.com transaction report in a small warehouse (tests/test_refresh_incremental.fresh).
"""

from __future__ import annotations

from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.core.config import SQL_DIR
from warehouse.marts import per_base
from warehouse.marts.refresh import HEAVY, MAT_MARK, _materialised, refresh


def _comments(con, names: list[str]) -> dict[str, str | None]:
    rows = con.sql(
        "select view_name, comment from duckdb_views() where schema_name = 'marts' "
        "and view_name in (select unnest(?::VARCHAR[]))",
        params=[names],
    ).fetchall()
    return dict(rows)


def test_a_full_rebuild_marks_its_views_and_a_view_made_again_is_seen_by_its_text(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        assert wh.ingest_path(EXPORTS / "golden/transactions_us.csv", refresh=False).status == "imported"
        assert refresh(wh.con, full=True).mode == "full"
        cur = wh.con.cursor()
        assert _comments(wh.con, HEAVY) == {name: MAT_MARK for name in HEAVY}
        assert _comments(wh.con, per_base.PER_BASE) == {name: per_base.SWITCH_MARK for name in per_base.PER_BASE}
        assert _materialised(cur) and per_base._switches(cur) == per_base.PER_BASE

        # money_facts made again from its sql/ file: no comment, not over marts_mat; sku_days back to its plain view
        for name in ("money_facts", "sku_days"):
            body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8")
            cur.execute(f"create or replace view marts.{name} as {body}")
        assert _comments(wh.con, ["money_facts", "sku_days"]) == {"money_facts": None, "sku_days": None}
        assert not _materialised(cur)
        assert per_base._switches(cur) == [n for n in per_base.PER_BASE if n != "sku_days"]
        assert not per_base._installed(cur)

        # a view over marts_mat without the mark (made before marks existed) counts by its text, and a refresh marks it
        cur.execute("create or replace view marts.money_facts as select * from marts_mat.money_facts")
        assert _materialised(cur)
        refresh(wh.con)
        assert _comments(wh.con, ["money_facts"]) == {"money_facts": MAT_MARK}
        cur.close()
    finally:
        wh.close()
