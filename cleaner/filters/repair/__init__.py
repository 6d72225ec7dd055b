"""``repair``: fix mojibake inside decoded text; every fix is an Edit with a reason.

One module per named fix, applied in this order:

* :mod:`.gbk_slip`: GBK byte slips (an ASCII byte inserted inside a character shifts the
  byte pairs after it), repaired by re-pairing the bytes.
* :mod:`.misdecoded`: UTF-8 text that was decoded as GBK (``鈥滄垜``) or as cp1252 (``ä¸­æ–‡``).
* :mod:`.junk`: ``锟斤拷`` runs, stray U+FFFD and private-use characters, removed and counted.
"""

from __future__ import annotations

import re

from ...config import Options
from ...document import Document
from ...registry import register
from . import gbk_slip, junk, misdecoded


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
    doc.replace_spans("repair", misdecoded.utf8_read_as_gbk(doc.text))
    if re.search(r"[\u00c2-\u00ef]", doc.text):
        doc.replace_spans("repair", misdecoded.latin_mojibake(doc.text))
    doc.replace_spans("repair", junk.kunkin(doc.text))
    doc.replace_spans("repair", junk.stray(doc.text))
    return doc
