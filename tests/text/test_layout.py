"""``text.layout``: line features and the article core that ``meta`` and ``deboiler`` share."""

from __future__ import annotations

import pytest

from cleaner.document import Block, Document
from cleaner.text.layout import core, cue_of, features, page_lines

PAGE = [
    "您当前的位置 : 每日甘肃网 > 甘肃 > 社会",  # 0 breadcrumb
    "兰州举行迎春长跑活动",  # 1 headline
    "2024-01-05 09:00 来源:兰州日报",  # 2
    "本报讯 1月4日,兰州市迎春长跑活动在黄河岸边举行,近千名市民参加。",  # 3 core starts
    "一、活动安排",  # 4 a sub-heading inside
    "活动由市体育局主办,设置了5公里和10公里两个组别,吸引了众多跑步爱好者。",  # 5 core ends
    "版权声明:未经许可不得转载",  # 6 barrier
    "相关新闻",  # 7
    "兰州马拉松报名开始,欢迎广大市民踊跃参加,名额有限先到先得。",  # 8 prose after a barrier
]


def test_core_is_the_article_between_header_and_footer():
    assert core(features("\n".join(PAGE))) == (3, 5)


def test_no_prose_no_core():
    assert core(features("首页\n新闻\n关于我们")) is None


def test_an_article_split_by_a_caption_stays_whole():
    page = ["第一段正文内容很长很长很长很长很长很长。", "图为活动现场", "", "",
            "第二段正文内容也很长很长很长很长很长。"]
    assert core(features("\n".join(page))) == (0, 4)


def test_editor_line_ends_the_article():
    page = ["第一段正文内容很长很长很长很长很长很长。", "第二段正文内容很长很长很长很长很长很长。", "责任编辑:张三",
            "另一篇文章的导语也很长很长很长很长很长很长很长很长很长。"]
    assert core(features("\n".join(page))) == (0, 1)


@pytest.mark.parametrize(("line", "cue"), [
    ("• 我的订阅", "widget"), ("相关新闻", "related"), ("相 关 新 闻", "related"),
    ("版权声明:未经许可不得转载", "copyright"), ("兰州市民踊跃参加长跑活动。", None),
    ("腾讯QQ QQ空间", "widget"), ("收藏 微博 微信 分享", "widget"), ("某某财经APP 缩小字体 放大字体 收藏", "widget"),
    ("微博 微信 豆瓣 读书会", None),  # a word that is no button: not a bar of buttons
])
def test_cues(line, cue):
    assert cue_of(line) == cue


MENU = ("行情中心 交易提示 操盘必读 证券报 最新公告 限售解禁 数据中心 条件选股 券商评级 股东研究 "
        "基金净值 基金排行 理财产品 外汇牌价 期货行情 黄金价格 港股通 美股行情 新股日历 融资融券 大宗交易 龙虎榜单")


def test_a_long_line_of_words_a_space_apart_is_a_menu_not_prose():
    verses = " ".join(["朝辞白帝彩云间", "千里江陵一日还", "两岸猿声啼不住", "轻舟已过万重山"] * 4)
    menu, poem = features(MENU + "\n" + verses)
    assert menu.han >= 80 and menu.word_list and not menu.prose
    assert not poem.word_list and poem.prose  # verses of seven characters: longer than a menu's words
    sentence = features("市场人士认为 " * 11 + "今年行情仍将震荡，投资者应保持谨慎。")[0]
    assert not sentence.word_list and sentence.prose


def test_a_menu_line_does_not_outweigh_the_article():
    page = [MENU, "", "标题在这里", "第一段正文讲述了事情的起因，内容很长很长很长很长很长很长很长很长。",
            "第二段正文讲述了事情的经过，也很长很长很长很长很长很长很长很长很长。", "责任编辑:张三"]
    assert core(features("\n".join(page))) == (3, 4)


def test_blocks_from_html_reach_the_features():
    lines = features("导航\n正文", [Block(1.0, "li", "nav"), Block(0.0, "p", None)])
    assert (lines[0].link, lines[0].tag, lines[0].hint) == (1.0, "li", "nav")
    assert (lines[1].link, lines[1].hint) == (0.0, None)


def test_page_lines_are_kept_while_the_text_stays_the_same():
    text = "\n".join(PAGE)
    doc = Document("x", source=text, text=text)
    first = page_lines(doc)
    assert page_lines(doc) is first
    doc.text = doc.text + "\n新的一行。"
    assert page_lines(doc) is not first and len(page_lines(doc)) == len(PAGE) + 1


def test_one_search_for_every_pattern_gives_the_first_pattern_that_matches():
    # pattern_of searches the alternation of every boilerplate pattern first and walks them
    # in order only for a line that one of them matches: the same category as the walk alone
    from cleaner.text.layout import pattern_of, patterns
    from tests.conftest import SEEDS

    def walk(line: str) -> str | None:
        return next((category for pat, category in patterns() if pat.search(line.strip())), None)

    lines = [ln for p in SEEDS for ln in p.read_text(encoding="utf-8", errors="replace").split("\n")]
    lines += ["图为 会场", "责任编辑：张三", "▲ 现场图", "1 标题文字在此", "扫码关注我们", "|  |", "（本文来自某网）",
              "记者 王五 摄", "新华社发 张三 摄", "正文一句话。", ""]
    found = [pattern_of(ln) for ln in lines]
    assert found == [walk(ln) for ln in lines]
    assert len({f for f in found if f}) >= 4  # several categories met, not only None
    from cleaner.text.layout import _BACKREF  # a back-reference would be renumbered in the alternation

    assert _BACKREF.search(r"^(.)\1+$") and _BACKREF.search(r"(?P<a>.)(?P=a)") and not _BACKREF.search(r"^\d{2}$")
