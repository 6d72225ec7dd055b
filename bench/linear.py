#!/usr/bin/env python3
"""Pathological one-line pages at two sizes: time, peak memory and work ratios (``make bench``).

Each pattern (a letter, a mark, a slip, a label, a date, ``<``, ``<div>`` nesting, the comma
slip) is repeated to 1 MB and to 4 MB and cleaned in-process; a ratio near 4 means linear.
``tests/test_linear.py`` checks the work ratios (not the times) at smaller sizes in
``make test``.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATTERNS = {
    "a": "a", "comma": "，", "paren": "(", "pinyin slip": "?(shù)", "reporter": "記者", "source label": "来源：",
    "editor label": "責任編輯", "date": "2024-03-22 ", "lt": "<", "div nesting": None, "comma slip": ",！",
}


def page(name: str, size: int) -> bytes:
    """``size`` bytes of the pattern on one line (``<div>`` nesting: an element tree that deep)."""
    pattern = PATTERNS[name]
    if pattern is None:
        depth = (size - 60) // 11
        return ("<html><body>" + "<div>" * depth + "正文" + "</div>" * depth + "</body></html>").encode()
    unit = pattern.encode()
    return (unit * (size // len(unit) + 1))[:size].decode("utf-8", "ignore").encode()


def measure(sizes: tuple[int, int] = (1_000_000, 4_000_000)) -> list[tuple[str, float, float, float, float]]:
    """``(pattern, seconds small, seconds large, time ratio, peak MB large)`` per pattern."""
    from cleaner import clean_bytes

    clean_bytes("标题\n\n正文。".encode())  # tables loaded before timing
    rows = []
    for name in PATTERNS:
        secs, peak = [], 0.0
        for size in sizes:
            data = page(name, size)
            t0 = time.perf_counter()
            json.dumps(clean_bytes(data).to_record(), ensure_ascii=False)
            secs.append(time.perf_counter() - t0)
        tracemalloc.start()  # a second run for memory (tracing slows it down)
        json.dumps(clean_bytes(data).to_record(), ensure_ascii=False)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        rows.append((name, secs[0], secs[1], secs[1] / max(secs[0], 1e-6), peak))
    return rows


def table(rows: list[tuple[str, float, float, float, float]]) -> str:
    out = ["| pattern | 1 MB s | 4 MB s | ratio | peak MB (4 MB, traced) |", "|---|---|---|---|---|"]
    out += [f"| `{n}` | {a:.2f} | {b:.2f} | {r:.1f} | {m:.0f} |" for n, a, b, r, m in rows]
    return "\n".join(out)


if __name__ == "__main__":
    print(table(measure()))
