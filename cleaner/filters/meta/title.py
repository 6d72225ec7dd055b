"""``title``: the headline, from ``<h1>``/``og:title``/``<title>`` or the lines before the
article, with site and section names and ad labels dropped."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ...text import rx
from ...text.han import HAN
from ...text.spam import is_spam
from ...text.title import clean_title
from .common import DATE, META_LINE, Field, Found, Page

_BREADCRUMB = rx.compile(r"[>›»]|(?:^|\s)(?:正文|首页)$")
_TITLE_LABEL = rx.compile(r"^(?:原创|转载|独家|置顶|热门|推荐)\s*(?=\S{6,})")


def title_from_lines(page: Page) -> Found | None:
    """The headline among the lines before the article: near the date/source line, repeated."""
    first = page.core[0] if page.core else len(page.lines)
    exact = Counter(ln.text for ln in page.lines if ln.text)
    similar = [ln.text for ln in page.lines if 10 <= len(ln.text) <= 140]
    header = [ln for ln in page.lines[:first] if ln.text]
    # a headline ending in ！ or ？ reads like prose and may open the core: take the core's
    # first line too when it is short and a date line follows it
    opening = [ln for ln in page.lines[first : first + 2] if ln.text and len(ln.text) <= 60
               and not ln.text.endswith("。") and any(DATE.search(x.text) for x in
                                                     page.lines[ln.index + 1 : ln.index + 4] if x.text)]
    # a text page's first line is the page's title as saved; the line that states it again
    # before the article (a label such as 原创 aside) is the headline, whatever the article's
    # words (a gallery post's one caption shares few with it)
    window = header[:40] + header[40:][-60:]  # where a headline is looked for: the page's top, the article's top
    saved = _TITLE_LABEL.sub("", clean_title(header[0].text)) if header and page.kind != "html" else None
    told = [ln.index for ln in window if _TITLE_LABEL.sub("", clean_title(ln.text)) == saved] if saved else []
    candidates = []
    for ln in window + opening[:1]:
        s = ln.text
        if not s or ln.cue or ln.date_only or ln.snippet or ln.pattern in ("layout residue", "metadata", "editor line"):
            continue
        if len(s) < 6 or len(s) > 120 or ln.separators >= 3 or is_spam(s) or _BREADCRUMB.search(s):
            continue
        if len(s.split()) >= 4 and max(len(w) for w in s.split()) <= 4:
            continue  # a menu: many short words
        if META_LINE.search(s) and ln.han < 25:
            continue
        if s.endswith(("。", "网", "站", "频道")) and ln.han <= 12:
            continue
        score = 0.0
        following = [x for x in page.lines[ln.index + 1 : ln.index + 5] if x.text]
        dated = any(DATE.search(x.text) for x in following[:2])
        if dated:
            score += 5  # a headline is followed by its date line
        elif any(META_LINE.search(x.text) for x in following[:2]):
            score += 2
        repeats = exact[s]
        if len(s) >= 10:
            repeats += sum(1 for t in similar if t != s and len(t) < len(s) + 20 and s in t)
        score += min(repeats - 1, 3)
        score += 2 if 8 <= ln.han <= 40 else 0
        score -= 3 if ln.sentences and s.endswith(("。", "!", "！")) else 0
        if ln.tag == "h1":
            score += 5
        # a headline is about the article: its bigrams recur in the article text, a menu's do not
        overlap = topic_overlap(page, s)
        if len(told) >= 2 and ln.index == told[-1]:
            score += 3  # the headline as the page prints it, nearest the article, over the saved title
        elif overlap < 0.25 and not dated:
            continue  # neither about the article nor followed by a date: a menu or a site name
        score += 6 * overlap
        score -= 0.02 * ln.index  # the headline comes early
        candidates.append((score, ln.index, s))
    if not candidates:
        return None
    score, idx, s = max(candidates, key=lambda c: (c[0], c[1]))
    return Found(drop_site_tail(_TITLE_LABEL.sub("", clean_title(s)), page), idx, "headline line before the article",
                 score)


_HAN_RUNS = rx.compile(f"[{HAN}][{HAN}]+")  # a bigram of Han characters lies in one such run


def topic_overlap(page: Page, s: str) -> float:
    """Share of the Han bigrams of ``s`` that occur in the article core."""
    core = page.core_text()  # a few substring searches beat building the core's bigram set
    grams = [run[i : i + 2] for run in _HAN_RUNS.findall(s) for i in range(len(run) - 1)]
    return sum(g in core for g in grams) / len(grams) if grams else 0.0


def title_from_html(page: Page) -> Found | None:
    head = page.html
    if head is None:
        return None
    og = head.meta.get("og:title")
    title = head.title
    h1s = [h for h in head.h1 if 4 <= len(h) <= 120 and not is_spam(h)]
    for h in h1s:
        if (title and h in title) or (og and h in og):
            return Found(h, None, "<h1> matching <title>")
    if og and not is_spam(og):
        return Found(clean_title(og), None, "og:title")
    if title and not is_spam(title):
        return Found(clean_title(title), None, "<title>")
    if h1s:
        return Found(h1s[0], None, "<h1>")
    return None


_TAIL = rx.compile(r"(?:\s*[-–—]\s*|\s+)(?P<tail>[^\s\-–—。！？!?，,][^-–—。！？!?，,]{0,19})$")


def drop_site_tail(title: str, page: Page) -> str:
    """``title`` without a site or section name glued to its end (``…GPU-EDN 电子技术设计``,
    ``…监察法-纪检``, ``…大赛 湖南省中医药研究院附属医院``): a last segment whose every word
    stands in a line outside the article that does not hold the rest of the title (a footer,
    a menu, a copyright line; not a breadcrumb that repeats the whole headline)."""
    m = _TAIL.search(title)
    if not m or m.start() < 6:
        return title
    head, words = title[: m.start()], m["tail"].split()
    bare = re.sub(r"\s", "", title)
    outside = [ln.text for ln in page.lines if ln.text and page.zone(ln.index) != "core"
               and head.strip()[:6] not in ln.text and re.sub(r"\s", "", ln.text) not in bare]
    if all(any(w in text for text in outside) for w in words):
        return head.rstrip()
    return title


_SITE_WORDS = rx.compile(r"(?:官方网站|门户网站|官网|网站|首页|主页)$")


def _site_name(page: Page, value: str) -> bool:
    """Whether a title from the head is the site's name: what it says, a ``官网``-like ending
    aside, stands in the page's copyright line (``版权所有：© 中国某某学会``)."""
    base = _SITE_WORDS.sub("", value.strip()).strip()
    return len(base) >= 2 and any(ln.cue == "copyright" and base in ln.text for ln in page.lines if ln.cue)


def extract(page: Page, found: dict[str, Any]) -> Found | None:
    """The headline: from the HTML head when it is about the article, else from the lines.

    A ``<title>`` that shares nothing with the article, or that names the site its copyright
    line names (an organisation's own news page), is a site name: a dated headline line in
    the page is better evidence.  A headline from the head also stands in the body as a
    line; those copies before the article are consumed with it.
    """
    if page.kind == "html":
        got = title_from_html(page)
        if got is not None and got.rule != "<h1> matching <title>" and (
                topic_overlap(page, got.value) < 0.25 or _site_name(page, got.value)):
            inline = title_from_lines(page)
            if inline is not None and topic_overlap(page, inline.value) >= 0.25:
                got = inline
        if got is not None:
            if got.value and got.rule in ("og:title", "<title>"):
                got.value = drop_site_tail(got.value, page)
            if got.value:
                end = page.core[0] if page.core else len(page.lines)
                got.also = tuple(ln.index for ln in page.lines[:end] if ln.text and (
                    ln.text == got.value or clean_title(ln.text) == got.value))
            return got
    return title_from_lines(page)


FIELD = Field("title", extract)
