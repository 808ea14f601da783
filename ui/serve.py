"""Starts the Streamlit server on app.py with page routing through st.navigation from the very first request.

`python -m ui.serve [streamlit options]` is `streamlit run app.py [options]` with one difference: Streamlit treats a
`pages/` folder beside the entry script as its old multipage layout until some session has run st.navigation, so
on a fresh server a deep link (e.g. `/meeting?meeting=3&section=2`) could run the page file alone, without the
sidebar filters or the language. The flag is process-wide: switching it off before the server starts makes every
request go through app.py. (`streamlit run app.py` still works: pages then reroute themselves, see ui/router.py.)

Before the server answers, the default page is run once in this process (Streamlit's AppTest runner, no browser):
that imports the app's modules, opens the warehouse and fills the process-wide query caches a visit reads, so the
first visit draws the Overview in well under a second instead of paying that one-off (about 9 s on a busy 2-core
machine). A failing warm-up is only logged: the server starts all the same. `SELLER_COCKPIT_WARMUP=0` skips it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def warm_up() -> None:
    """Runs app.py's default page once in this process so the first visit finds modules and caches warm."""
    t0 = time.monotonic()
    print("Seller Cockpit: preparing the first page …", flush=True)
    try:
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(APP), default_timeout=600)
        at.run()
        problem = at.exception[0].message if len(at.exception) else None
    except Exception as exc:  # noqa: BLE001 - a warm-up never stops the server; the first visit shows any error
        problem = f"{type(exc).__name__}: {exc}"
    done = f"ready in {time.monotonic() - t0:.1f} s" if problem is None else f"warm-up skipped ({problem[:200]})"
    print(f"Seller Cockpit: {done}", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Runs the Streamlit command line as `streamlit run app.py <argv>` in this process (after `warm_up`)."""
    if os.environ.get("SELLER_COCKPIT_WARMUP", "1") != "0":
        warm_up()
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
