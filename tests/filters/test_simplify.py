"""``simplify``: the hard-case table, script detection, direction options, and both backends."""

from __future__ import annotations

import pytest

from cleaner import clean_bytes
from cleaner.config import DEFAULT
from cleaner.document import Document
from cleaner.filters.simplify import detect_script, simplify
from cleaner.text.convert import backend, to_target
from tests.conftest import SEEDS, load_cases

CASES = load_cases("script.json")
# Known misses of the pure-Python backend's older dictionaries (it still passes the rest).
PURE_MISSES = {"沈重 (t2s old dictionaries miss it)", "哄擡物價", "著力", "看著 particle", "隨著 particle",
               "帶著 particle", "說著 particle", "干著急", "著急"}


def _convert(text: str) -> str:
    doc = Document("case", source=text, text=text)
    return simplify(doc, DEFAULT).text


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_hard_cases(case):
    if backend() == "pure" and case["label"] in PURE_MISSES:
        pytest.xfail("opencc-python-reimplemented ships older dictionaries without tw2s phrase data")
    assert _convert(case["input"]) == case["expected"]


def test_at_least_forty_hard_cases():
    assert len(CASES) >= 40


def test_simplified_page_is_skipped_cheaply():
    doc = Document("x", source="兰州新闻报道。", text="兰州新闻报道。")
    simplify(doc, DEFAULT)
    assert doc.script == "simplified" and doc.edits == []


def test_each_changed_line_is_an_edit():
    text = "第一行是繁體字\n第二行是简体字\n於先生說"
    doc = simplify(Document("x", source=text, text=text), DEFAULT)
    assert [e.line for e in doc.edits] == [3, 1]
    assert doc.text == "第一行是繁体字\n第二行是简体字\n於先生说"
    assert any("surname" in e.detail and "surname" in e.label for e in doc.edits)


def test_to_traditional_variants():
    assert to_target("软件和头发", "traditional", None) == "軟件和頭髮"
    assert to_target("里面", "traditional", "tw") == "裡面"
    assert to_target("里面", "traditional", "hk") == "裏面"
    assert to_target("軟體", "keep", None) == "軟體"


def test_detect_script():
    assert detect_script("蘭州新聞網報道") == "traditional"
    assert detect_script("兰州新闻网报道") == "simplified"


def test_metadata_is_converted_with_the_text():
    page = "甘肅甘州:民眾站“C位”盡享生活\n\n2024-10-03 14:39:28 來源:中國新聞網\n\n"
    page += "社區治理是惠民政策落實的重要環節。" * 5
    doc = clean_bytes(page.encode("big5hkscs"))
    assert doc.encoding == "big5hkscs"
    assert doc.meta["title"] == "甘肃甘州:民众站“C位”尽享生活"
    assert doc.meta["source"] == "中国新闻网"


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_a_page_turned_traditional_keeps_its_metadata_and_article(seed):
    # the later filters read the traditional text through t2s, so their simplified patterns
    # (来源, 责任编辑, 相关新闻) still match
    from cleaner.text.convert import converter

    plain = clean_bytes(seed.read_bytes())
    trad = clean_bytes(seed.read_bytes(), to="traditional")
    t2s = converter("t2s")
    for name in ("title", "source", "editor", "date"):
        value = trad.meta[name]
        assert (t2s(value) if isinstance(value, str) else value) == plain.meta[name], name
    assert [t2s(a) for a in trad.meta["authors"]] == plain.meta["authors"]
    assert len(trad.text.splitlines()) == len(plain.text.splitlines())


def test_one_character_table_is_each_character_converted_alone():
    # repair's table of single characters, converted in one call a line each, gives what
    # converting each character by itself gives, under whichever backend is installed
    from cleaner.filters.repair import gbk_slip

    table = gbk_slip.simple_chars()
    assert len(table) > 21_000 and table["國"] == "国" and table["a"] == "a"
    gbk_slip._simplified.cache_clear()
    assert all(gbk_slip._simplified.__wrapped__(ch) == simp for ch, simp in table.items())
