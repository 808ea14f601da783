"""SQL macros shared by staging and mart views (created at start-up, before the views)."""

MACROS = [
    # ratio of sums with an empty (NULL) result for a zero denominator, never 0 or infinity
    "create or replace macro safe_div(a, b) as case when b is null or b = 0 then NULL else a / b end",
]


def create_macros(cur) -> None:
    for sql in MACROS:
        cur.execute(sql)
