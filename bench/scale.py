#!/usr/bin/env python3
"""Scaling: peak memory at 1,000 and 10,000 pages (flat means streaming), and Ray Data's
pages/s on this machine's CPUs beside the process pool's (``make bench``).

Pages are the bench corpus's text dumps, hard-linked round-robin into a folder of N files.
Each run is a fresh process tree; peak RSS is the largest of any one process in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def folder(n: int, corpus: Path, where: Path) -> Path:
    src = sorted((corpus / "text").iterdir())
    out = where / f"pages{n}"
    out.mkdir()
    for i in range(n):
        os.link(src[i % len(src)], out / f"{i:06d}_{src[i % len(src)].name}")
    return out


def run(args: list[str]) -> tuple[float, float]:
    """``(seconds, peak RSS MB of any process)`` of one cleaner run in a fresh process."""
    code = ("import resource, subprocess, sys, time\nt = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True).stdout
    secs, rss = out.split()
    return float(secs), int(rss) / 1024


def table(corpus: Path, cores: int) -> list[str]:
    lines = ["| pages | engine | seconds | pages/s | peak RSS MB (any process) |", "| --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        for n in (1000, 10000):
            pages = folder(n, corpus, where)
            secs, rss = run([str(BIN / "cleaner"), "clean", "-q", "-j", str(cores), str(pages), "-o",
                             str(where / f"out{n}.jsonl")])
            lines.append(f"| {n:,} | local, {cores} workers | {secs:.1f} | {n / secs:.1f} | {rss:.0f} |")
            if n == 1000:
                try:
                    import ray  # noqa: F401
                except ImportError:
                    lines.append("| 1,000 | ray | not installed (`pip install -e .[ray]`) | | |")
                    continue
                secs, rss = run([str(BIN / "cleaner"), "clean", "-q", "--engine", "ray", str(pages), "-o",
                                 str(where / "ray")])
                lines.append(f"| {n:,} | ray, {cores} CPUs (start-up included) | {secs:.1f} | {n / secs:.1f} | "
                             f"{rss:.0f} |")
            shutil.rmtree(pages)
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print("\n".join(table(ROOT / "bench" / "corpus", os.cpu_count() or 1)))
