"""``punct``: the data-driven cases (tests/cases/punct.json) and ``--keep-punct``."""

from __future__ import annotations

import pytest

from cleaner import clean_bytes
from cleaner.filters.punct import fullwidth
from tests.conftest import load_cases

CASES = load_cases("punct.json")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_punct(case):
    assert fullwidth(case["input"]) == case["expected"]


def test_keep_punct_option():
    doc = clean_bytes("标题\n\n第一段正文,内容很长很长很长很长很长很长很长。".encode(), keep_punct=True)
    assert "正文,内容" in doc.text
