#!/usr/bin/env python3
"""Build cleaner/data/gbk_readings.tsv.gz: the pinyin readings of every GBK character.

``repair`` uses it on pages where pinyin was injected into GBK *bytes* at a misaligned
offset (``當(dāng)?shù)剞r`` is ``當地農``: the bytes of 當's second half and 地's first half
were read as 數 and ``(shù)`` was inserted after them).  The injected reading names the
character the misaligned bytes formed, which pins down the byte the decoder lost.

Rows: a toned reading (``shù``), a tab, every GBK character with that reading.
Needs pypinyin (readings from the Unihan database and CC-CEDICT, MIT licence); it is only
needed to rebuild the table:  pip install pypinyin && python scripts/build_readings.py
"""

import gzip
from collections import defaultdict
from pathlib import Path

from pypinyin import Style, pinyin

out = Path(__file__).resolve().parent.parent / "cleaner" / "data" / "gbk_readings.tsv.gz"
by_reading: dict[str, list[str]] = defaultdict(list)
for lead in range(0x81, 0xFF):
    for trail in range(0x40, 0xFF):
        if trail == 0x7F:
            continue
        try:
            ch = bytes((lead, trail)).decode("gbk")
        except UnicodeDecodeError:
            continue
        if not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"):
            continue
        readings = pinyin(ch, style=Style.TONE, heteronym=True, errors="ignore")
        for r in sorted(set(readings[0])) if readings else ():
            if r and r != ch:
                by_reading[r].append(ch)
rows = [f"{r}\t{''.join(chars)}\n" for r, chars in sorted(by_reading.items())]
header = "# pinyin reading<TAB>GBK characters; built by scripts/build_readings.py from pypinyin\n"
with gzip.GzipFile(out, "wb", mtime=0) as f:
    f.write((header + "".join(rows)).encode("utf-8"))
print(f"{out}: {len(rows)} readings, {sum(len(c) for c in by_reading.values())} entries")
