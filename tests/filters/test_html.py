"""``html``: block lines, dropped elements with their reasons, and what it hands ``meta``."""

from __future__ import annotations

import pytest

from cleaner.config import DEFAULT
from cleaner.document import Document, replay
from cleaner.filters.html import html, looks_like_html
from tests.conftest import load_cases

CASES = load_cases("html.json")


def _html(text: str) -> Document:
    return html(Document("case", source=text, text=text), DEFAULT)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_html(case):
    doc = _html(case["input"])
    lines = doc.text.split("\n")
    assert [k for k in case["keep"] if k not in lines] == []
    assert [r for r in case["remove"] if r in doc.text] == []
    if case.get("reason"):
        assert case["reason"] in {e.label for e in doc.edits}
    assert replay(doc.source, doc.edits) == doc.text


def test_blocks_and_head_are_handed_on():
    doc = _html(CASES[0]["input"])
    assert doc.kind == "html"
    assert doc.blocks is not None and len(doc.blocks) == len(doc.text.split("\n"))
    h1 = doc.text.split("\n").index("兰州新区举办招聘会")
    assert doc.blocks[h1].tag == "h1"
    assert doc.head is not None and doc.head.title == "兰州新区举办招聘会_每日甘肃网"


def test_link_density_and_class_hints():
    page = ('<html><body><div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/n">新闻</a></div>'
            '<div class="content"><p>这是正文第一段，没有任何链接。</p></div></body></html>')
    doc = _html(page)
    lines = doc.text.split("\n")
    assert doc.blocks is not None
    crumb = doc.blocks[lines.index("首页 > 新闻")]
    assert crumb.hint == "breadcrumb" and crumb.link >= 0.5
    body = doc.blocks[lines.index("这是正文第一段，没有任何链接。")]
    assert body.hint is None and body.link == 0.0


def test_running_twice_changes_nothing():
    doc = _html(CASES[0]["input"])
    n = len(doc.edits)
    assert html(doc, DEFAULT).edits[n:] == []


@pytest.mark.parametrize(("text", "is_html"), [
    ("<!DOCTYPE html><html><body>x</body></html>", True),
    ("<!-- saved --><html><head></head><body><p>x</p></body></html>", True),
    ("标题\n正文", False),
    ("一段话里有 <b> 这样的符号", False),
])
def test_looks_like_html(text, is_html):
    assert looks_like_html(text) is is_html


@pytest.mark.parametrize(("page", "lines", "blocks", "dropped"), [
    # an element ends where the next node's parent is an element around it; a skipped one
    # (script, hidden) ends where a node's parent is open around it, at any depth
    ('<body><div class="related"><p>甲<script>x</script>乙</p><span hidden><b>藏</b></span>丙</div>'
     '<p>丁<a href="#">链接</a></p></body>',
     ["甲乙", "丙", "丁链接"],
     [(0.0, "", "related"), (0.0, "", "related"), (0.67, "", None)],
     [("hidden element", "藏")]),
    ('<body hidden><p>正文</p></body>', [], [], [("hidden element", "正文")]),
    ('<body><ul><li>一</li><li></li></ul><pre>二\n<a href="#">三</a></pre><p>四</p></body>',
     ["一", "二", "三", "四"], [(0.0, "li", None), (0.0, "pre", None), (1.0, "pre", None), (0.0, "", None)], []),
])
def test_render_walk(page, lines, blocks, dropped):
    from cleaner.filters.html import render

    text, info, gone, _ = render(page)
    assert (text.split("\n") if text else []) == lines
    assert [(b.link, b.tag, b.hint) for b in info] == blocks
    assert gone == dropped


def test_comments_and_scripts_add_no_depth():
    # hundreds of comments (a portal's page) or tags written inside a script are not nesting:
    # counted as elements, they once pushed the page past MAX_DEPTH and its blocks were flattened
    from cleaner.filters.html import MAX_DEPTH, flatten_deep

    body = "<div><p>第一段正文内容。</p><p>第二段正文内容。</p></div>"
    many = MAX_DEPTH + 50
    for noise in ("<!-- 广告位 -->" * many, "<script>var s = '" + "<div>" * many + "';</script>"):
        page = f"<html><body>{noise}{body}</body></html>"
        assert flatten_deep(page) == (page, 0)
        doc = _html(page)
        assert doc.text.split("\n") == ["第一段正文内容。", "第二段正文内容。"]
        assert not doc.warnings
    deep = "<div>" * (MAX_DEPTH + 10) + "文字" + "</div>" * (MAX_DEPTH + 10)
    assert flatten_deep(deep)[1] == 20  # real nesting is still cut
