"""``decode``: round trips through every charset that can hold a seed, damaged bytes, labels."""

from __future__ import annotations

import codecs

import pytest

from cleaner.config import DEFAULT
from cleaner.document import Document
from cleaner.errors import InputError
from cleaner.filters.decode import canonical, decode, detect
from tests.conftest import SEEDS

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "gbk", "big5", "big5hkscs"]


def _texts() -> list[tuple[str, str]]:
    out = []
    for p in SEEDS:
        t = p.read_text(encoding="utf-8")
        out.append((p.name[:3], t))
        for i, start in enumerate((0, len(t) // 3, len(t) // 2)):
            out.append((f"{p.name[:3]}-excerpt{i}", t[start : start + 500]))
    return out


def _decode(data: bytes) -> Document:
    return decode(Document("x", raw=data), DEFAULT)


CASES = []
for label, text in _texts():
    for enc in ENCODINGS:
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            continue  # this charset cannot hold this text
        CASES.append(pytest.param(text, data, id=f"{label}-{enc}"))


@pytest.mark.parametrize(("text", "data"), CASES)
def test_round_trip(text, data):
    doc = _decode(data)
    assert doc.text == text.replace("\r\n", "\n")
    assert doc.warnings == []


def test_the_labelled_set_is_not_trivial():
    encodings = {c.id.rsplit("-", 1)[-1] for c in CASES}
    assert {"gb18030", "gbk", "big5", "16"} <= encodings or len(CASES) > 100
    assert any("big5" in c.id for c in CASES)


def _can(ch: str, enc: str) -> bool:
    try:
        ch.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


SAMPLE = "".join(ch for ch in SEEDS[0].read_text(encoding="utf-8")[:3000] if _can(ch, "gbk"))
TRAD = SEEDS[4].read_text(encoding="utf-8")
BIG5 = "".join(ch for ch in TRAD if _can(ch, "big5")).encode("big5")[:3000]
U8, GBK = SAMPLE.encode(), SAMPLE.encode("gbk")

DAMAGED = [
    ("utf-8 with a stray 0xFF", U8[:1500] + b"\xff" + U8[1500:], "utf-8", 1),
    ("utf-8 truncated last char", U8[:-1], "utf-8", 1),
    ("utf-8 with a cp1252 smart quote", U8.replace("“".encode(), b"\x93", 1), "utf-8", 1),
    ("utf-8 with a GBK phrase pasted in",
     SAMPLE[:300].encode() + "兰州新闻".encode("gbk") + SAMPLE[300:].encode(), "utf-8", 0),
    ("gbk with a stray 0xFF", GBK[:1000] + b"\xff" + GBK[1000:], "gb18030", 1),
    ("gbk truncated last char", GBK[:-1], "gb18030", 1),
    ("big5 with stray bytes", BIG5 + b"\xff\x80", "big5hkscs", 2),
]


@pytest.mark.parametrize(("label", "data", "codec", "max_bad"), DAMAGED, ids=[d[0] for d in DAMAGED])
def test_damaged_pages_decode_in_their_real_charset(label, data, codec, max_bad):
    doc = _decode(data)
    assert doc.encoding == codec, label
    assert doc.text.count("\ufffd") <= max_bad
    assert "近年来" in doc.text or "社區" in doc.text


def test_mislabelled_meta_charset():
    body = "<p>" + SAMPLE[:800].replace("\n", "</p><p>") + "</p>"
    utf8_labelled_gb = f'<html><head><meta charset="gb2312"></head><body>{body}</body></html>'.encode()
    assert _decode(utf8_labelled_gb).encoding == "utf-8"
    # a GB2312 label on a page with characters outside GB2312 (繁體 via GBK): decoded as GB18030
    gbk_page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
               f'<body>{body}繁體字</body></html>'.encode("gbk")
    doc = _decode(gbk_page)
    assert doc.encoding == "gb18030" and "繁體字" in doc.text
    big5_labelled_gbk = f'<html><head><meta charset="gbk"></head><body>{TRAD[:600]}</body></html>'
    data = "".join(ch for ch in big5_labelled_gbk if _can(ch, "big5")).encode("big5")
    assert _decode(data).encoding == "big5hkscs"


def test_forced_encoding():
    doc = decode(Document("x", raw=SAMPLE.encode("gbk")), DEFAULT.with_(encoding="gbk"))
    assert doc.encoding == "gb18030" and doc.text == SAMPLE


def test_bom_and_utf16_without_bom():
    assert _decode(codecs.BOM_UTF8 + SAMPLE.encode()).text == SAMPLE
    assert _decode(SAMPLE.encode("utf-16-le")).encoding == "utf-16-le"
    assert _decode(SAMPLE.encode("utf-16-be")).text == SAMPLE


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04abc", b"ab\x00cd" * 50])
def test_not_a_page(data):
    with pytest.raises(InputError):
        _decode(data)


def test_confidence_is_reported():
    _text, codec, conf, bad = detect(SAMPLE.encode("gbk"))
    assert codec == "gb18030" and 0 < conf <= 1 and bad == 0


def test_canonical_names():
    assert canonical("GB2312") == canonical("gbk") == "gb18030"
    assert canonical("Big5") == "big5hkscs"
