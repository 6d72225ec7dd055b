#!/usr/bin/env python3
"""Build cleaner/data/frequent_traditional.txt: the traditional forms of the frequent
characters (``frequent_chars.txt``), as OpenCC's ``s2t`` and ``s2hk`` give them.

``repair`` counts these as frequent too (a page in traditional characters is still Chinese).
They are kept as a table because loading those two OpenCC configs takes about 0.15 s, most of
the start-up of one page.  Rebuild after changing frequent_chars.txt or OpenCC:
python scripts/build_frequent_traditional.py
"""

from pathlib import Path

from cleaner.datafiles import lines
from cleaner.text.convert import backend, converter

DATA = Path(__file__).resolve().parent.parent / "cleaner" / "data"
WIDTH = 60


def traditional_forms() -> list[str]:
    """The characters ``s2t`` and ``s2hk`` turn the frequent ones into, that are not among them."""
    simp = "".join(lines("frequent_chars.txt"))
    forms = set(converter("s2t")(simp)) | set(converter("s2hk")(simp))
    return sorted(forms - set(simp))


if __name__ == "__main__":
    assert backend() == "native", "build with the native OpenCC binding (the default)"
    chars = "".join(traditional_forms())
    out = DATA / "frequent_traditional.txt"
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# Traditional forms of frequent_chars.txt (OpenCC s2t and s2hk) that are not in it,\n"
                 "# in code point order.  Built by scripts/build_frequent_traditional.py.\n")
        for i in range(0, len(chars), WIDTH):
            fh.write(chars[i : i + WIDTH] + "\n")
    print(f"{out}: {len(chars)} characters")
