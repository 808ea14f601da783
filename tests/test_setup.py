"""Setup promises: `make run`'s demo step never writes into a seller's own warehouse, the README says what `make run`
does, requirements cite only files the project has, no deprecated Streamlit argument, a local page icon."""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_make_run_never_imports_the_demo_into_a_warehouse_of_ones_own(tmp_path, monkeypatch):
    own = tmp_path / "my_shop.duckdb"
    monkeypatch.setenv("WAREHOUSE_PATH", str(own))
    assert "--default-path-only" in (ROOT / "Makefile").read_text()  # the flag `make run` passes
    assert main(["demo", "--if-empty", "--default-path-only"]) == 0
    assert not own.exists()  # not even created: nothing of the demo touches it


def test_readme_says_what_make_run_does():
    text = (ROOT / "README.md").read_text()
    assert "starts the server at http://127.0.0.1:8501" in text and "PORT=" in text
    assert "opens http" not in text


def test_requirements_cite_no_missing_file():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for ref in re.findall(r"[\w./-]+\.(?:md|txt|toml)", (ROOT / name).read_text()):
            assert (ROOT / ref).is_file(), f"{name} cites {ref}, which the project does not have"


def test_no_deprecated_streamlit_width_argument_and_a_local_icon():
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    assert not [f.name for f in files if "use_container_width" in f.read_text()]
    app = (ROOT / "app.py").read_text()
    assert re.search(r"page_icon=ICON", app) and (ROOT / "ui" / "static" / "icon.png").is_file()
