"""``source``: the outlet a page credits (``来源：``, ``转自``, ``<meta name="source">``, the
agency of a dateline)."""

from __future__ import annotations

from typing import Any

from ...datafiles import terms
from ...text import rx
from ...text.han import HAN
from ...text.spam import is_spam
from .common import (
    DATE,
    SOURCE,
    YEARLESS,
    Field,
    Found,
    Page,
    canonical_outlet,
    dateline,
    outlets,
    post_header,
    short_or_not_prose,
)
from .people import is_name

_SOURCE_STOP = rx.compile(r"(记者|作者|编辑|责任编辑|发布|时间|日期|\d{4}|浏览|阅读|点击|字号|分享|http|www\.)")
SOURCE_RANK = {"来源": 0, "信息来源": 0, "文章来源": 0, "新闻来源": 0, "稿件来源": 0, "稿源": 1, "出处": 2,
               "来自": 3, "来源于": 3, "本文转自": 1, "文章转自": 1, "转自": 2, "转载自": 2}


# 来源 as a field among others, without a colon: "| 1164次阅读| 来源CSDN| 0 条评论"
_SOURCE_FIELD = rx.compile(rf"(?=[|｜来])(?:^|[|｜]\s*)来源\s*"
                           rf"(?P<v>[{HAN}A-Za-z][{HAN}A-Za-z0-9.]{{1,19}})(?=\s*[|｜])")


_WORDISH = rx.compile(f"[{HAN}A-Za-z]")

def source_candidates(page: Page) -> list[Found]:
    out = []
    for ln in page.lines:
        if not ln.text or (ln.prose and ln.han > 60):
            continue
        for m in SOURCE.finditer(ln.text):
            v = m["v"]
            stop = _SOURCE_STOP.search(v)
            if stop:
                v = v[: stop.start()]
            v = v.strip("-_·.。 ")
            if len(v) < 2 or is_spam(v) or not _WORDISH.search(v):
                continue
            zone = page.zone(ln.index)
            score = 10 - SOURCE_RANK.get(m["label"], 3) * 2 + {"header": 5, "core": -8, "footer": 2}[zone]
            out.append(Found(canonical_outlet(v), ln.index, f"{m['label']}: ({zone})", score))
        field = _SOURCE_FIELD.search(ln.text)
        if field and not is_spam(field["v"]) and not _SOURCE_STOP.search(field["v"]):
            zone = page.zone(ln.index)
            out.append(Found(canonical_outlet(field["v"]), ln.index, f"来源 field ({zone})",
                             8 + {"header": 5, "core": -8, "footer": 2}[zone]))
    meta = page.html.meta if page.html is not None else {}
    for key in ("og:site_name", "source", "article:author", "author"):
        if key == "og:site_name":
            continue  # the site is not the credited source
        v = meta.get(key)
        if key == "source" and v and 2 <= len(v) <= 30 and not is_spam(v):
            out.append(Found(canonical_outlet(v), None, "<meta source>", 6))
    return out


# a line that is a date (and time) and one name: "2019-09-26 10:56:28 证券时报网",
# "原创 南方都市报 2019-09-09 16:01:46", "2019-09-05 11:10 游民星空[整理]"
_MARKS = rx.compile(r"^(?:原创|转载|独家|置顶)\s+|[\[【(（](?:整理|原创|转载|编译|综合)[\]】)）]|\s+\d+$")
_NAME = rx.compile(rf"[{HAN}A-Za-z][{HAN}A-Za-z0-9·\-]{{1,19}}")
_NOT_OUTLET = rx.compile(r"(编辑|记者|作者|来源|时间|日期|发布|阅读|浏览|评论|分享|字号|打印|收藏|关注|订阅|首页|专题|"
                         r"星期|周[一二三四五六日])")
# an outlet opening the article: "新京报讯（记者 …）", "新京报快讯", "【明报专讯】", not "本报讯"
_OUTLET_LEAD = rx.compile(rf"^(?P<open>[【\[［])?(?P<v>[{HAN}]{{1,10}}?(?:报|网|社|台|新闻|日报|晚报|客户端|频道|电视))"
                          r"(?:快讯|专讯|特讯|讯)(?(open)[】\]］]|(?:[（(\s]|$))")


# a post's relative date: "爱否科技 昨天", "3小时前"
_RELATIVE = rx.compile(r"(?<![\w])(?:昨天|前天|今天|刚刚|\d{1,2}\s*(?:分钟|小时|天)前)(?:\s*\d{1,2}:\d{2})?$")


# a byline naming its outlet: "采写：南都记者 余毅菁", "新京报记者 张三" (a known outlet only)
_OUTLET_BYLINE = rx.compile(rf"(?:^|[：:\s（(【])(?P<v>[{HAN}]{{2,8}}?)(?:全媒体|首席|特约|见习|实习)?记者"
                            rf"\s*[{HAN}·]{{2,4}}")
# what follows an outlet's name on a date line of a news app: "新浪科技 我有话说(1307人参与) 收藏本文"
_UI = rx.compile(r"评论|参与|收藏|分享|字号|打印|关注|阅读|浏览|点击|我有话说|^\d+$")


def _outlet_like(s: str) -> bool:
    """Whether ``s`` can be an outlet's or an account's name: one name, no label or button
    word, no spam, and no person's name (unless a known outlet)."""
    return (bool(_NAME.fullmatch(s)) and not _NOT_OUTLET.search(s) and not is_spam(s)
            and not (is_name(s) and s not in outlets()))


def outlet_in_date_line(page: Page) -> list[Found]:
    """The name that stands beside the date in a header line with nothing else on it (or in
    one of the article's first lines, where a date line often stands).  A name before a
    date with no time is passed over: that is a headline with its date."""
    first = page.core[0] if page.core else len(page.lines)
    out = []
    for ln in page.lines[: first + 5]:
        if not ln.text or ln.prose or ln.cue or ln.link >= 0.8 or len(ln.text) > 48:
            continue
        m = DATE.search(ln.text) or _RELATIVE.search(ln.text)
        if not m:
            continue
        before, after = ln.text[: m.start()].strip(), ln.text[m.end():].strip()
        if before and not m.groupdict().get("H") and m.re is DATE and not after:
            continue
        rest = _MARKS.sub("", f"{before} {after}".strip()).strip(" |｜·-—:：")
        tokens = rest.split()
        if not before and len(tokens) > 1 and all(_UI.search(t) for t in tokens[1:]):
            rest = tokens[0]  # the outlet, then the page's buttons
        if not _outlet_like(rest):
            continue  # a reporter's name beside the date is a byline, not a source
        out.append(Found(canonical_outlet(rest), ln.index, "outlet beside the date line", 4))
    for ln in page.lines[first : first + 3]:
        m = _OUTLET_LEAD.match(ln.text)
        if m and not m["v"].startswith(("本", "我")):
            out.append(Found(canonical_outlet(m["v"]), ln.index, "outlet opening the article (…讯)", 3))
    known = outlets()
    end = page.core[1] if page.core else len(page.lines)
    for ln in page.lines[: end + 4]:  # the header, the article and a byline closing it
        if ln.text and not ln.prose:
            for m in _OUTLET_BYLINE.finditer(ln.text):
                if m["v"] in known:
                    out.append(Found(canonical_outlet(m["v"]), ln.index, "outlet of a byline (…记者 name)", 1))
    return out


def account_above_date(page: Page, title: str | None) -> list[Found]:
    """The name between the headline and the date line, as a platform prints a post (headline,
    account, ``发布时间：10-08 12:00``): a short name alone on its line, no person's name."""
    if not title:
        return []
    first = page.core[0] if page.core else len(page.lines)
    shown = [ln for ln in page.lines[: first + 5] if ln.text]
    for above, name, below in zip(shown, shown[1:], shown[2:], strict=False):
        if above.text.strip() != title.strip() or name.prose or name.cue or below.prose:
            continue
        if not (DATE.search(below.text) or YEARLESS.search(below.text)) or len(below.text) > 48:
            continue
        rest = _MARKS.sub("", name.text.strip())
        if _outlet_like(rest):
            return [Found(canonical_outlet(rest), name.index, "account between the headline and the date", 2)]
    return []


def account_before_mark(page: Page, title: str | None) -> list[Found]:
    """An account's name printed after the headline and just before the platform's mark for
    accounts (``微信号``, ``企鹅号``, a follow button; ``data/account_marks.txt``): the header
    of a post, not a menu that lists the platform's sections."""
    if not title:
        return []
    marks = terms("account_marks.txt")
    first = page.core[0] if page.core else len(page.lines)
    shown = [ln for ln in page.lines[: first + 5] if ln.text]
    # the headline as printed nearest the article (a dump's first line is its saved title)
    stated = [i for i, ln in enumerate(shown) if title.strip() in ln.text]
    before = [i for i in stated if shown[i].index < first]
    headline = before[-1] if before else stated[0] if stated else len(shown)
    for name, mark in zip(shown[headline + 1:], shown[headline + 2:], strict=False):
        if mark.text.strip() not in marks or name.prose or name.cue:
            continue
        rest = _MARKS.sub("", name.text.strip())
        if _outlet_like(rest):
            return [Found(canonical_outlet(rest), name.index, "account before the platform's mark", 2)]
    return []


# an originality notice: "本文为某某网原创文章，禁止转载", "本文系某某独家原创稿件"
_ORIGINAL = rx.compile(rf"(?=本)本文(?:为|系|是)\s*(?P<v>[{HAN}A-Za-z][{HAN}A-Za-z0-9·\-]{{1,19}}?)\s*(?:独家)?原创")


def original_notice(page: Page) -> list[Found]:
    """The outlet an originality notice names (``本文为某某网原创文章，禁止转载``), wherever
    it stands: the outlet claims the article as its own."""
    for ln in page.lines:
        m = _ORIGINAL.search(ln.text) if ln.text and "原创" in ln.text else None
        if m and _outlet_like(m["v"]):
            return [Found(canonical_outlet(m["v"]), ln.index, "originality notice (本文为…原创)", 1)]
    return []


def pick_source(page: Page, title: str | None = None) -> Found | None:
    cands = (source_candidates(page) or outlet_in_date_line(page) or account_above_date(page, title)
             or account_before_mark(page, title) or original_notice(page))
    if cands:
        return max(cands, key=lambda c: (c.score, -(c.line or 0)))
    _, _, agency = dateline(page)
    if agency:
        return Found(canonical_outlet(agency), None, "dateline agency", 1)
    header = post_header(page)
    if header is not None:
        return Found(canonical_outlet(header[2]), header[0], "account in the post header (原创 author account)", 1)
    return None


def extract(page: Page, found: dict[str, Any]) -> Found | None:
    return pick_source(page, found.get("title"))


FIELD = Field("source", extract, short_or_not_prose(12))
