"""Fuzzing: random bytes, mutated and re-encoded seeds, random HTML nesting.

Whatever comes in, ``clean_bytes`` returns a document (never raises, never an internal
error), its record serialises, replaying its edits on the source gives its text, and
running its filters again changes nothing.  ``make fuzz`` runs the same properties for a
set time (``bench/fuzz.py``); here each runs a modest number of examples.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean_bytes
from cleaner.document import Document, replay
from cleaner.pipeline import run_one, steps_for
from cleaner.registry import chain
from tests.conftest import SEEDS

EXAMPLES = int(os.environ.get("CLEANER_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                derandomize=not os.environ.get("CLEANER_FUZZ_RANDOM"))
SEED_BYTES = [p.read_bytes() for p in SEEDS]
ENCODINGS = ["utf-8", "gb18030", "gbk", "big5hkscs", "utf-16", "utf-16-le", "utf-8-sig"]


def check(data: bytes) -> Document:
    """The properties every input must keep."""
    doc = clean_bytes(data, name="fuzz")
    rec = doc.to_record()
    json.dumps(rec, ensure_ascii=False)
    if doc.error is not None:
        assert "internal error" not in doc.error, doc.error
        assert "\n" not in doc.error and rec["text"] == ""
        return doc
    assert replay(doc.source, doc.edits) == doc.text
    again = run_one(doc, steps_for([n for n in chain() if n != "decode"]))
    assert again.error is None and again.text == doc.text, "a second pass changed the text"
    return doc


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    check(data)


@st.composite
def mutated_seed(draw) -> bytes:
    text = SEED_BYTES[draw(st.integers(0, len(SEED_BYTES) - 1))].decode("utf-8")
    start = draw(st.integers(0, len(text)))
    text = text[start : start + draw(st.integers(0, 3000))]
    data = text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 8))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "insert", "delete", "ascii"]))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=4))
        elif op == "delete":
            del data[pos]
        else:
            data[pos:pos] = draw(st.sampled_from([b",", b"(sh\xc3\xb9)", b"?", b"<div>", b"\n", b"\xef\xbc\x8c"]))
    return bytes(data)


@FUZZ
@given(mutated_seed())
def test_mutated_and_reencoded_seeds(data):
    check(data)


TAGS = ["div", "p", "span", "a", "li", "ul", "table", "tr", "td", "nav", "footer", "h1", "pre", "script", "b"]
WORDS = ["兰州市", "新闻", "记者 张三", "来源：新华社", "2024-03-22 10:00", "相关新闻", "，", "。", "网(wǎng)", " ",
         "&amp;"]


@st.composite
def html_tree(draw, depth: int = 0) -> str:
    if depth > 6 or draw(st.booleans()):
        return "".join(draw(st.lists(st.sampled_from(WORDS), max_size=8)))
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(st.sampled_from(["", ' class="related"', ' style="display:none"', ' id="content"', " hidden"]))
    kids = draw(st.lists(html_tree(depth + 1), max_size=4))
    close = draw(st.sampled_from([f"</{tag}>", ""]))  # unclosed tags too
    return f"<{tag}{attrs}>" + "".join(kids) + close


@FUZZ
@given(html_tree())
def test_random_html(body):
    check(f"<!DOCTYPE html><html><head><title>标题</title></head><body>{body}</body></html>".encode())
