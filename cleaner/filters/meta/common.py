"""What the field extractors share: the page they read, what they return, the patterns
several fields use (a date, a metadata line, a source label, a dateline) and the outlets.

Each field is one module with one :class:`Field` row; ``meta.FIELDS`` lists them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from ...datafiles import table
from ...document import Head
from ...text import rx
from ...text.han import HAN
from ...text.layout import Line

CN_TZ = timezone(timedelta(hours=8))


@dataclass(slots=True)
class Found:
    value: Any
    line: int | None  # 0-based line index in the text, None for HTML <head> values
    rule: str
    score: float = 0.0
    also: tuple[int, ...] = ()  # further lines that gave the same value (consumed with ``line``)


@dataclass(slots=True)
class Page:
    lines: list[Line]
    core: tuple[int, int] | None
    html: Head | None = None
    kind: str = "text"
    now: datetime = field(default_factory=lambda: datetime.now(CN_TZ))
    fetched: datetime | None = None  # when a crawler fetched the page (a WARC's date); then also ``now``
    _core_text: str | None = None

    def core_text(self) -> str:
        """The article core's lines joined (first 20,000 characters; empty without a core)."""
        if self._core_text is None:
            first, last = self.core if self.core is not None else (0, -1)
            parts, size = [], 0
            for ln in self.lines[first : last + 1]:  # (only as much as is kept: pages can be huge)
                parts.append(ln.text[: 20000 - size])
                size += len(parts[-1])
                if size >= 20000:
                    break
            self._core_text = "".join(parts)
        return self._core_text

    def zone(self, i: int) -> str:
        if self.core is None:
            return "header"
        first, last = self.core
        return "header" if i < first else "footer" if i > last else "core"



@dataclass(frozen=True, slots=True)
class Field:
    """One record field: how to find it and how its value is handled.

    ``extract(page, found)`` gets the values found so far (fields earlier in ``FIELDS``);
    a line that yields the field is removed from the body as metadata when ``consume``
    says so (``None``: always); ``convert`` values follow the target script; ``many``
    fields are lists.
    """

    name: str
    extract: Callable[[Page, dict[str, Any]], Found | None]
    consume: Callable[[Line], bool] | None = None
    convert: bool = True
    many: bool = False


def short_or_not_prose(limit: int) -> Callable[[Line], bool]:
    """A line is metadata only when it is not prose or has at most ``limit`` Han characters."""
    return lambda ln: not ln.prose or ln.han <= limit


# each starts with a look-ahead for its first character (a year's 1 or 2, a digit): what fails
# most positions at once, before the look-behind and the branches are tried
DATE = rx.compile(
    r"(?=[12])(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<s1>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?\s*/?"
    r"(?:\s*(?:[T ]\s*)?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
# a date without its year, with a time (发布时间：10-08 12:00, 18-03-08 23:16 with two digits of it)
YEARLESS = rx.compile(r"(?=\d)(?<![\d\-/.年])(?:(?P<yy>\d{2})-)?(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{2})日?"
                      r"\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?![\d:])")
META_LINE = rx.compile(r"(来源|发布时间|发布日期|时间[:：]|作者[:：]|记者|编辑[:：]|\d{4}[-/年]\d{1,2}[-/月]\d{1,2})")
DATELINE = rx.compile(
    rf"^(?P<agency>[{HAN}]{{1,8}}?(?:网|社|报|台|电视台|客户端)?)?(?P<place>[{HAN}]{{2,6}}?)?"
    r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯|消息)"
)
# a bracketed dateline with its reporters, as Taiwan's agencies print it: （中央社记者王小明台北1日电）,
# （中央社记者王小明、李大华东京1日专电）, （中央社台北1日电）: names and place glued, the month left out
BRACKET_DATELINE = rx.compile(
    rf"^[（(](?P<agency>[{HAN}]{{1,6}}?(?:社|报|网))(?P<reporter>记者)?(?P<body>[{HAN}、·]{{2,46}}?)"
    r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:专|综合|特)?电[)）]"
)
SOURCE_LABELS = ("本文转自", "文章转自", "转自", "转载自", "来源于", "信息来源", "文章来源", "新闻来源", "稿件来源",
                 "稿源", "出处", "来源", "来自")
SOURCE = rx.compile(  # a look-ahead for a label's first character first: the search skips to those
    rf"(?=[{''.join(sorted({label[0] for label in SOURCE_LABELS}))}])(?<![{HAN}])(?P<label>{'|'.join(SOURCE_LABELS)})"
    r"\s*[:：]\s*(?P<v>[^\s|｜,，;；:：()（）\[\]【】]{2,30})"
)


def iso(y: int, m: int, d: int, H: int | None = None, M: int | None = None, S: int | None = None) -> str | None:
    """ISO 8601 at the precision given, China time when a time is given.

    >>> iso(2024, 3, 22, 21, 2, 0), iso(2024, 10, 3), iso(2024, 2, 30)
    ('2024-03-22T21:02:00+08:00', '2024-10-03', None)
    """
    try:
        datetime(y, m, d, H or 0, M or 0, S or 0)
    except ValueError:
        return None
    if H is None:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if S is None:
        return f"{y:04d}-{m:02d}-{d:02d}T{H:02d}:{M:02d}+08:00"
    return f"{y:04d}-{m:02d}-{d:02d}T{H:02d}:{M:02d}:{S:02d}+08:00"


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    return {row[0]: (row[1] if len(row) > 1 else row[0]) for row in table("outlets.txt")}


def canonical_outlet(name: str) -> str:
    return outlets().get(name, name)


def dateline(page: Page) -> tuple[Found | None, str | None, str | None]:
    """``(date, place, agency)`` from a dateline like ``中新网兰州10月3日电``.

    The year comes from the page's other dates; without one the date is null.
    """
    first = page.core[0] if page.core else 0
    for ln in page.lines[max(0, first - 1) : first + 3]:
        m = DATELINE.match(ln.text)
        if not m:
            b = bracket_dateline(ln.text)
            if b is not None:
                return Found((b[3], b[4]), ln.index, "bracketed dateline"), b[2], b[0]
            continue
        agency, place = m["agency"] or "", m["place"] or ""
        head = agency + place
        agency_name, place_name = _split_agency(head)
        return Found((int(m["m"]), int(m["d"])), ln.index, "dateline"), place_name, agency_name
    return None, None, None


# a post's header line as platforms print it (reposts keep it): 原创[：] author account [when]
# (WeChat), 原创 account when (Toutiao)
POST_HEADER = rx.compile(
    rf"^原创\s*[:：]?\s*(?P<first>[{HAN}·]{{2,6}}?|[A-Za-z][A-Za-z0-9_.\-]{{1,29}})(?:编译|整理|撰文)?"
    r"(?:\s+(?P<account>[^\s\d:：|｜][^\s:：|｜]{1,29}))?(?:\s+(?P<when>\S.{0,24}))?$"
)
_WHEN = rx.compile(r"^(?:\d{2,4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}|"
                   r"今天|昨天|前天|\d+\s*(?:分钟|小时|天)前)")


def post_header(page: Page) -> tuple[int, str | None, str] | None:
    """``(line, author, account)`` of a platform post's header line near the article's start
    (``原创 张三 某某公众号 前天``; ``原创 某某号 2019-09-09 16:01``: an account, no author):
    the names stand in fixed places there, so an author's is taken as printed (a pen name
    need not start with a surname)."""
    first = page.core[0] if page.core else len(page.lines)
    for ln in page.lines[: first + 16]:
        if ln.text.startswith("原创"):
            m = POST_HEADER.match(ln.text.strip())
            if not m or (m["when"] and not _WHEN.match(m["when"])) or not (m["account"] or m["when"]):
                continue
            if m["account"]:
                return ln.index, m["first"], m["account"]
            return ln.index, None, m["first"]
    return None


_OWN_DESK = rx.compile(rf"^(本报|本网|本台)?([{HAN}]{{2,6}})?$")  # 本报记者 / a desk name

def bracket_dateline(text: str) -> tuple[str, list[str], str | None, int | None, int] | None:
    """``(agency, reporters, place, month, day)`` of a bracketed dateline that opens a
    paragraph (``（中央社记者王小明台北1日电）`` -> 中央社, [王小明], 台北, None, 1); the names and
    the place are told apart by the names' shape and the place names known."""
    if not text.startswith(("（", "(")):
        return None
    m = BRACKET_DATELINE.match(text)
    if not m:
        return None
    agency, body = m["agency"], m["body"]
    names: list[str] = []
    place: str | None = body
    if m["reporter"]:
        *names, last = body.split("、")
        split = _name_and_place(last)
        if split is None:
            return None
        names.append(split[0])
        place = split[1]
    return agency, names, place, int(m["m"]) if m["m"] else None, int(m["d"])


def _name_and_place(s: str) -> tuple[str, str] | None:
    """A reporter's name glued to the dateline's place (``王小明台北``): where the rest is a
    place name known, else the three-character name, else the two."""
    from .people import is_name  # (people and place read this module)
    from .place import gazetteer

    g = gazetteer()
    cuts = [n for n in (3, 2, 4) if len(s) - n >= 2 and is_name(s[:n])]
    for n in cuts:
        found = g.longest(s[n:])
        if found and found[0][0] == 0 and found[0][1] == len(s) - n:
            return s[:n], s[n:]
    return (s[:cuts[0]], s[cuts[0]:]) if cuts and cuts[0] != 4 else None


def _split_agency(head: str) -> tuple[str | None, str | None]:
    """``中新网兰州`` -> (中新网, 兰州); ``新华社北京`` -> (新华社, 北京); ``本报讯`` -> (None, None)."""
    for alias in sorted(outlets(), key=len, reverse=True):
        if head.startswith(alias):
            rest = head[len(alias):]
            return alias, (rest or None)
    m = _OWN_DESK.match(head)
    if m:
        return None, m.group(2)
    return None, None
