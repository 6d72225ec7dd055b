"""``tidy``: the final layout (tests/cases/tidy.json); whitespace edits replay but are not removals."""

from __future__ import annotations

import pytest

from cleaner.config import DEFAULT
from cleaner.document import Document, replay
from cleaner.filters.tidy import tidy
from tests.conftest import load_cases

CASES = load_cases("tidy.json")


def _tidy(text: str) -> Document:
    return tidy(Document("case", source=text, text=text), DEFAULT)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_tidy(case):
    doc = _tidy(case["input"])
    assert doc.text == case["expected"]
    assert replay(doc.source, doc.edits) == doc.text
    again = tidy(doc, DEFAULT)
    assert again.text == case["expected"]


def test_whitespace_is_not_reported_as_removed_text():
    doc = _tidy("\n  第一段正文。  \n\n第二段正文。\n")
    assert doc.edits and doc.removed == []
