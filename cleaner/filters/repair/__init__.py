"""``repair``: fix mojibake inside decoded text; every fix is an Edit with a reason.

One module per named fix, applied in this order:

* :mod:`.gbk_slip`: GBK byte slips (an ASCII byte inserted inside a character shifts the
  byte pairs after it), repaired by re-pairing the bytes.
* :mod:`.misdecoded`: UTF-8 text that was decoded as GBK (``鈥滄垜``) or as cp1252 (``ä¸­æ–‡``).
* :mod:`.junk`: ``锟斤拷`` runs, stray U+FFFD and private-use characters, removed and counted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...config import Options
from ...document import Document
from ...registry import register
from ...text import rx
from . import gbk_slip, junk, misdecoded

_LATIN = ("\u00c2", "\u00ef")  # the Latin-1 letters cp1252 mojibake starts with


@lru_cache(maxsize=1)
def _sign_class() -> tuple[re.Pattern[str], frozenset[str]]:
    """One class of every character a repair below starts from (the UTF-8-as-GBK telltales,
    Latin-1 letters, the first characters of 锟斤拷 runs, U+FFFD and private use) and the
    telltales alone."""
    tell = misdecoded.telltales()
    return rx.compile("[" + "".join(sorted(tell)) + f"{_LATIN[0]}-{_LATIN[1]}锟烫屯\ufffd\ue000-\uf8ff]"), tell


def _signs(text: str) -> tuple[int, list[int], bool, list[int]]:
    """One pass over ``text`` for what each repair starts from: how many telltales stand in its
    first ``misdecoded.TELLTALE_SPAN`` characters, where the Latin-1 letters are, whether a
    锟/烫/屯 is there, where the U+FFFD and private-use characters are.  A page that holds none
    of them (most) is done with this one pass instead of one per repair."""
    signs, tell = _sign_class()
    tells, latin, kun, stray = 0, [], False, []
    for m in signs.finditer(text):
        c, at = m.group(), m.start()
        if c in tell and at < misdecoded.TELLTALE_SPAN:
            tells += 1
        if c in "锟烫屯":
            kun = True
        elif _LATIN[0] <= c <= _LATIN[1]:
            latin.append(at)
        elif c not in tell:
            stray.append(at)
    return tells, latin, kun, stray


@register("repair", order=20)
def repair(doc: Document, opts: Options) -> Document:
    """Repair mojibake: GBK byte slips, UTF-8 read as GBK/cp1252, 锟斤拷, U+FFFD, private use."""
    text = doc.text
    if text.isascii():
        return doc
    if "?" in text:
        left: list[int] = []
        doc.replace_spans("repair", gbk_slip.slips(text, left))
        if left:
            line = text.count("\n", 0, left[0]) + 1
            doc.warnings.append(f"repair: {len(left)} garbled run(s) that look like GBK byte slips left"
                                f" as they are (first on line {line}: {text[left[0]:left[0] + 12]!r})")
    tells, latin, kun, stray = _signs(doc.text)  # each repair runs where its signs are (again after a change)
    if tells >= 2 and doc.replace_spans("repair", misdecoded.utf8_read_as_gbk(doc.text)):
        tells, latin, kun, stray = _signs(doc.text)
    if misdecoded.latin_starts(doc.text, latin) and doc.replace_spans("repair", misdecoded.latin_mojibake(doc.text)):
        tells, latin, kun, stray = _signs(doc.text)
    if kun and doc.replace_spans("repair", junk.kunkin(doc.text)):
        tells, latin, kun, stray = _signs(doc.text)
    doc.replace_spans("repair", junk.stray(doc.text, stray))
    return doc
