"""The five seeds against their gold: must_keep, must_remove, body F1 and metadata."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest

from cleaner import clean_bytes
from tests.conftest import SEEDS, gold_for


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def f1(out: str, gold: str) -> float:
    a, b = squash(out), squash(gold)
    m = sum(x.size for x in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    p, r = m / len(a), m / len(b)
    return 2 * p * r / (p + r)


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.name[:3])
def cleaned(request):
    path: Path = request.param
    return clean_bytes(path.read_bytes(), name=str(path)), gold_for(path)


def test_must_keep(cleaned):
    doc, gold = cleaned
    flat = squash(doc.text)
    assert [s for s in gold["must_keep"] if squash(s) not in flat] == []


def test_must_remove(cleaned):
    doc, gold = cleaned
    flat = squash(doc.text)
    assert [s for s in gold["must_remove"] if squash(s) in flat] == []


def test_body_f1(cleaned):
    doc, gold = cleaned
    assert f1(doc.text, gold["body"]) >= 0.98


@pytest.mark.parametrize("field", ["title", "source", "editor"])
def test_text_fields(cleaned, field):
    doc, gold = cleaned
    want = {squash(gold[field]), *(squash(a) for a in gold.get(f"{field}_alternatives", []))}
    got = doc.meta.get(field)
    if gold[field] is None:
        assert got in (None, "")
    else:
        assert squash(got) in want


def test_date(cleaned):
    doc, gold = cleaned
    if gold["date"] is None:
        assert doc.meta.get("date") is None
    else:
        assert re.sub("[T ]", " ", doc.meta["date"])[:16] == re.sub("[T ]", " ", gold["date"])[:16]


def test_authors(cleaned):
    doc, gold = cleaned
    assert sorted(doc.meta.get("authors") or []) == sorted(gold["authors"])


def test_place(cleaned):
    doc, gold = cleaned
    place = doc.meta.get("place") or {}
    for key in ("province", "city", "district"):
        if gold["place"].get(key):
            assert place.get(key) == gold["place"][key], key
    if gold.get("dateline"):
        assert place.get("dateline") == gold["dateline"]


def test_no_traditional_characters_left(cleaned):
    from cleaner.text.convert import converter

    doc, _ = cleaned
    t2s = converter("t2s")
    trad = {c for c in set(doc.text) if "\u4e00" <= c <= "\u9fff" and t2s(c) != c and c not in "著乾瞭於"}
    assert trad == set()


def test_the_text_is_one_paragraph_a_line(cleaned):
    doc, _ = cleaned
    lines = doc.text.split("\n")
    assert all(line.strip() == line and line for line in lines)
