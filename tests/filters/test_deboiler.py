"""``deboiler``: the data-driven cases (tests/cases/deboiler.json) through the whole chain."""

from __future__ import annotations

import re

import pytest

from cleaner import clean_bytes
from tests.conftest import load_cases

CASES = load_cases("deboiler.json")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_deboiler(case):
    doc = clean_bytes(case["input"].encode())
    flat = _squash(doc.text)
    assert [k for k in case["keep"] if _squash(k) not in flat] == []
    assert [r for r in case["remove"] if r.strip() and _squash(r) in flat] == []
    if "lines" in case:
        assert len(doc.text.split("\n")) == case["lines"]
    for e in doc.removed:
        assert e.reason
    if "reason" in case:  # null: no edit at all; else one of the edits carries it
        reasons = {e.reason for e in doc.edits}
        assert (not reasons) if case["reason"] is None else case["reason"] in reasons, reasons


def test_keep_captions_option():
    case = next(c for c in CASES if c["label"].startswith("captions"))
    doc = clean_bytes(case["input"].encode(), keep_captions=True)
    assert "图为东湖小区" in doc.text


def test_metadata_lines_go_with_the_fields_they_gave_as_detail():
    case = CASES[0]
    doc = clean_bytes(case["input"].encode())
    meta = [e for e in doc.removed if e.filter == "deboiler" and e.reason == "metadata"]
    assert meta, "the date/source line is removed as metadata"
    assert all(e.detail and e.label == f"metadata: {e.detail}" for e in meta)
    outside = [e for e in doc.removed if e.reason == "outside the article"]
    assert all(e.detail in ("header", "footer") for e in outside)


@pytest.mark.parametrize("to", ["simplified", "traditional"])
def test_trailing_marks_go_when_the_output_stays_traditional(to):
    page = ("標題新聞\n2024-01-05 來源：新華社\n"
            "這是一段很長的新聞正文，記者在現場看到很多市民參加了這次活動，大家都很滿意。（責任編輯：張三）\n"
            "第二段正文，活動一直持續到晚上，現場秩序井然，市民們紛紛表示希望多辦這樣的活動。（完）\n")
    doc = clean_bytes(page.encode(), to=to)
    assert "編輯" not in doc.text and "编辑" not in doc.text and "完）" not in doc.text
    assert "大家都很" in doc.text and ("活動" in doc.text or "活动" in doc.text)
    marks = [e.before for e in doc.removed if e.filter == "deboiler" and e.before.startswith("（")]
    own = "（責任編輯：張三）" if to == "traditional" else "（责任编辑：张三）"
    assert sorted(marks) == sorted([own, "（完）"])  # the text as the page has it by then
