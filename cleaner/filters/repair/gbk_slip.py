"""GBK byte slips: an ASCII byte inserted into GBK bytes *inside* a character.

An injected comma or pinyin reading matched at a misaligned offset orphans the lead byte,
which the decoder shows as ``?`` (swallowing the ASCII byte), and shifts every following
byte pair until the next ASCII byte (``沒問題?!鄙鐓^`` is ``沒問題。”社區``).  The garbled
run is re-encoded and the lost lead byte is chosen so that the result is the most
plausible Chinese (character frequency and the words it forms); the repair is kept only
when it is clearly better than the garbled run.  When the rest of an injected reading
follows the ``?`` (``當(dāng)?shù)剞r`` is ``當地農``), it names the character the misaligned
bytes formed (數 = 當's second byte + 地's first), which pins the lost byte down
(``data/gbk_readings.tsv.gz``); a run ending in ``?`` + a reading (``撠?zé)``) gets its
last character the same way, and otherwise only when context leaves one candidate
(a closing quote after an open one).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ...document import Span
from ...text import rx
from ...text.han import HAN, HAN_COMPAT, PUNCT, char_freq, char_score, codec_chars, score, word_count
from ...text.pinyin import TONED, readings

FOLDED = {"!": "！", ",": "，", ":": "：", ";": "；", "?": "？", "(": "（", ")": "）"}

_READING = rf"[a-z{TONED}]{{0,5}}[{TONED}][a-z{TONED}]{{0,5}}\)"
# "?" (an orphaned lead byte; the ASCII byte after it swallowed), the rest of a reading
# injected there, an optional folded full-width punctuation mark, a run of double-byte
# characters (U+3000 is one: A1 A1), then either an ASCII byte that was really the last trail byte (0x40-0x7E)
# or another "?" (the last lead byte orphaned) with the rest of a reading injected there.
_SLIP = rx.compile(
    rf"\?(?P<lead_reading>\(?{_READING})?(?P<punct>[!,:;?()]?)(?P<run>(?:[^\x00-\x7f\s]|\u3000)*)"
    rf"(?:(?P<trail>[\x40-\x7e])|(?=(?P<orphan>\?)(?P<end_reading>\(?{_READING})?))?"
)
_HAN_TEXT = rx.compile(f"[\u3000-\u303f{HAN}{HAN_COMPAT}\uff01-\uff5e“”‘’…—·]+")
_READING_BEFORE = rx.compile(rf"\({_READING}$")
OPENERS = dict(zip("“‘「『《〈【〔（〖", "”’」』》〉】〕）〗", strict=True))
QUOTE_REACH = 1000  # how far back an open quote or bracket is looked for
STOPS = set("，。、；：？！,.;:?!")
TARGETS = set("，。、；：？！")  # the marks comma injectors put a comma before
WORD_CAP = 2.4  # a common word (log10 count) adds at most 0.5 * 2.4 = 1.2 to a candidate
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


@lru_cache(maxsize=8192)
def _simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC ``t2s``), where that keeps its length."""
    try:
        from ...text.convert import converter

        simp = converter("t2s")(text)
    except Exception:  # pragma: no cover - converter missing: take the text as it is
        return text
    return simp if len(simp) == len(text) else text


@lru_cache(maxsize=1)
def simple_chars() -> dict[str, str]:
    """:func:`_simplified` of every character GBK decodes and of printable ASCII: the
    characters a slip's candidates and their neighbours are, converted in one call, one a
    line (a line break is in no conversion's phrase).  Built once a process, on its first
    page with a slip (76 M instructions), instead of one call a character (about 1 µs each,
    some 37 a page)."""
    chars = list(codec_chars("gbk", range(0x81, 0xFF), range(0x40, 0xFF)) | set(map(chr, range(0x21, 0x7F))))
    try:
        from ...text.convert import converter

        joined = "\n".join(chars)
        converted = converter("t2s")(joined)
    except Exception:  # pragma: no cover - converter missing: each character is taken as it is
        return {}
    out = converted.split("\n")
    if len(out) != len(chars):  # pragma: no cover - a converter that moved a line break
        return {}
    return {ch: simp if len(simp) == 1 else ch for ch, simp in zip(chars, out, strict=True)}


def _simple(text: str) -> str:
    """:func:`_simplified`, from :func:`simple_chars` for one character."""
    return simple_chars().get(text) or _simplified(text)


def _own(ch: str) -> float:
    """What a character scores by itself in :func:`fit`: how common it is (ties: the commoner)."""
    freq = char_freq().get(_simple(ch), 0.0)
    return 2.5 if ch in PUNCT else min(2.0, freq - 2.5) + 0.01 * freq


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
    base = _own(ch)
    if ch in STOPS and after in STOPS:  # (not before: injected commas precede marks)
        base -= 3.0
    pair = ("  " + _simplified(before[-2:]))[-2:]  # two characters: a phrase may convert them
    prev2, prev = pair[0], pair[1]
    c, nxt = _simple(ch), _simple(after[:1])
    left = 0 if word_count(prev2, prev) else word_count(prev, c)
    return base + 0.5 * (min(WORD_CAP, left) + min(WORD_CAP, word_count(c, nxt)))


@cache
def _firsts(second: int) -> tuple[tuple[float, int, str], ...]:
    """The characters a lost lead byte can form with ``second``, as ``(bound, lead, char)``
    by ``bound`` (the most :func:`fit` can give the character: its own frequency plus two
    words' worth), leaving out what is no plausible Chinese text."""
    out = []
    for lead in range(0x81, 0xFF):
        try:
            ch = bytes((lead, second)).decode("gbk")
        except UnicodeDecodeError:
            continue
        if char_score(ch) < 0.3 or not _HAN_TEXT.fullmatch(ch):
            continue
        out.append((_own(ch) + WORD_CAP, lead, ch))
    out.sort(key=lambda c: (-c[0], c[1]))
    return tuple(out)


def _read_as(first: int, reading: str, seconds: range) -> list[int]:
    """The second bytes ``b`` for which GBK ``(first, b)`` is a character read ``reading``."""
    chars = _read(reading)
    return [b for b, ch in _seconds(first) if b in seconds and ch in chars]


def _read(reading: str) -> frozenset[str]:
    """The characters read ``reading`` (as injected: ``(zé)``, ``zé)``)."""
    return readings().get(reading.lstrip("(").rstrip(")"), frozenset())


@cache
def _seconds(first: int) -> tuple[tuple[int, str], ...]:
    """``(b, character)`` for every byte ``b`` that makes a GBK character after ``first``."""
    out = []
    for b in range(0x40, 0xFF):
        try:
            out.append((b, bytes((first, b)).decode("gbk")))
        except UnicodeDecodeError:
            continue
    return tuple(out)


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
    named = _read(reading) if reading else None  # a reading pins the character
    for _, ch in _seconds(first):
        if named is not None and ch not in named:
            continue
        scored.append((fit(ch, before[-2:], after[:1]) + (1.5 if ch == close else 0.0), ch))
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
    best: tuple[float, str, int] | None = None
    allowed = None if leads is None else set(leads)
    for bound, lead, first in _firsts(seq[0]):  # by how well each could fit at best
        if best is not None and bound < best[0]:
            break  # no later candidate can fit better
        if allowed is not None and lead not in allowed:
            continue
        s = fit(first, before, rest[:1])  # alone and by the words it forms with its neighbours
        if best is None or s > best[0] or (s == best[0] and lead < best[2]):
            best = (s, first + rest, lead)  # (ties: the lowest lead byte, as a scan up would find)
    if best is None:
        return None
    s, text, _ = best
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


def slips(text: str, unrepaired: list[int] | None = None) -> list[Span]:
    """Spans that repair GBK byte slips; offsets of garbled-looking runs left as they are
    go to ``unrepaired``."""
    spans: list[Span] = []
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
            # the line before the slip, as far back as an open quote is looked for
            reach = max(0, m.start() - QUOTE_REACH)
            line_start = max(text.rfind("\n", reach, m.start()) + 1, reach)
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
