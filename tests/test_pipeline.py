"""The Document/Edit model, the registry and the pipeline, on every seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import clean_bytes
from cleaner.config import DEFAULT
from cleaner.document import Document, replay
from cleaner.pipeline import run_one, steps_for
from cleaner.registry import chain, default_chain, load
from tests.conftest import SEEDS

CHAIN = default_chain()


def test_registry_holds_the_chain_in_order():
    filters = load()
    assert list(CHAIN) == [n for n in CHAIN if n in filters]
    assert all(filters[n].help for n in CHAIN)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_replaying_edits_on_source_gives_text(path: Path):
    doc = clean_bytes(path.read_bytes(), name=str(path))
    assert doc.error is None
    assert replay(doc.source, doc.edits) == doc.text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("name", [n for n in CHAIN if n != "decode"])
def test_every_filter_is_idempotent(path: Path, name: str):
    names = CHAIN[: CHAIN.index(name) + 1]
    doc = run_one(Document(path=str(path), raw=path.read_bytes()), steps_for(names, DEFAULT))
    assert doc.error is None
    text, n = doc.text, len(doc.edits)
    doc = run_one(doc, steps_for([name], DEFAULT))
    assert doc.text == text, f"{name} changed the text again"
    assert len(doc.edits) == n, f"{name} recorded edits on a second run: {doc.edits[n:][:3]}"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_removal_names_filter_and_reason(path: Path):
    doc = clean_bytes(path.read_bytes(), name=str(path))
    assert doc.removed
    for e in doc.removed:
        assert e.filter in CHAIN and e.reason and e.line >= 1


def test_chain_skip_and_only():
    assert "punct" not in chain(skip=("punct",))
    assert chain(only=("despam", "tidy")) == ["decode", "despam", "tidy"]
    from cleaner.errors import UsageError

    with pytest.raises(UsageError):
        chain(skip=("nope",))


def test_a_failing_filter_becomes_an_error_and_the_run_goes_on():
    def boom(doc):
        raise RuntimeError("kaput")

    doc = run_one(Document("x", raw="正文。".encode()), [*steps_for(["decode"]), ("boom", boom)])
    assert doc.error is not None and "kaput" in doc.error and "boom" in doc.error


def test_clean_bytes_options_reach_filters():
    doc = clean_bytes("這是繁體中文的新聞內容。".encode(), to="keep")
    assert doc.text == "這是繁體中文的新聞內容。" and doc.script == "traditional"
    doc = clean_bytes("这是简体中文的新闻内容。".encode(), to="traditional")
    assert "這是" in doc.text


def test_record_has_the_spec_fields():
    rec = clean_bytes(SEEDS[0].read_bytes(), name="p").to_record()
    for key in ("path", "title", "date", "source", "editor", "authors", "place", "encoding",
                "encoding_confidence", "script", "text", "removed", "error"):
        assert key in rec
    assert rec["removed"][0].keys() >= {"filter", "reason", "line", "text"}


@pytest.mark.parametrize("batch", [3, 1024])  # removals encoded a few at a time, or with the record
@pytest.mark.parametrize("fields", [(), ("title", "removed", "error"), ("text", "nonesuch")])
def test_the_record_line_is_the_record_as_json(fields, batch, monkeypatch):
    import json

    import cleaner.document as document

    monkeypatch.setattr(document, "RECORD_BATCH", batch)
    doc = clean_bytes(SEEDS[2].read_bytes(), name="p")
    record = doc.to_record()
    assert len(record["removed"]) > 3
    if fields:
        record = {k: record.get(k) for k in fields}
    assert doc.record_line(fields) == (json.dumps(record, ensure_ascii=False) + "\n").encode()


def test_spans_one_at_a_time_make_the_same_edits_as_a_list():
    text = "甲(jiǎ)乙(yǐ)丙(bǐng)\n丁,!戊,!,!己"
    spans = [(1, 6, "", "pinyin"), (7, 11, "", "pinyin"), (12, 18, "", "pinyin"),
             (20, 21, "", "comma"), (23, 24, "", "comma"), (25, 26, "", "comma")]
    listed, streamed = Document("x", source=text, text=text), Document("x", source=text, text=text)
    assert listed.replace_spans("t", list(reversed(spans))) == streamed.replace_sorted("t", iter(spans)) == 6
    assert listed.edits == streamed.edits and listed.text == streamed.text == "甲乙丙\n丁!戊!!己"
    assert [e.count for e in streamed.edits] == [3, 1, 1, 1]  # the three commas of line 2 are one edit
    assert replay(text, streamed.edits) == streamed.text
    with pytest.raises(ValueError, match="overlaps"):
        Document("x", text=text).replace_sorted("t", iter([(7, 11, "", "p"), (1, 6, "", "p")]))
