#!/usr/bin/env python3
"""GBK byte slips made on purpose, to measure ``repair`` beyond the seeds' few spots.

The damage the seeds show comes from ASCII inserted into GBK *bytes* at a misaligned offset
(a byte-level find-and-replace that matched the second half of one character and the first
half of the next):

* ``reading``: a pinyin reading inserted after a misaligned character, ``當地`` ->
  ``當`` + ``(shù)`` inside ``地`` (the bytes 94 B5 read as 數);
* ``comma``: a comma inserted before a misaligned full-width mark (``。”`` = A1 A3 A1 B1
  holds ``！`` = A3 A1).

The bytes are then decoded the way the damaged pages were: a lead byte followed by an
invalid trail becomes ``?`` and swallows that byte when it is ASCII; user-defined areas
become private-use characters.  Each damaged excerpt is repaired and the result compared
with the original:

* ``exact``: repaired to the original text;
* ``partial``: the original with one character still lost (a ``?`` or a gap where a byte
  was swallowed) and nothing else different;
* ``untouched``: ``repair`` left the damage as it was;
* ``wrong``: anything else (a wrong character chosen).

Run: python bench/slips.py [--per-line N] [--seed S] [FOLDER of *.gold.json or of pages]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUTCOMES = ("exact", "partial", "untouched", "wrong")


def decode_damaged(data: bytes) -> str:
    """GBK as the damaged pages were decoded: an invalid pair gives ``?`` and swallows an
    ASCII second byte (not a newline); user-defined areas give private-use characters."""
    out: list[str] = []
    i = 0
    while i < len(data):
        x = data[i]
        if x < 0x80:
            out.append(chr(x))
            i += 1
            continue
        if i + 1 < len(data) and 0x40 <= data[i + 1] <= 0xFE and data[i + 1] != 0x7F:
            try:
                out.append(data[i:i + 2].decode("gb18030"))
                i += 2
                continue
            except UnicodeDecodeError:
                pass
        out.append("?")
        i += 2 if i + 1 < len(data) and data[i + 1] < 0x80 and data[i + 1] != 0x0A else 1
    return "".join(out)


def _by_char() -> dict[str, list[str]]:
    from cleaner.text.pinyin import TONED, readings

    out: dict[str, list[str]] = {}
    for reading, chars in sorted(readings().items()):
        if (set(TONED) - set("üńňǹḿ")) & set(reading):  # injected readings carry a tone mark
            for ch in sorted(chars):
                out.setdefault(ch, []).append(reading)
    return out


def damage(text: str, model: str, rng: random.Random, by_char: dict[str, list[str]]) -> str | None:
    """``text`` with one misaligned insertion of the given model, decoded; None if none fits."""
    from cleaner.filters.repair.gbk_slip import TARGETS  # the marks comma injectors put a comma before

    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:
        return None
    starts, pos = [], 0
    for ch in text:
        starts.append((pos, len(ch.encode("gbk"))))
        pos += starts[-1][1]
    spots: list[tuple[int, bytes]] = []
    for (s1, n1), (s2, n2) in itertools.pairwise(starts):
        if n1 != 2 or n2 != 2:
            continue
        try:
            misaligned = data[s1 + 1:s2 + 1].decode("gbk")
        except UnicodeDecodeError:
            continue
        if model == "reading" and misaligned in by_char:
            spots.append((s2 + 1, f"({rng.choice(by_char[misaligned])})".encode("gbk")))
        elif model == "comma" and misaligned in TARGETS:
            spots.append((s1 + 1, b","))
    if not spots:
        return None
    at, inserted = rng.choice(spots)
    return decode_damaged(data[:at] + inserted + data[at:])


def outcome(repaired: str, damaged: str, original: str) -> str:
    if repaired == original:
        return "exact"
    if repaired == damaged:
        return "untouched"
    i = next((k for k, (a, b) in enumerate(zip(repaired, original, strict=False)) if a != b),
             min(len(repaired), len(original)))
    rest = repaired[i + 1:] if repaired[i:i + 1] == "?" else repaired[i:]
    if any(rest == original[i + cut:] for cut in (1, 2)):  # a character lost, maybe a byte too
        return "partial"
    return "wrong"


def lines(folder: Path) -> list[str]:
    """Traditional renderings of the lines of 20+ characters of the gold bodies in
    ``folder`` (``*.gold.json``), or else of its pages (``*.html``, ``*.txt``) as cleaned."""
    from cleaner import clean_bytes
    from cleaner.text.convert import converter

    s2t = converter("s2t")
    bodies = [json.loads(p.read_text(encoding="utf-8"))["body"] for p in sorted(folder.glob("*.gold.json"))]
    if not bodies:
        pages = sorted(p for p in folder.iterdir() if p.suffix in (".html", ".htm", ".txt"))
        bodies = [clean_bytes(p.read_bytes(), name=str(p)).text for p in pages]
    out = []
    for body in bodies:
        for line in body.split("\n"):
            line = line.strip().replace(",", "，")
            if len(line) >= 20:
                out.append(s2t(line))
    return out


def cases(folder: Path, per_line: int = 4, seed: int = 7) -> Iterator[tuple[str, str, str]]:
    """``(model, original, damaged)`` for 40-character excerpts of the gold lines."""
    rng = random.Random(seed)
    by_char = _by_char()
    for line in lines(folder):
        for model in ("reading", "comma"):
            for _ in range(per_line):
                start = rng.randrange(max(1, len(line) - 40))
                original = line[start:start + 40]
                damaged = damage(original, model, rng, by_char)
                if damaged and damaged != original:
                    yield model, original, damaged


def measure(folder: Path, per_line: int = 4, seed: int = 7) -> dict[str, Counter[str]]:
    from cleaner.config import DEFAULT
    from cleaner.document import Document
    from cleaner.filters.repair import repair

    counts: dict[str, Counter[str]] = {}
    for model, original, damaged in cases(folder, per_line, seed):
        repaired = repair(Document("x", source=damaged, text=damaged), DEFAULT).text
        counts.setdefault(model, Counter())[outcome(repaired, damaged, original)] += 1
    return counts


def rates(counts: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
    """Per damage model: the share of each outcome, and ``cases``."""
    out = {}
    for model, c in sorted(counts.items()):
        n = sum(c.values())
        out[model] = {k: c[k] / n for k in OUTCOMES} | {"cases": n}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT / "seeds" / "gold"))
    ap.add_argument("--per-line", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    print(f"{'model':<8} {'cases':>5} " + " ".join(f"{k:>10}" for k in OUTCOMES))
    for model, r in rates(measure(Path(a.folder), a.per_line, a.seed)).items():
        print(f"{model:<8} {r['cases']:>5} " + " ".join(f"{r[k]:>10.1%}" for k in OUTCOMES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
