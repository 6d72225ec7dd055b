"""``text.rx``: compiled patterns kept between processes, always the patterns ``re`` makes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from cleaner import clean_bytes, registry
from cleaner.text import rx
from tests.conftest import SEEDS

PROBE = """
import sys
from cleaner import registry
from cleaner.text import rx
registry.load()
print(len(rx._new), len(rx._memo))
"""


def _probe(cache: str) -> tuple[int, int]:
    env = {**os.environ, "CLEANER_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    learnt, compiled = map(int, out.stdout.split())
    return learnt, compiled


def test_every_pattern_is_the_one_re_compile_makes():
    # a pattern's equality covers its flags and compiled code: whether it came from the
    # cache or was compiled here, it is re.compile's own
    registry.load()
    clean_bytes(SEEDS[0].read_bytes())
    clean_bytes(b"<html><body><p>\xe6\x96\xb0\xe9\x97\xbb</p></body></html>")
    assert len(rx._memo) > 100
    for (pattern, flags), compiled in rx._memo.items():
        assert compiled == re.compile(pattern, flags), pattern[:60]


def test_the_second_process_compiles_from_the_cache(tmp_path):
    cache = str(tmp_path / "cache")
    learnt, compiled = _probe(cache)
    assert learnt == compiled > 80  # a fresh cache: every pattern compiled and learnt
    assert list(Path(cache).glob("patterns-*.marshal"))
    assert _probe(cache) == (0, compiled)  # the next process: all of them from the file


def test_a_damaged_or_switched_off_cache_falls_back_to_re(tmp_path):
    cache = tmp_path / "cache"
    _probe(str(cache))
    for f in cache.glob("patterns-*.marshal"):
        f.write_bytes(b"\x00not marshal")
    learnt, compiled = _probe(str(cache))
    assert learnt == compiled > 80  # read as empty, learnt again
    assert _probe("")[0] == 0  # CLEANER_CACHE_DIR empty: nothing learnt, nothing written
