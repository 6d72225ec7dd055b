#!/usr/bin/env python3
"""Build cleaner/data/char_freq.tsv.gz and cleaner/data/words2.tsv.gz from jieba's dictionary.

``repair`` uses them to choose between candidate characters for a byte lost in a GBK slip:
how common each candidate is, and which common two-character words it forms with its
neighbours (福利 is a word, 担利 is not).  Source: jieba's dictionary (MIT licence), ~349,000
words with counts; simplified Chinese.

* char_freq.tsv.gz: a Han character, a tab, log10 of the summed counts of the words it
  occurs in (one decimal), most frequent first.
* words2.tsv.gz: a first character, a tab, then for every two-Han word it starts with a
  count of at least MIN_COUNT: the second character followed by one digit, round(log10(count)).

Only needed to rebuild the tables:  pip install jieba && python scripts/build_frequencies.py
"""

import gzip
import math
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

MIN_COUNT = 10
DATA = Path(__file__).resolve().parent.parent / "cleaner" / "data"


def han(s: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" for c in s)


src = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
chars: Counter[str] = Counter()
pairs: dict[str, dict[str, int]] = defaultdict(dict)
for line in src.splitlines():
    word, count, *_ = line.split(" ")
    n = int(count)
    for c in word:
        if han(c):
            chars[c] += n
    if len(word) == 2 and n >= MIN_COUNT and han(word):
        pairs[word[0]][word[1]] = min(9, max(1, round(math.log10(n))))


def write(name: str, header: str, rows: list[str]) -> None:
    with gzip.GzipFile(DATA / name, "wb", mtime=0) as f:
        f.write((header + "".join(rows)).encode("utf-8"))
    print(f"{DATA / name}: {len(rows)} rows")


write("char_freq.tsv.gz", "# Han character<TAB>log10 of its count in jieba's dictionary\n",
      [f"{c}\t{math.log10(n):.1f}\n" for c, n in chars.most_common() if n > 0])
write("words2.tsv.gz",
      f"# first character<TAB>second characters, each with round(log10 count) of the word (jieba >= {MIN_COUNT})\n",
      [f"{a}\t{''.join(b + str(d) for b, d in sorted(seconds.items()))}\n" for a, seconds in sorted(pairs.items())])
