"""Numbers are read per value: each value shows its own separators; only `1,234` / `1.234` need the column's locale."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.formats.base import int_expr, num_expr

# (text, value when the column's ambiguous values use a decimal point, value when they use a decimal comma)
CASES = [
    ("129.99", 129.99, 129.99),  # a dot before two digits is decimal whatever the locale
    ("-6,12", -6.12, -6.12),  # a comma before two digits is decimal whatever the locale
    ("1,234", 1234.0, 1.234),  # exactly three digits: the column decides
    ("1.234", 1.234, 1234.0),
    ("1.234,56", 1234.56, 1234.56),  # both separators: the last one is decimal
    ("1,234.56", 1234.56, 1234.56),
    ("1,00,000.50", 100000.5, 100000.5),  # lakh grouping
    ("￥103", 103.0, 103.0),  # currency symbol, plain integer
    ("$1,039.92", 1039.92, 1039.92),
    ("€ 3,20", 3.2, 3.2),
    ("NaN", None, None),  # not numbers: NULL, so validation names the row and column
    ("Infinity", None, None),
    ("1e400", None, None),
    ("1,2,3", None, None),
    ("abc", None, None),
]


@pytest.mark.parametrize("text, dot, comma", CASES)
def test_number_read_per_value(text, dot, comma):
    got = duckdb.sql(f"select {num_expr('x', '.')}, {num_expr('x', ',')} from (select ? as x)", params=[text])
    assert got.fetchall()[0] == (dot, comma)


@pytest.mark.parametrize("text, units", [("2", 2), ("1,000", 1000), ("2.0", 2), ("1.5", None), ("NaN", None)])
def test_units_are_whole(text, units):
    assert duckdb.sql(f"select {int_expr('x', '.')} from (select ? as x)", params=[text]).fetchall()[0][0] == units
