"""`python -m warehouse.demo_gen --out DIR [--scale N] [--seed 7] [--start YYYY-MM-DD] [--end YYYY-MM-DD]`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from warehouse.core.config import ROOT
from warehouse.demo_gen import START, TODAY, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.demo_gen", description="write the demo company's files")
    parser.add_argument("--out", required=True, help="folder to write (emptied first)")
    parser.add_argument("--scale", type=int, default=1, help="multiply order volume and SKU count (benchmarks)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=date.fromisoformat, default=START)
    parser.add_argument("--end", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--force", action="store_true", help="allow writing non-default data into data/demo")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    default = (args.scale, args.seed, args.start, args.end) == (1, 7, START, TODAY)
    if out == (ROOT / "data" / "demo").resolve() and not default and not args.force:
        print("data/demo holds the committed demo company; write scaled or custom data elsewhere (or add --force).")
        return 2
    manifest = generate(out, seed=args.seed, scale=args.scale, start=args.start, end=args.end)
    print(f"wrote {manifest.parent} ({manifest.name} lists the files in import order)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
