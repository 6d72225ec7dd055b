"""``source``: the outlet a page credits (``来源：``, ``转自``, ``<meta name="source">``, the
agency of a dateline)."""

from __future__ import annotations

import re
from typing import Any

from ...text.han import HAN
from ...text.spam import is_spam
from .common import SOURCE, Field, Found, Page, canonical_outlet, dateline, short_or_not_prose

_SOURCE_STOP = re.compile(r"(记者|作者|编辑|责任编辑|发布|时间|日期|\d{4}|浏览|阅读|点击|字号|分享|http|www\.)")
SOURCE_RANK = {"来源": 0, "信息来源": 0, "文章来源": 0, "新闻来源": 0, "稿件来源": 0, "稿源": 1, "出处": 2,
               "来自": 3, "来源于": 3, "本文转自": 1, "文章转自": 1, "转自": 2, "转载自": 2}


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
            if len(v) < 2 or is_spam(v) or not re.search(f"[{HAN}A-Za-z]", v):
                continue
            zone = page.zone(ln.index)
            score = 10 - SOURCE_RANK.get(m["label"], 3) * 2 + {"header": 5, "core": -8, "footer": 2}[zone]
            out.append(Found(canonical_outlet(v), ln.index, f"{m['label']}: ({zone})", score))
    meta = page.html.meta if page.html is not None else {}
    for key in ("og:site_name", "source", "article:author", "author"):
        if key == "og:site_name":
            continue  # the site is not the credited source
        v = meta.get(key)
        if key == "source" and v and 2 <= len(v) <= 30 and not is_spam(v):
            out.append(Found(canonical_outlet(v), None, "<meta source>", 6))
    return out


def pick_source(page: Page) -> Found | None:
    cands = source_candidates(page)
    if cands:
        return max(cands, key=lambda c: (c.score, -(c.line or 0)))
    _, _, agency = dateline(page)
    if agency:
        return Found(canonical_outlet(agency), None, "dateline agency", 1)
    return None


def extract(page: Page, found: dict[str, Any]) -> Found | None:
    return pick_source(page)


FIELD = Field("source", extract, short_or_not_prose(12))
