"""``meta``'s place field: the gazetteer resolution (tests/cases/place.json) and through the chain."""

from __future__ import annotations

import pytest

from cleaner import clean_bytes
from cleaner.filters.meta.place import resolve
from tests.conftest import load_cases

CASES = load_cases("place.json")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_place(case):
    got = resolve([(case["input"], 1.0)], case.get("dateline"))
    if case["expected"] is None:
        assert got is None
        return
    assert got is not None
    for key, value in case["expected"].items():
        assert got[key] == value, key


def test_the_title_weighs_more_than_a_passing_mention():
    page = ("西固区举办春季运动会\n\n2024-04-01 来源:兰州日报\n\n"
            "本报讯 4月1日,兰州市西固区春季运动会开幕,来自各街道的运动员参加了比赛。\n\n"
            "据了解,参赛队伍中还有来自城关区的代表队,比赛气氛热烈。")
    doc = clean_bytes(page.encode())
    assert doc.meta["place"]["district"] == "西固区"
