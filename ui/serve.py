"""Starts the Streamlit server on app.py with page routing through st.navigation from the very first request.

`python -m ui.serve [streamlit options]` is `streamlit run app.py [options]` with one difference: Streamlit treats a
`pages/` folder beside the entry script as its old multipage layout until some session has run st.navigation, so
on a fresh server a deep link (e.g. `/meeting?meeting=3&section=2`) could run the page file alone, without the
sidebar filters or the language. The flag is process-wide: switching it off before the server starts makes every
request go through app.py. (`streamlit run app.py` still works: pages then reroute themselves, see ui/router.py.)
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    """Runs the Streamlit command line as `streamlit run app.py <argv>` in this process."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
