"""``text.han``: the frequent characters' table against what OpenCC makes of them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


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
