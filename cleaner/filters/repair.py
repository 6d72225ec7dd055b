"""``repair``: fix mojibake inside decoded text; every fix is an Edit with a reason.

* GBK byte slips: an ASCII byte inserted into the GBK bytes *inside* a character (an
  injected comma or pinyin reading matched at a misaligned offset) orphans the lead byte,
  which the decoder shows as ``?`` (swallowing the ASCII byte), and shifts every following
  byte pair until the next ASCII byte (``沒問題?!鄙鐓^`` is ``沒問題。”社區``).  The garbled
  run is re-encoded and the lost lead byte is chosen so that the result is the most
  plausible Chinese (character-frequency table); the repair is kept only when it is
  clearly better than the garbled run.  When the rest of an injected reading follows the
  ``?`` (``當(dāng)?shù)剞r`` is ``當地農``), it names the character the misaligned bytes
  formed (數 = 當's second byte + 地's first), which pins the lost byte down
  (``data/gbk_readings.tsv.gz``); a run ending in ``?`` + a reading (``撠?zé)``) gets its
  last character the same way, and otherwise only when context leaves one candidate
  (a closing quote after an open one).
* UTF-8 text that was decoded as GBK (``鈥滄垜``) or as Latin-1/cp1252 (``ä¸­æ–‡``).
* ``锟斤拷`` runs (UTF-8 replacement characters read as GBK), stray U+FFFD and private-use
  characters: removed and counted.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from ..config import Options
from ..datafiles import lines, table
from ..document import Document
from ..registry import register
from .charset import codec_chars, common_chars
from .spam import TONED

PUNCT = set("，。、；：？！“”‘’（）《》【】…—·「」")
FOLDED = {"!": "！", ",": "，", ":": "：", ";": "；", "?": "？", "(": "（", ")": "）"}

_READING = rf"[a-z{TONED}]{{0,5}}[{TONED}][a-z{TONED}]{{0,5}}\)"
# "?" (an orphaned lead byte; the ASCII byte after it swallowed), the rest of a reading
# injected there, an optional folded full-width punctuation mark, a run of double-byte
# characters (U+3000 is one: A1 A1), then either an ASCII byte that was really the last trail byte (0x40-0x7E)
# or another "?" (the last lead byte orphaned) with the rest of a reading injected there.
_SLIP = re.compile(
    rf"\?(?P<lead_reading>\(?{_READING})?(?P<punct>[!,:;?()]?)(?P<run>(?:[^\x00-\x7f\s]|\u3000)*)"
    rf"(?:(?P<trail>[\x40-\x7e])|(?=(?P<orphan>\?)(?P<end_reading>\(?{_READING})?))?"
)
_HAN_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e“”‘’…—·]+")
_READING_BEFORE = re.compile(rf"\({_READING}$")
OPENERS = dict(zip("“‘「『《〈【〔（〖", "”’」』》〉】〕）〗", strict=True))
STOPS = set("，。、；：？！,.;:?!")
TARGETS = set("，。、；：？！")  # the marks comma injectors put a comma before
WORD_CAP = 2.4  # a common word (log10 count) adds at most 0.5 * 2.4 = 1.2 to a candidate
_RUN_CHAR = r"[^\x00-\x7f\s\u3000-\u303f\uff00-\uffef“”‘’…—]"
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


@lru_cache(maxsize=1)
def readings() -> dict[str, frozenset[str]]:
    """Toned pinyin reading -> the GBK characters read that way."""
    return {row[0]: frozenset(row[1]) for row in table("gbk_readings.tsv.gz") if len(row) == 2}


@lru_cache(maxsize=1)
def char_freq() -> dict[str, float]:
    """log10 of how often each Han character occurs (simplified forms)."""
    return {row[0]: float(row[1]) for row in table("char_freq.tsv.gz") if len(row) == 2}


@lru_cache(maxsize=1)
def words() -> dict[str, dict[str, int]]:
    """First character -> {second character: log10 count} for common two-character words."""
    out = {}
    for row in table("words2.tsv.gz"):
        if len(row) == 2:
            out[row[0]] = {row[1][i]: int(row[1][i + 1]) for i in range(0, len(row[1]) - 1, 2)}
    return out


@lru_cache(maxsize=8192)
def _simplified(text: str) -> str:
    try:
        from ..convert import converter

        simp = converter("t2s")(text)
    except Exception:  # pragma: no cover - converter missing: take the text as it is
        return text
    return simp if len(simp) == len(text) else text


def _word(a: str, b: str) -> int:
    """round(log10 count) of the word ``a + b`` (simplified characters), 0 if not a word."""
    return words().get(a, {}).get(b, 0)


@lru_cache(maxsize=65536)
def fit(ch: str, before: str, after: str) -> float:
    """How well ``ch`` fits after ``before`` (its last one or two characters) and before
    the character ``after``: how common it is, plus the words it forms with them.  A word
    with the character before counts only when that character does not already end a word
    (in 榮幸福 the 幸 belongs to 榮幸); a pause or stop mark before another loses.

    >>> fit("福", "“", "利") > fit("担", "“", "利")  # 福利 is a word, 担利 is not
    True
    >>> fit("。", "問題", "”") > fit("海", "問題", "”")
    True
    >>> fit("。", "榮幸", "“") > fit("福", "榮幸", "“")
    True
    >>> fit("模", "拼規", "”") > fit("。", "拼規", "”")
    True
    """
    freq = char_freq().get(_simplified(ch), 0.0)
    base = 2.5 if ch in PUNCT else min(2.0, freq - 2.5) + 0.01 * freq  # (ties: the commoner)
    if ch in STOPS and after in STOPS:  # (not before: injected commas precede marks)
        base -= 3.0
    pair = ("  " + _simplified(before[-2:]))[-2:]
    prev2, prev = pair[0], pair[1]
    c, nxt = _simplified(ch), _simplified(after[:1])
    left = 0 if _word(prev2, prev) else _word(prev, c)
    return base + 0.5 * (min(WORD_CAP, left) + min(WORD_CAP, _word(c, nxt)))


def _read_as(first: int, reading: str, seconds: range) -> list[int]:
    """The second bytes ``b`` for which GBK ``(first, b)`` is a character read ``reading``."""
    chars = readings().get(reading.lstrip("(").rstrip(")"), frozenset())
    out = []
    for b in seconds:
        try:
            if bytes((first, b)).decode("gbk") in chars:
                out.append(b)
        except UnicodeDecodeError:
            continue
    return out


def _open_quote(before: str) -> str | None:
    """The closing mark for the nearest opening quote or bracket left open in ``before``."""
    depth: dict[str, int] = {}
    for ch in reversed(before):
        if ch in OPENERS.values():
            depth[ch] = depth.get(ch, 0) + 1
        elif ch in OPENERS:
            close = OPENERS[ch]
            if depth.get(close):
                depth[close] -= 1
            else:
                return close
    return None


def _last_char(first: int, reading: str | None, before: str, after: str) -> str | None:
    """The character whose second byte an orphaned ``?`` hides, when the evidence is clear.

    A reading injected after it names it; otherwise only punctuation context can: a
    closing mark for an open quote wins, a pause mark before another pause mark loses.

    >>> _last_char(0xA1, None, "社區“小區管家庫", ",")
    '”'
    >>> _last_char(0xD8, "zé)", "", "")
    '責'
    >>> _last_char(0xD8, None, "", "") is None
    True
    """
    close = _open_quote(before)
    scored: list[tuple[float, str]] = []
    for b in _read_as(first, reading, range(0x40, 0xFF)) if reading else range(0x40, 0xFF):
        try:
            ch = bytes((first, b)).decode("gbk")
        except UnicodeDecodeError:
            continue
        scored.append((fit(ch, before, after) + (1.5 if ch == close else 0.0), ch))
    scored.sort(reverse=True)
    if scored and (reading or scored[0][0] >= 2.0) and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 1.0):
        return scored[0][1]
    return None


def fix_slip(punct: str, run: str, trail: str, leads: list[int] | None = None,
             before: str = "", orphan: bool = False) -> tuple[str, str] | None:
    """Re-pair a byte-slipped run; return ``(repaired, reason)`` or ``None``.

    ``leads`` restricts the lost lead byte to the candidates other evidence allows; ``before``
    holds the characters before the slip, for telling equally frequent candidates apart by
    the words they form (the candidates differ in their first character only); ``orphan``
    says a ``?`` follows the run (its last lead byte orphaned), evidence like ``trail``.  Without
    an ASCII ``trail`` the run's last lead byte has lost its trail byte: the text returned
    then stops before that character (``reason`` says so).

    >>> fix_slip("!", "鄙鐓", "^")
    ('。”社區', 'GBK byte slip repaired')
    """
    body = _encode_run((FOLDED.get(punct, "") + run) if punct else run)
    tail = trail.encode("ascii") if trail else b""
    if body is None or not body + tail:
        return None
    original = score((FOLDED.get(punct, punct) if punct else "") + run)
    if trail or orphan:
        original -= 2.0  # an ASCII byte (or a "?") glued to the run is itself a symptom
    elif original >= 1.0:
        return None  # plausible text after a real question mark
    lost = not tail
    # The candidates differ in their first character only (the lost lead byte + the run's
    # first byte); the rest re-pairs the same way whatever the lead byte was.
    seq = body + tail
    rest_bytes = seq[1:-1] if lost else seq[1:]  # lost: the last lead byte has no trail
    try:
        rest = rest_bytes.decode("gbk")
    except UnicodeDecodeError:
        return None
    if rest and not _HAN_TEXT.fullmatch(rest):
        return None  # Latin, Greek, box drawing, private use: shifted bytes, not text
    best: tuple[float, str] | None = None
    for lead in range(0x81, 0xFF) if leads is None else leads:
        try:
            first = bytes((lead, seq[0])).decode("gbk")
        except UnicodeDecodeError:
            continue
        if char_score(first) < 0.3 or not _HAN_TEXT.fullmatch(first):
            continue
        s = fit(first, before, rest[:1])  # alone and by the words it forms with its neighbours
        if best is None or s > best[0]:
            best = (s, first + rest)
    if best is None:
        return None
    s, text = best
    if score(text) >= 1.0 and score(text) - original >= 0.8:
        reason = "GBK byte slip repaired" + (" (one character lost)" if lost else "")
        return text, reason
    return None


def _before(text: str, pos: int) -> str:
    """The two characters before ``pos``, skipping a reading injected after them."""
    m = _READING_BEFORE.search(text, max(0, pos - 10), pos)
    if m:
        pos = m.start()
    return text[max(0, pos - 2):pos]


def _prev_byte(text: str, pos: int) -> int | None:
    """The last GBK byte of the character before ``pos`` (see :func:`_before`)."""
    try:
        b = _before(text, pos)[-1:].encode("gbk")
    except UnicodeEncodeError:
        return None
    return b[-1] if len(b) == 2 else None


def _orphan_is_evidence(m: re.Match[str], leads: list[int] | None) -> bool:
    """Whether a ``?`` right after the run counts as a symptom of the slip: when a reading
    is involved, or when the run starts as the comma slip's does (a mark a comma was put
    before) and is long enough not to re-pair into plausible text by chance; a question
    mark after a few characters is otherwise just that."""
    if not m.group("orphan"):
        return False
    if leads or m.group("end_reading"):
        return True
    run = m.group("run")
    return len(run) >= 3 and _comma_start(m.group("punct"), run)


def _comma_start(punct: str, run: str) -> bool:
    """Whether a run starts as the comma slip's does: with the mark a comma was put before
    (folded back from ASCII, or full-width)."""
    return punct in ("!", ",", ":", ";") or run[:1] in TARGETS


def _slips(text: str, unrepaired: list[int] | None = None) -> list[tuple[int, int, str, str]]:
    """Spans that repair GBK byte slips; offsets of garbled-looking runs left as they are
    go to ``unrepaired``."""
    spans: list[tuple[int, int, str, str]] = []
    for m in _SLIP.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue  # this "?" was the orphan that ended the previous run
        punct, run, trail = m.group("punct"), m.group("run"), m.group("trail") or ""
        leads = None
        if m.group("lead_reading"):
            prev = _prev_byte(text, m.start())
            if prev is None:
                continue  # a reading after "?" but no double-byte character to have split
            leads = _read_as(prev, m.group("lead_reading"), range(0x81, 0xFF))
            if not leads:
                continue  # the reading names no character those bytes could have formed
        elif len(run) < 2 and not (_comma_start(punct, run) and trail):
            continue  # one character is too little evidence unless both ends show the slip
        if not run and not (leads and trail):
            if leads and unrepaired is not None:
                unrepaired.append(m.start())  # a reading split a character whose bytes are gone
            continue  # nothing shifted: only a pinned lead byte and its trail make a character
        fixed = fix_slip(punct, run, trail, leads, _before(text, m.start()),
                         _orphan_is_evidence(m, leads))
        if not fixed:
            if unrepaired is not None and (leads or score(run) < 0.5):
                unrepaired.append(m.start())
            continue
        repaired, reason = fixed
        end = m.end()
        if m.group("orphan"):
            body = _encode_run(FOLDED.get(punct, "") + run if punct else run)
            line_start = text.rfind("\n", 0, m.start()) + 1
            after = text[m.end("orphan"):m.end("orphan") + 1]
            last = _last_char(body[-1], m.group("end_reading"), text[line_start:m.start()] + repaired,
                              after) if body else None
            if last:
                reading = m.group("end_reading") or ""
                repaired += last + ("(" if reading and not reading.startswith("(") else "")
                reason = "GBK byte slip repaired"
                end = m.end("orphan")
        if leads is not None:
            reason += " (a reading was injected inside a character)"
        spans.append((m.start(), end, repaired, reason))
    return spans


@lru_cache(maxsize=32768)
def _gbk(text: str) -> bytes:
    """GBK bytes as a Windows decoder produced the text (0x80 is €); called per character."""
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")


@lru_cache(maxsize=1)
def _telltale_rx() -> re.Pattern[str]:
    """The characters whose GBK bytes look like a UTF-8 lead and continuation byte."""
    chars = codec_chars("gbk", range(0xE2, 0xF0), range(0x80, 0xC0))
    return re.compile("[" + "".join(sorted(chars)) + "]")


_RUN = re.compile(_RUN_CHAR + "*")
_RUN_BREAK = re.compile(_RUN_CHAR.replace("[^", "[", 1))  # the complement of _RUN_CHAR


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
    for run_start, run_end in _suspect_runs(text, telltale):
        run = text[run_start:run_end]
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
        left: list[int] = []
        doc.replace_spans("repair", _slips(text, left))
        if left:
            line = text.count("\n", 0, left[0]) + 1
            doc.warnings.append(f"repair: {len(left)} garbled run(s) that look like GBK byte slips left"
                                f" as they are (first on line {line}: {text[left[0]:left[0] + 12]!r})")
    doc.replace_spans("repair", _utf8_read_as_gbk(doc.text))
    if re.search(r"[\u00c2-\u00ef]", doc.text):
        doc.replace_spans("repair", _latin_mojibake(doc.text))
    if any(k in doc.text for k in ("锟斤拷", "烫烫烫", "屯屯屯")):  # (a substring test is much faster)
        doc.replace_spans("repair", [(m.start(), m.end(), "", "锟斤拷 run (lost characters)")
                                     for m in _KUNKIN.finditer(doc.text)])
    junk = [(m.start(), m.end(), "", "replacement character" if m.group() == "\ufffd"
             else "private-use character") for m in _JUNK.finditer(doc.text)]
    doc.replace_spans("repair", junk)
    return doc
