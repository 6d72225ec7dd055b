#!/usr/bin/env python3
"""Record the JSONL output of a set of inputs, or compare two recordings byte by byte.

    python bench/compare.py record OUT [--sets seeds,dev-pages,dev-dumps,bench]
    python bench/compare.py diff BEFORE AFTER

``record`` runs ``cleaner clean --format jsonl -j 1`` on each set (the seeds, the shared dev
pages and dumps, and the ``make bench`` corpus, generated if missing) and writes one
``<set>.jsonl`` per set into OUT.  ``diff`` says, per set, whether the two recordings are
byte-identical and, when not, which records differ and in which fields.  A restructuring
or speed step that must change no output runs ``record`` before and after, then ``diff``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": ROOT / "seeds",
    "dev-pages": SHARED / "dev-pages",
    "dev-dumps": SHARED / "dev-dumps",
    "bench": ROOT / "bench" / "corpus",
}


def inputs(name: str) -> list[str]:
    folder = SETS[name]
    if name == "bench" and not folder.is_dir():
        sys.path.insert(0, str(ROOT))
        from bench.corpus import generate

        generate(folder, 2000, 0.075, 7)
    if not folder.is_dir():
        return []
    if name == "bench":
        return [str(folder)]
    return [str(p) for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")]


def record(out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    cleaner = str(Path(sys.executable).parent / "cleaner")
    for name in names:
        paths = inputs(name)
        if not paths:
            print(f"{name}: not found, skipped")
            continue
        res = subprocess.run([cleaner, "clean", "--format", "jsonl", "-j", "1", *paths],
                             capture_output=True, check=False)
        (out / f"{name}.jsonl").write_bytes(res.stdout)
        print(f"{name}: {len(res.stdout.splitlines())} records, exit {res.returncode}")


def diff(before: Path, after: Path) -> int:
    bad = 0
    for a in sorted(before.glob("*.jsonl")):
        b = after / a.name
        if not b.exists():
            print(f"{a.stem}: missing in {after}")
            bad += 1
            continue
        x, y = a.read_bytes(), b.read_bytes()
        if x == y:
            print(f"{a.stem}: identical ({len(x.splitlines())} records, {len(x):,} bytes)")
            continue
        bad += 1
        xs, ys = x.splitlines(), y.splitlines()
        print(f"{a.stem}: DIFFERENT ({len(xs)} vs {len(ys)} records)")
        for lx, ly in zip(xs, ys, strict=False):
            if lx != ly:
                rx, ry = json.loads(lx), json.loads(ly)
                fields = [k for k in rx.keys() | ry.keys() if rx.get(k) != ry.get(k)]
                print(f"  {rx.get('path')}: {', '.join(sorted(fields))}")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("out")
    r.add_argument("--sets", default=",".join(SETS))
    d = sub.add_parser("diff")
    d.add_argument("before")
    d.add_argument("after")
    a = ap.parse_args()
    if a.cmd == "record":
        record(Path(a.out), a.sets.split(","))
        return 0
    return diff(Path(a.before), Path(a.after))


if __name__ == "__main__":
    sys.exit(main())
