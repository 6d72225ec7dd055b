#!/usr/bin/env python3
"""Instructions per page under valgrind's callgrind: an A/B measure that does not move with the
machine's spells.

    python bench/instructions.py [--part text|html] [--pages N] [--warm N] [--tree DIR ...]

Wall and CPU seconds here swing 2-3x between spells of the shared machine (``bench.calibrate``
took 0.17 s in one and 0.81 s in another), so a speed step of a few percent cannot be told from
noise by timing it.  callgrind counts the instructions a process executes instead: the same
code on the same pages gives the same count to about 1%, whatever else the machine runs.

For each tree (a checkout of cleaner; default: this one) it runs one process that cleans the
last ``--warm`` pages of the ``make bench`` corpus (loading the tables and building what is
built once, on first need: with one page of warm-up, a text page read 75 M instructions
instead of 33 M) and then ``--pages`` pages in process with every bounded cache cleared
before each (the "cold" measure of ``make bench``), and one process that stops after the
warm-up; the difference over ``--pages`` is the instructions per page.  Each tree has its own
per-user cache, filled by a run before the two.  ``PYTHONHASHSEED=0`` fixes the dict and set orders.  Under callgrind
Python runs about 50x slower: 20 text pages take about a minute a tree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORK = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bench.bench import line_caches
from cleaner import clean_bytes
files = sorted(Path(sys.argv[2]).iterdir())
for p in files[-int(sys.argv[4]):]:  # what a page builds once (tables, lazy lookups) is built here
    clean_bytes(p.read_bytes())
caches = line_caches()
for p in files[: int(sys.argv[3])]:
    data = p.read_bytes()
    for c in caches:
        c.cache_clear()
    clean_bytes(data)
"""


def run(tree: Path, folder: Path, pages: int, cache: Path, warm: int, callgrind: bool = True) -> int:
    """One process over ``pages`` pages of ``folder`` after ``warm`` pages, with ``cache`` as the
    per-user cache (compiled patterns, gazetteer state): the instructions callgrind counts, or
    0 run without it (to fill the cache)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(tree), "CLEANER_CACHE_DIR": str(cache)}
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] if callgrind else []
    proc = subprocess.run([*valgrind, sys.executable, "-c", WORK, str(tree), str(folder), str(pages), str(warm)],
                          env=env, capture_output=True, text=True, check=True)
    if not callgrind:
        return 0
    found = re.search(r"refs:\s+([\d,]+)", proc.stderr)
    if not found:
        raise SystemExit(f"no instruction count in callgrind's output:\n{proc.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("text", "html"), default="text")
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--tree", action="append", type=Path, help="a cleaner checkout (repeatable; default: this one)")
    ap.add_argument("--warm", type=int, default=30, help="pages from the folder's end cleaned first (default 30)")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    folder = ROOT / "bench" / "corpus" / a.part
    if not folder.is_dir():
        sys.path.insert(0, str(ROOT))
        from bench.corpus import generate

        generate(ROOT / "bench" / "corpus", 2000, 0.075, 7)
    base = 0.0
    for k, tree in enumerate(a.tree or [ROOT]):
        tree = tree.resolve()
        with tempfile.TemporaryDirectory() as cache:
            # each tree its own cache, filled first: with one cache shared, trees whose patterns
            # differ pushed each other's out, and whichever of a tree's two runs came first
            # compiled them again, an error of up to a fifth in the difference
            run(tree, folder, a.pages, Path(cache), a.warm, callgrind=False)
            per_page = (run(tree, folder, a.pages, Path(cache), a.warm)
                        - run(tree, folder, 0, Path(cache), a.warm)) / a.pages
        base = base or per_page
        print(f"{tree}: {per_page / 1e6:.1f} M instructions a {a.part} page ({a.pages} pages, cold caches)"
              f"{f', {base / per_page:.2f}x the first tree' if k else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
