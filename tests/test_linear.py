"""Pathological pages: the work grows with the page, never faster.

Nothing here is timed (machines are noisy): each pattern is cleaned at two sizes, 4x apart,
and what the cleaner produced (edits, record bytes) may grow at most about 4x.  The time
ratios for 1 MB and 4 MB of the same patterns are measured by ``make bench``
(``bench/linear.py``).
"""

from __future__ import annotations

import json

import pytest

from bench.linear import PATTERNS, page
from cleaner import clean_bytes

SMALL, LARGE = 256_000, 1_024_000


def work(doc) -> tuple[int, int]:
    return sum(e.count for e in doc.edits), len(json.dumps(doc.to_record(), ensure_ascii=False).encode())


@pytest.mark.parametrize("name", PATTERNS)
def test_work_grows_linearly(name):
    small, large = clean_bytes(page(name, SMALL)), clean_bytes(page(name, LARGE))
    assert small.error is None and large.error is None
    (e1, r1), (e2, r2) = work(small), work(large)
    ratio = LARGE / SMALL
    assert e2 <= ratio * 1.25 * max(e1, 1) + 10
    assert r2 <= ratio * 1.25 * r1
    assert r2 <= 2 * LARGE + 10_000  # the record stays near the page's size
