"""Text decoded in the wrong charset: UTF-8 read as GBK (``鈥滄垜``) or as cp1252 (``ä¸­æ–‡``)."""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from ...document import Span
from ...text import rx
from ...text.han import codec_chars, score

# (fullwidth letters, GBK's row A3 that UTF-8 bytes fall into, are in a run; fullwidth marks end one)
_RUN_CHAR = r"[^\x00-\x7f\s\u3000-\u303f\uff00-\uff20\uff3b-\uff40\uff5b-\uffef“”‘’…—]"
_CONT = (r"[\u0080-\u00bf\u0081\u008d\u008f\u0090\u009d\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
         r"\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_LATIN_MOJIBAKE = rx.compile(rf"(?:[\u00c2-\u00ef]{_CONT}{{1,3}}){{2,}}")
_LATIN_START = rx.compile(rf"[\u00c2-\u00ef]{_CONT}")  # searched first: four times faster on a page without it
@lru_cache(maxsize=32768)
def _gbk(text: str) -> bytes:
    """GBK bytes as a Windows decoder produced the text (0x80 is €); called per character."""
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")


TELLTALE_SPAN = 200_000
"""Telltales are counted in this many characters of a page before its runs are searched."""


@lru_cache(maxsize=1)
def telltales() -> frozenset[str]:
    """The characters whose GBK bytes look like a UTF-8 lead and continuation byte."""
    return frozenset(codec_chars("gbk", range(0xE2, 0xF0), range(0x80, 0xC0)))


@lru_cache(maxsize=1)
def _telltale_rx() -> re.Pattern[str]:
    return rx.compile("[" + "".join(sorted(telltales())) + "]")


@lru_cache(maxsize=1)
def _lossy_telltale_rx() -> re.Pattern[str]:
    """The telltales and U+FFFD, which a lossy decode left for a byte: a run's telltale then,
    never a page's sign."""
    return rx.compile("[" + "".join(sorted(telltales())) + "\ufffd]")


_RUN = rx.compile(_RUN_CHAR + "*")
_RUN_BREAK = rx.compile(_RUN_CHAR.replace("[^", "[", 1))  # the complement of _RUN_CHAR


def _suspect_runs(text: str, telltale: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of whole runs of non-ASCII, non-punctuation characters that hold
    two telltales or more, found from the telltales (a few in a page) outward."""
    pos = [m.start() for m in telltale.finditer(text)]
    k = 0
    while k < len(pos) - 1:
        p, q = pos[k], pos[k + 1]
        if _RUN_BREAK.search(text, p, q):
            k += 1
            continue
        start = p
        while start and not _RUN_BREAK.match(text, start - 1):
            start -= 1
        end = _RUN.match(text, q).end()  # type: ignore[union-attr]  # X* always matches
        yield start, end
        while k < len(pos) and pos[k] < end:
            k += 1


_LOST = 0xFF  # stands in the bytes for a U+FFFD: no UTF-8 text holds it
_LOST_RUN = rx.compile("\ufffd+")


def _lost_byte(exc: UnicodeError) -> tuple[str, int]:
    """A decode error handler: a sequence cut short by a lost byte (``_LOST``), or the rest of
    one that a lost byte began, is one lost character; any other error stands."""
    if not isinstance(exc, UnicodeDecodeError) or _LOST not in exc.object[max(0, exc.start - 3) : exc.end + 1]:
        raise exc
    return "\ufffd", exc.end


codecs.register_error("cleaner-lost-byte", _lost_byte)


def _across_lost(run: str) -> str | None:
    """A run of UTF-8 text read as GBK with a byte lost here and there (the GBK decoder put a
    U+FFFD where a byte would not pair): its text with one U+FFFD for each character that
    held a lost byte, or None when anything else in it is not UTF-8."""
    data = b"".join(bytes((_LOST,)) if c == "\ufffd" else _gbk(c) for c in run)
    try:
        return _LOST_RUN.sub("\ufffd", data.decode("utf-8", "cleaner-lost-byte"))
    except UnicodeDecodeError:
        return None


def utf8_read_as_gbk(text: str) -> list[Span]:
    """Find sub-runs whose GBK bytes are valid UTF-8 that reads better.

    >>> garbled = "新闻报道说".encode("utf-8").decode("gbk", "replace")
    >>> garbled, [s[2] for s in utf8_read_as_gbk(garbled)]  # 说's last byte was lost: U+FFFD, removed later
    ('鏂伴椈鎶ラ亾璇�', ['新闻报道\ufffd'])
    """
    spans: list[Span] = []
    telltale = _telltale_rx()
    if len(telltale.findall(text, 0, TELLTALE_SPAN)) < 2:
        return spans  # ordinary Chinese text: none of the characters UTF-8 bytes turn into
    if "\ufffd" in text:
        telltale = _lossy_telltale_rx()
    for run_start, run_end in _suspect_runs(text, telltale):
        run = text[run_start:run_end]
        if "\ufffd" in run:  # a lossy decode: the whole run at once, each lost byte costing one character
            whole = _across_lost(run)
            kept = whole.replace("\ufffd", "") if whole is not None else ""
            # (a run that was all one or two lost characters has no text to score: its bytes
            # fitting UTF-8 around the lost ones, on a page of such runs, is the evidence)
            if whole is not None and (score(kept) - score(run) >= 1.0 if kept else len(run) <= 4):
                spans.append((run_start, run_end, whole, "UTF-8 text decoded as GBK"))
                continue
        chunks = [_gbk(c) for c in run]
        data = b"".join(chunks)
        offsets = [0, *itertools.accumulate(map(len, chunks))]  # run[k] starts at offsets[k]
        i = 0
        while i < len(run) - 1:
            if not telltale.match(run[i]):
                i += 1
                continue
            # the longest run[i:j] (j >= i + 2) whose bytes decode as UTF-8: none can reach
            # past the first invalid byte, so start the search there
            try:
                data[offsets[i]:].decode("utf-8")
                limit = len(data)
            except UnicodeDecodeError as e:
                limit = offsets[i] + e.start
            found = None
            for j in range(bisect.bisect_right(offsets, limit) - 1, i + 1, -1):
                try:
                    fixed = data[offsets[i]:offsets[j]].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if score(fixed) - score(run[i:j]) >= 1.0:
                    found = (j, fixed)
                break
            if found:
                j, fixed = found
                spans.append((run_start + i, run_start + j, fixed, "UTF-8 text decoded as GBK"))
                i = j
            else:
                i += 1
    return spans


def latin_starts(text: str, latin: list[int]) -> bool:
    """Whether cp1252 mojibake starts at one of the Latin-1 letters at ``latin`` (what
    :func:`latin_mojibake` first looks for, where the letters are known)."""
    return any(_LATIN_START.match(text, at) for at in latin)


def latin_mojibake(text: str) -> list[Span]:
    """Runs of UTF-8 bytes read as Latin-1/cp1252, decoded back."""
    spans: list[Span] = []
    if not _LATIN_START.search(text):
        return spans
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
