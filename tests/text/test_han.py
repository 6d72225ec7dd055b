"""``text.han``: the frequent characters' table against what OpenCC makes of them, and the
characters of a codec's byte pairs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from cleaner.text import han


def test_the_traditional_forms_table_is_what_opencc_gives():
    # frequent_traditional.txt stands in for loading OpenCC's s2t and s2hk at start-up: it must
    # hold exactly the forms they give today (rebuild with scripts/build_frequent_traditional.py)
    from cleaner.datafiles import lines
    from cleaner.text.han import frequent

    script = Path(__file__).resolve().parents[2] / "scripts" / "build_frequent_traditional.py"
    spec = importlib.util.spec_from_file_location("build_frequent_traditional", script)
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, build)
    spec.loader.exec_module(build)
    table = "".join(lines("frequent_traditional.txt"))
    assert table == "".join(build.traditional_forms())
    assert {"國", "們", "來"} <= frequent() and {"国", "们", "来"} <= frequent()


@pytest.mark.parametrize("codec, leads, trails", [
    ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
    ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ("gbk", range(0xE2, 0xF0), range(0x80, 0xC0)),
    ("gbk", range(0x81, 0xFF), range(0x40, 0xFF)),
    ("big5hkscs", range(0x87, 0xFF), range(0x40, 0xFF)),  # pairs that decode to two characters
    ("gb18030", range(0x81, 0x83), range(0x30, 0x3A)),  # four-byte starts: decoded pair by pair
])
def test_codec_chars_decoded_at_once_are_those_decoded_pair_by_pair(codec, leads, trails):
    assert han.codec_chars(codec, leads, trails) == han.pair_by_pair(codec, leads, trails)
