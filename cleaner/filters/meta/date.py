"""``date``: when the page was published, at the precision it states.

From ``<meta>`` and JSON-LD timestamps, ``<time>``, and dates in the page's lines, scored by
where they stand (header, core, footer) and what labels them (``发布时间``; never
``快照``); a dateline (``10月3日电``) takes its year from the page's other dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ...document import Head
from ...text import rx
from ...text.layout import FRONT_NOTE, Line
from .common import CN_TZ, DATE, META_LINE, SOURCE, YEARLESS, Field, Found, Page, dateline, iso, short_or_not_prose

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
_CN_DATE = rx.compile(
    r"(?P<y>[〇○零一二三四五六七八九][〇○零一二三四五六七八九]{3})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_DATE_LABEL = rx.compile(
    r"(发布时间|发布日期|发表时间|发表于|发布于|时间|日期|更新时间|publish|date)\s*[:：]?\s*$", re.I
)
_STAMP_KEY = rx.compile(r"date|time|modified|updated", re.I)
_UPDATE_LABEL = rx.compile(r"(最后更新|更新时间|更新于|修改时间|最后修改|updated)\s*[:：]?\s*$", re.I)
_BAD_LABEL = rx.compile(r"(快照|生成时间|采集|抓取|爬取|访问时间|截至|截止|有效期|报名|举办|活动时间)")


def _cn_num(s: str) -> int:
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGIT.get(a, 1) if a else 1) * 10 + (_CN_DIGIT.get(b, 0) if b else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in s))


def parse_date(s: str) -> str | None:
    """Parse one date string in the shapes Chinese pages use.

    >>> parse_date("2020/01/20/ 08:50"), parse_date("2024年5月30日 07:27"), parse_date("二〇二四年五月三十日")
    ('2020-01-20T08:50+08:00', '2024-05-30T07:27+08:00', '2024-05-30')
    """
    m = DATE.search(s)
    if m:
        g = m.groupdict()
        H = int(g["H"]) if g["H"] else None
        return iso(int(g["y"]), int(g["m"]), int(g["d"]), H, int(g["M"]) if g["M"] else None,
                   int(g["S"]) if g["S"] else None)
    m = _CN_DATE.search(s)
    if m:
        return iso(_cn_num(m["y"]), _cn_num(m["m"]), _cn_num(m["d"]))
    return None


def _iso_value(value: str) -> str | None:
    """An ISO-ish date from HTML (``2024-03-22T21:02:00+08:00``, ``...Z``, ``2024-03-22``)."""
    v = value.strip()
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(v)
    if len(v) <= 10:
        return dt.date().isoformat()
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CN_TZ)
    return dt.isoformat()


_PUB_KEY = rx.compile(r"publish|pubdate|pub_date|apub:time|releasedate|firstpublished", re.I)
HTML_DATE_KEYS = ("article:published_time", "og:article:published_time", "og:published_time",
                  "publishdate", "pubdate", "publish_date", "publishtime", "datepublished",
                  "dc.date.issued", "dc.date", "date", "sailthru.date", "weibo: article:create_at")


def date_candidates(page: Page) -> list[Found]:
    out: list[Found] = []
    head = page.html or Head()
    metas = head.meta
    keys = list(HTML_DATE_KEYS) + [k for k in metas if _PUB_KEY.search(k) and k not in HTML_DATE_KEYS]
    for key in keys:
        v = metas.get(key)
        if v and (d := _iso_value(v)):
            out.append(Found(d, None, f"<meta {key}>", 80))
    for item in head.jsonld:
        v = item.get("datePublished") or item.get("dateCreated")
        if isinstance(v, str) and (d := _iso_value(v)):
            out.append(Found(d, None, "JSON-LD datePublished", 85))
    for v in head.time:
        if v and (d := _iso_value(v)):
            out.append(Found(d, None, "<time>", 40))
    out += _yearless(page, metas)
    start = page.core[0] if page.core else 0
    listed = sum(1 for ln in page.lines if ln.date_only)
    # a page with no article whose lines carry dates of their own (a list of headlines, each
    # with its date): an unlabelled one is a list item's, not the page's
    dated = 0 if page.core else sum(1 for ln in page.lines if ln.text and ln.han <= 300 and DATE.search(ln.text))
    for ln in page.lines:
        if not ln.text or ln.han > 300:
            continue
        zone = page.zone(ln.index)
        for m in DATE.finditer(_split_date(page, ln) or ln.text):
            before = ln.text[max(0, m.start() - 12) : m.start()]
            g = m.groupdict()
            d = iso(int(g["y"]), int(g["m"]), int(g["d"]), int(g["H"]) if g["H"] else None,
                    int(g["M"]) if g["M"] else None, int(g["S"]) if g["S"] else None)
            if not d:
                continue
            score = {"header": 30.0, "core": -15.0, "footer": -35.0}[zone]
            labelled = bool(_DATE_LABEL.search(before))
            if zone == "core" and not ln.prose and (
                    (page.core and ln.index - page.core[0] <= TOP and len(ln.text) <= 60)
                    or META_LINE.search(ln.text[m.end():])):
                score = 25.0  # a metadata line at the top of the article (date, source, author)
            if labelled:
                score += 40
            if _BAD_LABEL.search(before) or ln.cue == "snapshot":
                score -= 1000
            if ln.date_only and zone == "footer" and g["H"] and listed < 3 and page.core \
                    and ln.index - page.core[1] <= 2:
                score = 10.0  # a time stamp right below a post's text, no list's: weak, but its own
            elif ln.date_only and zone == "footer":
                score -= 40
            elif ln.date_only and listed >= 3:
                score -= 20  # one of a list's dates
            if dated >= LIST_DATES and not labelled and not ln.date_only and not META_LINE.search(ln.text[m.end():]):
                score -= 40  # a headline's date (a date line alone, or naming its source too, is the page's)
            if _UPDATE_LABEL.search(before):
                score -= 30  # when it was changed, not when it was published
            if ln.snippet or (ln.cue in ("related", "ranking", "copyright") and not (
                    labelled and SOURCE.search(ln.text))):
                score -= 100
            if g["H"]:
                score += 5
            if g["s1"] == "." and not g["H"]:
                score -= 5  # 2024.05.30 is also a version or a number
            if zone == "core" and ln.prose and ln.han > 40:
                score -= 40  # a date inside a sentence is an event
            score -= 0.1 * abs(ln.index - start)  # the date line stands next to the article's start
            out.append(Found(d, ln.index, f"date in {zone}" + (" (labelled)" if _DATE_LABEL.search(before)
                                                                  else ""), score))
        for m in _CN_DATE.finditer(ln.text):
            d = iso(_cn_num(m["y"]), _cn_num(m["m"]), _cn_num(m["d"]))
            if d:
                score = {"header": 25.0, "core": -20.0, "footer": -10.0}[zone]
                out.append(Found(d, ln.index, f"Chinese-numeral date in {zone}", score))
    return out


_YEAR = rx.compile(r"(?:19|20)\d{2}")
_MONTH_DAY = rx.compile(r"\d{1,2}[-/]\d{1,2}")
_CLOCK = rx.compile(r"\d{1,2}:\d{2}")


def _split_date(page: Page, ln: Line) -> str | None:
    """A date laid out a part a line (``2021`` / ``11/03`` / ``08:15``), as one text, on the
    year's line."""
    if not _YEAR.fullmatch(ln.text):
        return None
    parts = [ln.text]
    for nxt in page.lines[ln.index + 1 : ln.index + 6]:
        if not nxt.text:
            continue
        if len(parts) == 1 and _MONTH_DAY.fullmatch(nxt.text):
            parts.append(nxt.text.replace("/", "-"))
        elif len(parts) == 2 and _CLOCK.fullmatch(nxt.text):
            parts.append(nxt.text)
        else:
            break
    return f"{parts[0]}-{' '.join(parts[1:])}" if len(parts) >= 2 else None


def _yearless(page: Page, metas: dict[str, str]) -> list[Found]:
    """A labelled date without a year (``发布时间：10-08 12:00``, or with two digits of it:
    ``18-03-08 23:16``), with the year of a ``<meta>`` timestamp (published, updated) that has
    the same day and minute; else with its own two digits (``18-`` is 2018).  A date with
    no year at all is left to :func:`_unyeared`."""
    stamps = [d for k, v in metas.items() if _STAMP_KEY.search(k) and (d := _iso_value(v)) and len(d) > 10]
    out = []
    for ln, m in _labelled_yearless(page):
        rest = (int(m["m"]), int(m["d"]), int(m["H"]), int(m["M"]))
        for stamp in stamps:
            y = int(stamp[:4])
            if (int(stamp[5:7]), int(stamp[8:10]), int(stamp[11:13]), int(stamp[14:16])) == rest and (
                    not m["yy"] or int(m["yy"]) == y % 100):
                d = iso(y, *rest)
                if d:
                    out.append(Found(d, ln.index, "year-less date, year from a <meta> stamp that agrees", 70))
                break
        else:
            if m["yy"] and (d := iso(2000 + int(m["yy"]), *rest)) and not _future(d, page.now):
                out.append(Found(d, ln.index, "labelled date with a two-digit year", 60))
    return out


def _labelled_yearless(page: Page) -> list[tuple[Line, re.Match[str]]]:
    """The labelled year-less dates (``发布时间：10-08 12:00``) outside the footer."""
    out = []
    for ln in page.lines:
        if not ln.text or ln.prose or page.zone(ln.index) == "footer":
            continue
        for m in YEARLESS.finditer(ln.text):
            if _DATE_LABEL.search(ln.text[max(0, m.start() - 12) : m.start()]):
                out.append((ln, m))
    return out


def _unyeared(page: Page) -> Found | None:
    """A labelled date with no year anywhere near it (``发布时间：10-08 12:00``, the way a
    platform prints this year's posts).  A crawled page takes the year it was fetched in (the
    year before, where that day and time would come after the fetch); else the date stays
    unknown, but the line is the page's metadata, consumed as such.  Its year is not taken
    from the page's other dates, as a dateline's is: the pages that print this shape give a
    year to older posts only, so the years on the page (a list of other posts) are the wrong
    ones."""
    for ln, m in _labelled_yearless(page):
        if m["yy"]:
            continue
        if (d := _fetch_year(page, int(m["m"]), int(m["d"]), int(m["H"]), int(m["M"]))) is not None:
            return Found(d, ln.index, "labelled year-less date, year from when the page was fetched", 20)
        return Found(None, ln.index, "labelled date with no year: the page does not give it", 0)
    return None


LIST_DATES = 3  # dated lines from which a page with no article is a list of dated items
TOP = 6  # lines at the top of the article where a short date line is the page's metadata
VISIBLE = 25.0  # a date line in the header, or at the top of the article


def pick_date(page: Page) -> Found | None:
    cands = [c for c in date_candidates(page) if c.score > 0]
    cands = [c for c in cands if not _future(c.value, page.now)]
    # the date the page shows comes first; a <meta> or JSON-LD stamp where it shows none
    shown = [c for c in cands if c.line is not None and c.score >= VISIBLE]
    best = max(shown or cands, key=lambda c: c.score) if cands else None
    if best is not None:
        return best
    dl, _, _ = dateline(page)
    if dl is not None and dl.value[0] is not None:  # (a bracketed dateline may give the day alone)
        month, day = dl.value
        years = [int(str(c.value)[:4]) for c in date_candidates(page) if not _future(c.value, page.now)]
        if years:
            year = max(set(years), key=years.count)
            d = iso(year, month, day)
            if d and not _future(d, page.now):
                return Found(d, dl.line, "dateline, year from the page's other dates", 10)
        elif (d := _fetch_year(page, month, day)) is not None:
            return Found(d, dl.line, "dateline, year from when the page was fetched", 5)
    return _unyeared(page)


def _fetch_year(page: Page, month: int, day: int, hour: int | None = None, minute: int | None = None
                ) -> str | None:
    """A year-less date on a crawled page, in the year the page was fetched in, or in the
    year before where that day (and time) would come after the fetch; None on a page that
    was not crawled."""
    if page.fetched is None:
        return None
    year = page.fetched.astimezone(CN_TZ).year
    for y in (year, year - 1):
        d = iso(y, month, day, hour, minute)
        if d and not _future(d, page.fetched, slack=timedelta(0)):
            return d
    return None


def _future(value: str, now: datetime, slack: timedelta = timedelta(days=1)) -> bool:
    """Whether a date comes after ``now`` (by more than ``slack``: a day, for clocks and
    time zones), or before 1990: no page's publication date."""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return False
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CN_TZ)
    return dt > now + slack or dt.year < 1990


def extract(page: Page, found: dict[str, Any]) -> Found | None:
    return pick_date(page)


_SHORT: Callable[[Line], bool] = short_or_not_prose(12)


def _consumed(line: Line) -> bool:
    """Whether the line that gave the date is metadata; a document's adoption note
    (``（2007年6月29日…会议通过）``) is its text too, and stays."""
    return _SHORT(line) and not FRONT_NOTE.match(line.text)


FIELD = Field("date", extract, _consumed, convert=False)
