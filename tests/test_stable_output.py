"""Stable output: the report JSON does not depend on summation order; piping the CLI into `head` ends quietly."""

from __future__ import annotations

import os
import subprocess
import sys

from metrics.__main__ import stable_json
from tests.conftest import ROOT


def test_report_json_is_the_same_whatever_the_summation_order():
    # 0.1 + 0.2 + 0.3 = 0.6000000000000001 but 0.3 + 0.2 + 0.1 = 0.6: DuckDB's parallel sums differ like this
    a = {"kpis": {"inventory_value": {"value": 0.1 + 0.2 + 0.3}}, "skus": [{"x": -0.0}], "n": 3, "nan": float("nan")}
    b = {"kpis": {"inventory_value": {"value": 0.3 + 0.2 + 0.1}}, "skus": [{"x": 0.0}], "n": 3, "nan": float("nan")}
    assert a != b and stable_json(a) == stable_json(b)
    assert '"value": 0.6' in stable_json(a) and '"nan": null' in stable_json(a)


def test_cli_writing_into_a_closed_pipe_ends_cleanly():
    # what `python -m warehouse imports | head -1` does once head has left: stdout is a pipe nobody reads
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        done = subprocess.run([sys.executable, "-m", "warehouse", "formats"], cwd=ROOT, env=env, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120)  # fmt: skip
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")
