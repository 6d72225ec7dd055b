"""``despam``: the data-driven cases (tests/cases/despam.json), negatives included."""

from __future__ import annotations

import pytest

from cleaner.config import DEFAULT
from cleaner.document import Document, replay
from cleaner.filters.despam import despam
from tests.conftest import load_cases

CASES = load_cases("despam.json")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_despam(case):
    doc = despam(Document("case", source=case["input"], text=case["input"]), DEFAULT)
    assert doc.text == case["expected"]
    if case["reason"]:
        assert case["reason"] in {e.label for e in doc.edits}
    else:
        assert doc.edits == []
    assert replay(doc.source, doc.edits) == doc.text


def test_spam_reasons_are_keys_with_the_kind_as_detail():
    text = "泷泽萝拉无码精品AV在线_国内午夜无码不卡在线观看\n正文内容。"
    doc = despam(Document("case", source=text, text=text), DEFAULT)
    (edit,) = doc.edits
    assert (edit.reason, edit.detail, edit.label) == ("spam keywords", "porn", "spam: porn keywords")
