"""``decode``: the one place where bytes become text.

Order: a forced ``--encoding``; a BOM; UTF-16 without BOM; binary refusal; strict UTF-8;
the page's declared charset (``<meta charset>``) validated strictly; then the candidate
charsets (GB18030, Big5-HKSCS, UTF-8) ranked by invalid sequences and plausibility (how
many characters are everyday Chinese); a statistical detector only when none fits.
GB2312/GBK are decoded as GB18030 (a superset), Big5 as Big5-HKSCS.

Strict UTF-8 is tried before the declared charset on purpose: UTF-8 bytes almost always
pass a *strict* GB18030 decode (any 0x81-0xFE byte followed by 0x40-0xFE is a valid
pair), so a UTF-8 page labelled gb2312 would otherwise come out as mojibake, while GBK
text is almost never valid UTF-8.
"""

from __future__ import annotations

import codecs
import re

from ..config import Options
from ..document import Document
from ..errors import InputError
from ..registry import register
from ..text import rx
from ..text.han import common_chars, count, plausibility, rare_rx

ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
    "gb_2312-80": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "hz",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs", "x-x-big5": "big5hkscs",
    "utf8": "utf-8", "unicode": "utf-8", "ascii": "utf-8", "us-ascii": "utf-8",
}

BINARY_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"), (b"PK\x03\x04", "ZIP archive"), (b"\x1f\x8b", "gzip archive"),
    (b"RIFF", "RIFF media"), (b"\x7fELF", "executable"), (b"BZh", "bzip2 archive"),
)

_ASCII_BYTES = bytes(range(0x80))
_BINARY_CONTROL = rx.compile(r"[\x00-\x08\x0b\x0d-\x1f]")  # control characters but \t \n \f
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
MIN_PLAUSIBLE = 0.6  # real pages read in a guessed charset score above 0.9; random bytes about 0.35
_CONTROL = rx.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def canonical(name: str) -> str:
    """Map a charset label to the codec we decode it with.

    >>> canonical("GB2312"), canonical("BIG5"), canonical("UTF8")
    ('gb18030', 'big5hkscs', 'utf-8')
    """
    n = name.strip().lower().replace("_", "-")
    n = ALIASES.get(n, n)
    try:
        return codecs.lookup(n).name.replace("_", "-")
    except LookupError:
        return n


def _badness(text: str, errors: int) -> float:
    """Lower is better: replacement characters weigh heavily, rare characters lightly."""
    return errors * 20 + count(rare_rx(), text[:50_000])


def _sniff_utf16(raw: bytes) -> str | None:
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.2 and even < 0.05:
        return "utf-16-le"
    if even > 0.2 and odd < 0.05:
        return "utf-16-be"
    return None


def _utf16_plausible(text: str) -> bool:
    """At least 90% of the text is printable ASCII, line breaks or everyday characters."""
    sample = text[:5000]
    bad = count(rare_rx(), sample) + count(_CONTROL, sample)
    return bad <= 0.1 * len(sample)


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` or an XML prolog, if any."""
    head = raw[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return canonical(m.group(1).decode("ascii", "replace")) if m else None


def _gbk_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode-error handler for UTF-8: a GBK pair pasted into a UTF-8 page is read as GBK
    when that gives an everyday character; anything else becomes U+FFFD."""
    assert isinstance(exc, UnicodeDecodeError)
    pair = exc.object[exc.start : exc.start + 2]
    if len(pair) == 2 and pair[0] >= 0x81 and pair[1] >= 0x40:
        try:
            ch = bytes(pair).decode("gb18030")
        except UnicodeDecodeError:
            ch = ""
        if ch and ch in common_chars():
            return ch, exc.start + 2
    return "\ufffd", exc.end


codecs.register_error("cleaner-gbk-fallback", _gbk_fallback)


CHUNK = 1 << 20


def decode_bytes(raw: bytes, codec: str, errors: str = "strict") -> str:
    """``raw.decode(codec, errors)``, a megabyte at a time for large pages: CPython's decoders
    size their buffer for the widest character first, several times the page at once.

    >>> decode_bytes("新闻".encode("gb18030") * 3, "gb18030")
    '新闻新闻新闻'
    """
    if len(raw) <= CHUNK:
        return raw.decode(codec, errors)
    dec = codecs.getincrementaldecoder(codec)(errors)
    parts = [dec.decode(raw[i : i + CHUNK]) for i in range(0, len(raw), CHUNK)]
    parts.append(dec.decode(b"", final=True))
    return "".join(parts)


def _scan(raw: bytes, codec: str) -> float:
    """``_badness`` of ``raw`` read as ``codec``, a megabyte at a time: a candidate charset
    is judged without its whole text in memory (Big5-HKSCS text can take 4 bytes a character)."""
    dec = codecs.getincrementaldecoder(codec)("replace")
    bad, head = 0, ""
    for i in range(0, len(raw) + 1, CHUNK):
        part = dec.decode(raw[i : i + CHUNK], final=i + CHUNK >= len(raw))
        bad += part.count("\ufffd")
        if len(head) < 50_000:
            head += part[: 50_000 - len(head)]
    return _badness(head, bad)


def _count_replaced(raw: bytes, codec: str, fallback: bool = False) -> tuple[str, int]:
    errors = "cleaner-gbk-fallback" if fallback and codec == "utf-8" else "replace"
    text = decode_bytes(raw, codec, errors)
    return text, text.count("\ufffd")  # a U+FFFD already in the source counts too: rare


def detect(raw: bytes, hint: str | None = None) -> tuple[str, str, float, int]:
    """Return ``(text, codec, confidence, replaced)`` for page bytes; ``hint`` is a charset the
    transport declared (HTTP ``Content-Type``), weighed like ``<meta charset>`` and before it.

    >>> detect("新闻".encode("utf-8"))[1:3]
    ('utf-8', 0.99)
    >>> detect("繁體中文的新聞內容".encode("big5"))[1]
    'big5hkscs'
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                       (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            text, bad = _count_replaced(raw, codec)
            return text, codec, 1.0, bad
    u16 = _sniff_utf16(raw)
    if u16:
        text, bad = _count_replaced(raw, u16)
        return text, u16, 0.9, bad
    if b"\x00" in raw[:65536]:
        for codec in ("utf-16-le", "utf-16-be"):  # UTF-16 Chinese has few NUL bytes
            try:
                text = decode_bytes(raw, codec)
            except UnicodeDecodeError:
                continue
            if _utf16_plausible(text):
                return text, codec, 0.9, 0
        raise InputError("binary file (NUL bytes), not a page")
    try:
        text = decode_bytes(raw, "utf-8")
        return text, "utf-8", (0.99 if not raw.isascii() else 1.0), 0
    except UnicodeDecodeError:
        pass
    declared = canonical(hint) if hint else declared_charset(raw)
    if declared and declared != "utf-8":
        try:
            text = decode_bytes(raw, declared)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text:
            # a strict decode is not proof: Big5 bytes are mostly valid GBK and vice versa
            own = _badness(text, 0)
            rivals = [c for c in ("gb18030", "big5hkscs") if c != declared]
            for rival in rivals:
                try:
                    other = decode_bytes(raw, rival)
                except UnicodeDecodeError:
                    continue
                if _badness(other, 0) * 2 < own:
                    return other, rival, 0.8, 0
            return text, declared, 0.95, 0
    scored = [(_scan(raw, cand), cand) for cand in CANDIDATES]  # scored without keeping the texts
    scored.sort(key=lambda s: s[0])  # stable: a tie keeps the candidates' order
    badness, codec = scored[0]
    text, bad = _count_replaced(raw, codec)
    if codec == "utf-8" and bad:  # damaged UTF-8: read pasted GBK pairs as GBK
        text, bad = _count_replaced(raw, codec, fallback=True)
    nonascii = sum(len(raw[i : i + CHUNK].translate(None, _ASCII_BYTES)) for i in range(0, len(raw), CHUNK)) or 1
    if bad * 2 > nonascii * 0.05:  # none of the Chinese charsets fits: ask a detector
        guess = _detector(raw)
        if guess:
            try:
                gtext, gbad = _count_replaced(raw, guess)
                if gbad < bad:
                    return gtext, guess, 0.5, gbad
            except LookupError:
                pass
    runner_up = scored[1][0] if len(scored) > 1 else badness + 100
    margin = (runner_up - badness) / (runner_up + badness + 1)
    confidence = round(max(0.3, min(0.98, 0.6 + margin * 0.4 - bad / nonascii)), 2)
    return text, codec, confidence, bad


def _detector(raw: bytes) -> str | None:
    """charset-normalizer's best guess (chardet as a fallback), canonicalised."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:200_000]).best()
        if best is not None:
            return canonical(best.encoding)
    except Exception:  # pragma: no cover - detector failure is not fatal
        pass
    try:
        import chardet

        enc = chardet.detect(raw[:200_000]).get("encoding")
        return canonical(enc) if enc else None
    except Exception:  # pragma: no cover
        return None


def _is_json(text: str) -> bool:
    """A JSON document (an object or array), which is data, not a page."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return False
    import json

    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@register("decode", order=10)
def decode(doc: Document, opts: Options) -> Document:
    """Bytes to text: BOM, strict UTF-8, declared charset, candidates, detector."""
    if doc.encoding is not None and doc.source:  # already decoded (idempotent)
        return doc
    raw = doc.raw
    if not raw.strip():
        raise InputError("empty page")
    if opts.encoding:
        codec = canonical(opts.encoding)
        try:
            text, bad = _count_replaced(raw, codec)
        except LookupError:
            raise InputError(f"unknown encoding {opts.encoding!r}") from None
        confidence = 1.0
    else:
        for magic, what in BINARY_MAGIC:
            if raw.startswith(magic):
                raise InputError(f"binary file ({what}), not a page")
        text, codec, confidence, bad = detect(raw, doc.origin.charset if doc.origin is not None else None)
        if confidence < 0.95:  # no BOM, not valid UTF-8, no charset that fits: is it text at all?
            share = plausibility(text[:100_000])
            if share < MIN_PLAUSIBLE:
                raise InputError(f"not text: only {share:.0%} of its characters are everyday Chinese "
                                 f"when read as {codec} (random or binary bytes)")
    if bad:
        doc.warnings.append(f"decode: {bad} undecodable byte sequence(s) replaced with U+FFFD ({codec})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    control = count(_BINARY_CONTROL, text[:20000])
    if control > max(10, len(text[:20000]) * 0.01):
        raise InputError(f"binary file ({control} control characters), not a page")
    if _is_json(text):
        raise InputError("not a page: JSON data")
    doc.encoding, doc.encoding_confidence = codec.replace("-sig", ""), confidence
    doc.source = doc.text = text
    doc.raw = b""  # the source text stands for the bytes from here on
    return doc
