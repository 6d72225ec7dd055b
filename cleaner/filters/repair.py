"""``repair``: fix mojibake inside decoded text; every fix is an Edit with a reason.

* GBK byte slips: a lead byte replaced by ``?`` shifts every following byte pair until
  the next ASCII byte (``沒問題?!鄙鐓^`` is ``沒問題。”社區``).  The garbled run is
  re-encoded, the lost lead byte is chosen so that the result is the most plausible
  Chinese (character-frequency table), and the repair is kept only when it is clearly
  better than the garbled run.
* UTF-8 text that was decoded as GBK (``鈥滄垜``) or as Latin-1/cp1252 (``ä¸­æ–‡``).
* ``锟斤拷`` runs (UTF-8 replacement characters read as GBK), stray U+FFFD and private-use
  characters: removed and counted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..config import Options
from ..datafiles import lines
from ..document import Document
from ..registry import register
from .charset import codec_chars, common_chars

PUNCT = set("，。、；：？！“”‘’（）《》【】…—·「」")
FOLDED = {"!": "！", ",": "，", ":": "：", ";": "；", "?": "？", "(": "（", ")": "）"}

# "?" (a lead byte lost and replaced), an optional folded full-width punctuation mark,
# a run of double-byte characters, then an optional ASCII byte that was really the last
# trail byte (0x40-0x7E).
_SLIP = re.compile(r"\?([!,:;?()]?)([^\x00-\x7f\s]+)([\x40-\x7e]?)")
_UTF8_AS_GBK = re.compile(r"[^\x00-\x7f\s\u3000-\u303f\uff00-\uffef“”‘’…—]{2,}")
_LATIN_MOJIBAKE = re.compile(
    r"(?:[\u00c2-\u00ef][\u0080-\u00bf\u0081\u008d\u008f\u0090\u009d\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}){2,}"
)
_KUNKIN = re.compile(r"(?:锟斤拷|烫烫烫|屯屯屯)+")
_JUNK = re.compile(r"[\ufffd\ue000-\uf8ff]")


@lru_cache(maxsize=1)
def frequent() -> frozenset[str]:
    """Frequent characters, simplified and (through OpenCC) traditional forms."""
    simp = "".join(lines("frequent_chars.txt"))
    chars = set(simp)
    try:
        from ..convert import converter

        chars.update(converter("s2t")(simp))
        chars.update(converter("s2hk")(simp))
    except Exception:  # pragma: no cover - converter missing: simplified only
        pass
    return frozenset(chars)


def char_score(ch: str) -> float:
    """How plausible one character is in Chinese news text."""
    if ch in PUNCT:
        return 3.0
    if ch in frequent():
        return 2.0
    if ch in common_chars():
        return 0.3
    if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd":
        return -5.0
    if ch < "\x80":
        return 0.0
    return -2.0


def score(text: str) -> float:
    """Mean plausibility of the non-ASCII characters of ``text``.

    >>> score("。”社区党委") > 1.5 > score("鄙鐓")
    True
    """
    xs = [char_score(c) for c in text if c >= "\x80"]
    return sum(xs) / len(xs) if xs else 0.0


def _encode_run(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        try:
            b = ch.encode("gb18030")
        except UnicodeEncodeError:
            return None
        if len(b) != 2:
            return None
        out += b
    return bytes(out)


def fix_slip(punct: str, run: str, trail: str) -> tuple[str, str] | None:
    """Re-pair a byte-slipped run; return ``(repaired, reason)`` or ``None``.

    >>> fix_slip("!", "鄙鐓", "^")
    ('。”社區', 'GBK byte slip repaired')
    """
    body = _encode_run((FOLDED.get(punct, "") + run) if punct else run)
    if body is None:
        return None
    tail = trail.encode("ascii") if trail else b""
    original = score((FOLDED.get(punct, punct) if punct else "") + run)
    if trail:
        original -= 2.0  # an ASCII byte glued between Chinese characters is itself a symptom
    elif original >= 1.0:
        return None  # plausible text after a real question mark
    best: tuple[float, str] | None = None
    lost = not tail
    for lead in range(0x81, 0xFF):
        try:  # cheap pre-check on the first re-paired character
            if char_score(bytes((lead, body[0])).decode("gbk")) < 0.3:
                continue
        except UnicodeDecodeError:
            continue
        data = bytes((lead,)) + body + tail
        if lost:
            data = data[:-1]  # the last lead byte lost its trail: that character is gone
        try:
            text = data.decode("gbk")
        except UnicodeDecodeError:
            continue
        if any(c < "\x80" or "\ue000" <= c <= "\uf8ff" for c in text):
            continue
        s = score(text) + (0.5 if text[0] in PUNCT or text[0] in frequent() else 0)
        if best is None or s > best[0]:
            best = (s, text)
    if best is None:
        return None
    s, text = best
    if score(text) >= 1.0 and score(text) - original >= 0.8:
        reason = "GBK byte slip repaired" + (" (one character lost)" if lost else "")
        return text, reason
    return None


def _slips(text: str) -> list[tuple[int, int, str, str]]:
    spans = []
    for m in _SLIP.finditer(text):
        if len(m.group(2)) < 2 and not (m.group(1) and m.group(3)):
            continue  # one character is too little evidence unless both ends show the slip
        fixed = fix_slip(m.group(1), m.group(2), m.group(3))
        if fixed:
            spans.append((m.start(), m.end(), fixed[0], fixed[1]))
    return spans


def _gbk(text: str) -> bytes:
    """GBK bytes as a Windows decoder produced the text (0x80 is €)."""
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")


@lru_cache(maxsize=1)
def _telltale_rx() -> re.Pattern[str]:
    """The characters whose GBK bytes look like a UTF-8 lead and continuation byte."""
    chars = codec_chars("gbk", range(0xE2, 0xF0), range(0x80, 0xC0))
    return re.compile("[" + "".join(sorted(chars)) + "]")


def _utf8_read_as_gbk(text: str) -> list[tuple[int, int, str, str]]:
    """Find sub-runs whose GBK bytes are valid UTF-8 that reads better.

    >>> garbled = "新闻报道说".encode("utf-8").decode("gbk", "replace")
    >>> garbled, [s[2] for s in _utf8_read_as_gbk(garbled)]
    ('鏂伴椈鎶ラ亾璇�', ['新闻报道'])
    """
    spans: list[tuple[int, int, str, str]] = []
    telltale = _telltale_rx()
    if len(telltale.findall(text, 0, 200_000)) < 2:
        return spans  # ordinary Chinese text: none of the characters UTF-8 bytes turn into
    for m in _UTF8_AS_GBK.finditer(text):
        run = m.group()
        if len(telltale.findall(run)) < 2:
            continue
        i = 0
        while i < len(run) - 1:
            if not telltale.match(run[i]):
                i += 1
                continue
            found = None
            for j in range(len(run), i + 1, -1):
                try:
                    fixed = _gbk(run[i:j]).decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                if score(fixed) - score(run[i:j]) >= 1.0:
                    found = (j, fixed)
                break
            if found:
                j, fixed = found
                spans.append((m.start() + i, m.start() + j, fixed, "UTF-8 text decoded as GBK"))
                i = j
            else:
                i += 1
    return spans


def _latin_mojibake(text: str) -> list[tuple[int, int, str, str]]:
    spans = []
    for m in _LATIN_MOJIBAKE.finditer(text):
        run = m.group()
        try:
            fixed = _cp1252_bytes(run).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in fixed):
            spans.append((m.start(), m.end(), fixed, "UTF-8 text decoded as cp1252"))
    return spans


def _cp1252_bytes(run: str) -> bytes:
    """Bytes as a Windows-1252 decoder saw them; its five undefined bytes come back as
    U+0081, U+008D, U+008F, U+0090, U+009D (what browsers do)."""
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                raise
            out.append(ord(ch))
    return bytes(out)


@register("repair")
def repair(doc: Document, opts: Options) -> Document:
    """Repair mojibake: GBK byte slips, UTF-8 read as GBK or cp1252, 锟斤拷, U+FFFD, private use."""
    text = doc.text
    if text.isascii():
        return doc
    if "?" in text:
        doc.replace_spans("repair", _slips(text))
    doc.replace_spans("repair", _utf8_read_as_gbk(doc.text))
    if re.search(r"[\u00c2-\u00ef]", doc.text):
        doc.replace_spans("repair", _latin_mojibake(doc.text))
    doc.replace_spans("repair", [(m.start(), m.end(), "", "锟斤拷 run (lost characters)")
                                 for m in _KUNKIN.finditer(doc.text)])
    junk = [(m.start(), m.end(), "", "replacement character" if m.group() == "\ufffd"
             else "private-use character") for m in _JUNK.finditer(doc.text)]
    doc.replace_spans("repair", junk)
    return doc
