"""Pinyin: the toned vowels that mark an injected reading, and readings of the GBK characters."""

from __future__ import annotations

from functools import lru_cache

from ..datafiles import table

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
"""Letters that occur only in toned pinyin: a bracketed run with one of them is a reading."""


@lru_cache(maxsize=1)
def readings() -> dict[str, frozenset[str]]:
    """Toned pinyin reading -> the GBK characters read that way (``data/gbk_readings.tsv.gz``)."""
    return {row[0]: frozenset(row[1]) for row in table("gbk_readings.tsv.gz") if len(row) == 2}
