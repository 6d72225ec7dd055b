"""Extractors for title, date, source, editor and authors.

Each takes a :class:`Page` (the lines, their features and the article core) and returns a
:class:`Found` (value, line, rule) or ``None``: a field the page does not state is null,
never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from ...datafiles import lines as data_lines
from ...datafiles import table
from ..layout import Line

CN_TZ = timezone(timedelta(hours=8))
HAN = r"\u3400-\u9fff"


@dataclass(slots=True)
class Found:
    value: Any
    line: int | None  # 0-based line index in the text, None for HTML <head> values
    rule: str
    score: float = 0.0


@dataclass(slots=True)
class Page:
    lines: list[Line]
    core: tuple[int, int] | None
    html: dict[str, Any] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(CN_TZ))
    _core_text: str | None = None

    def core_text(self) -> str:
        """The article core's lines joined (first 20,000 characters; empty without a core)."""
        if self._core_text is None:
            first, last = self.core if self.core is not None else (0, -1)
            self._core_text = "".join(ln.text for ln in self.lines[first : last + 1])[:20000]
        return self._core_text

    def zone(self, i: int) -> str:
        if self.core is None:
            return "header"
        first, last = self.core
        return "header" if i < first else "footer" if i > last else "core"


# -- names -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    names = data_lines("surnames.txt")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


# role words between names (skipped) and label words after them (end the list)
ROLE_WORDS = ("通讯员", "实习生", "见习记者", "特约记者", "记者", "摄影", "摄影记者", "摄像", "文", "图", "文图")
LABEL_WORDS = ("来源", "时间", "日期", "发布", "编辑", "责编", "责任编辑", "浏览", "点击", "阅读", "字号", "作者",
               "审核", "校对", "出处", "稿源", "签发", "监制", "统筹", "策划", "报道", "讯", "电")
NOT_NAME_TAIL = ("报道", "报导", "摄影", "采写", "发自", "获悉", "了解", "表示", "介绍", "说", "摄", "文",
                 "图", "编辑", "通讯员", "记者", "实习生")


def is_name(s: str) -> bool:
    """A plausible Chinese personal name (surname + 1-2 characters, or a compound surname).

    >>> is_name("卢文杰"), is_name("欧阳修"), is_name("手记"), is_name("说道")
    (True, True, False, False)
    """
    if not re.fullmatch(rf"[{HAN}]{{2,4}}|[{HAN}]{{1,4}}·[{HAN}]{{1,6}}", s):
        return "·" in s and 3 <= len(s) <= 12
    single, compound = surnames()
    if len(s) == 4:
        return s[:2] in compound
    if s[:2] in compound and len(s) >= 3:
        return True
    return s[0] in single and not s.endswith(NOT_NAME_TAIL)


def split_names(s: str) -> list[str]:
    """Names in a byline fragment: split on spaces, 、 , 和; keep the plausible ones.

    >>> split_names("戴文昌 杨艳敏"), split_names("周栋楠 文/图"), split_names("张三、李四和王五")
    (['戴文昌', '杨艳敏'], ['周栋楠'], ['张三', '李四', '王五'])
    >>> split_names("张三 通讯员 李四"), split_names("张三 来源")
    (['张三', '李四'], ['张三'])
    """
    s = re.split(r"[/|｜]", s)[0] if re.search(r"\s[文图]\s*[/|｜]", s) else s
    out = []
    for part in re.split(r"[\s、，,；;和与及]+", s.strip()):
        part = part.strip("()（）【】[]:：")
        if part in ROLE_WORDS or not part:
            continue
        if part in LABEL_WORDS:
            break
        for tail in NOT_NAME_TAIL:
            if part.endswith(tail) and len(part) - len(tail) >= 2:
                part = part[: -len(tail)]
        if is_name(part) and part not in LABEL_WORDS:
            out.append(part)
        elif part not in ("摄", "报道"):
            break
    return out


# -- title -----------------------------------------------------------------------------

_TITLE_SPLIT = re.compile(r"\s*(?:\s\|\s|\||｜|_|\s-\s|\s—\s|——|--)\s*")
# "-富达传媒", "-中国新闻网": a short name ending like a site's, after a bare hyphen at the end
_SITE_TAIL = re.compile(r"[-–][^\s\-–|_]{0,8}(?:网|报|传媒|新闻|频道|在线|门户|资讯|头条|客户端|电视台|网站)$")
_AD_LABEL = re.compile(r"^\[[^\[\]]{1,12}\]\s*(?=\S{8,})")
_META_LINE = re.compile(r"(来源|发布时间|发布日期|时间[:：]|作者[:：]|记者|编辑[:：]|\d{4}[-/年]\d{1,2}[-/月]\d{1,2})")


def clean_title(s: str) -> str:
    """The headline part of a title line: the longest segment around | _ - separators.

    >>> clean_title("人报甘头条 | 兰州市西固区福利路街道:党建引领“微治理” 串起为民服务“微幸福”")
    '兰州市西固区福利路街道:党建引领“微治理” 串起为民服务“微幸福”'
    >>> clean_title("多地项目连环爆雷 狂奔的龙湖集团暗伤曝露？_网易财经")
    '多地项目连环爆雷 狂奔的龙湖集团暗伤曝露？'

    A site name glued on with a bare hyphen and an ASCII-bracketed label in front (an ad or
    a column tag; 【】 labels stay) go too:

    >>> clean_title("[诗婷露雅化妆品]江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端-富达传媒")
    '江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端'
    >>> clean_title("2023-2024赛季CBA联赛今晚开幕 中-美")
    '2023-2024赛季CBA联赛今晚开幕 中-美'
    """
    s = s.strip()
    parts = [p for p in _TITLE_SPLIT.split(s) if p.strip()]
    if len(parts) >= 2:
        best = max(parts, key=len)
        if len(best) >= 6:
            s = best.strip()
    m = _SITE_TAIL.search(s)
    if m and m.start() >= 6:
        s = s[: m.start()].rstrip()
    return _AD_LABEL.sub("", s)


_BREADCRUMB = re.compile(r"[>›»]|(?:^|\s)(?:正文|首页)$")
_HAN_RX = re.compile(f"[{HAN}]")
_TITLE_LABEL = re.compile(r"^(?:原创|转载|独家|置顶|热门|推荐)\s*(?=\S{6,})")


def title_from_lines(page: Page, is_spam: Any) -> Found | None:
    """The headline among the lines before the article: near the date/source line, repeated."""
    first = page.core[0] if page.core else len(page.lines)
    exact = Counter(ln.text for ln in page.lines if ln.text)
    similar = [ln.text for ln in page.lines if 10 <= len(ln.text) <= 140]
    header = [ln for ln in page.lines[:first] if ln.text]
    # a headline ending in ！ or ？ reads like prose and may open the core: take the core's
    # first line too when it is short and a date line follows it
    opening = [ln for ln in page.lines[first : first + 2] if ln.text and len(ln.text) <= 60
               and not ln.text.endswith("。") and any(_DATE.search(x.text) for x in
                                                     page.lines[ln.index + 1 : ln.index + 4] if x.text)]
    candidates = []
    for ln in header[:40] + header[40:][-60:] + opening[:1]:
        s = ln.text
        if not s or ln.cue or ln.date_only or ln.snippet or ln.pattern in ("layout residue", "metadata", "editor line"):
            continue
        if len(s) < 6 or len(s) > 120 or ln.separators >= 3 or is_spam(s) or _BREADCRUMB.search(s):
            continue
        if len(s.split()) >= 4 and max(len(w) for w in s.split()) <= 4:
            continue  # a menu: many short words
        if _META_LINE.search(s) and ln.han < 25:
            continue
        if s.endswith(("。", "网", "站", "频道")) and ln.han <= 12:
            continue
        score = 0.0
        following = [x for x in page.lines[ln.index + 1 : ln.index + 5] if x.text]
        dated = any(_DATE.search(x.text) for x in following[:2])
        if dated:
            score += 5  # a headline is followed by its date line
        elif any(_META_LINE.search(x.text) for x in following[:2]):
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
        if overlap < 0.25 and not dated:
            continue  # neither about the article nor followed by a date: a menu or a site name
        score += 6 * overlap
        score -= 0.02 * ln.index  # the headline comes early
        candidates.append((score, ln.index, s))
    if not candidates:
        return None
    score, idx, s = max(candidates, key=lambda c: (c[0], c[1]))
    return Found(_TITLE_LABEL.sub("", clean_title(s)), idx, "headline line before the article", score)


def topic_overlap(page: Page, s: str) -> float:
    """Share of the Han bigrams of ``s`` that occur in the article core."""
    core = page.core_text()  # a few substring searches beat building the core's bigram set
    grams = [s[i : i + 2] for i in range(len(s) - 1) if _HAN_RX.match(s[i]) and _HAN_RX.match(s[i + 1])]
    return sum(g in core for g in grams) / len(grams) if grams else 0.0


def title_from_html(page: Page, is_spam: Any) -> Found | None:
    head = page.html
    if not head:
        return None
    og = (head.get("meta") or {}).get("og:title")
    title = head.get("title")
    h1s = [h for h in head.get("h1") or [] if 4 <= len(h) <= 120 and not is_spam(h)]
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


# -- date ------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<s1>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?\s*/?"
    r"(?:\s*(?:[T ]\s*)?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
_CN_DATE = re.compile(
    r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_DATELINE = re.compile(
    rf"^(?P<agency>[{HAN}]{{1,8}}?(?:网|社|报|台|电视台|客户端)?)?(?P<place>[{HAN}]{{2,6}}?)?"
    r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯|消息)"
)
_DATE_LABEL = re.compile(
    r"(发布时间|发布日期|发表时间|发表于|发布于|时间|日期|更新时间|publish|date)\s*[:：]?\s*$", re.I
)
_BAD_LABEL = re.compile(r"(快照|生成时间|采集|抓取|爬取|访问时间|截至|截止|有效期|报名|举办|活动时间)")


def _cn_num(s: str) -> int:
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGIT.get(a, 1) if a else 1) * 10 + (_CN_DIGIT.get(b, 0) if b else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in s))


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


def parse_date(s: str) -> str | None:
    """Parse one date string in the shapes Chinese pages use.

    >>> parse_date("2020/01/20/ 08:50"), parse_date("2024年5月30日 07:27"), parse_date("二〇二四年五月三十日")
    ('2020-01-20T08:50+08:00', '2024-05-30T07:27+08:00', '2024-05-30')
    """
    m = _DATE.search(s)
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


_PUB_KEY = re.compile(r"publish|pubdate|pub_date|apub:time|releasedate|firstpublished", re.I)
HTML_DATE_KEYS = ("article:published_time", "og:article:published_time", "og:published_time",
                  "publishdate", "pubdate", "publish_date", "publishtime", "datepublished",
                  "dc.date.issued", "dc.date", "date", "sailthru.date", "weibo: article:create_at")


def date_candidates(page: Page) -> list[Found]:
    out: list[Found] = []
    head = page.html or {}
    metas = head.get("meta") or {}
    keys = list(HTML_DATE_KEYS) + [k for k in metas if _PUB_KEY.search(k) and k not in HTML_DATE_KEYS]
    for key in keys:
        v = metas.get(key)
        if v and (d := _iso_value(v)):
            out.append(Found(d, None, f"<meta {key}>", 80))
    for item in head.get("jsonld") or []:
        v = item.get("datePublished") or item.get("dateCreated")
        if isinstance(v, str) and (d := _iso_value(v)):
            out.append(Found(d, None, "JSON-LD datePublished", 85))
    for v in head.get("time") or []:
        if v and (d := _iso_value(v)):
            out.append(Found(d, None, "<time>", 40))
    for ln in page.lines:
        if not ln.text or ln.han > 300:
            continue
        zone = page.zone(ln.index)
        for m in _DATE.finditer(ln.text):
            before = ln.text[max(0, m.start() - 12) : m.start()]
            g = m.groupdict()
            d = iso(int(g["y"]), int(g["m"]), int(g["d"]), int(g["H"]) if g["H"] else None,
                    int(g["M"]) if g["M"] else None, int(g["S"]) if g["S"] else None)
            if not d:
                continue
            score = {"header": 30.0, "core": -15.0, "footer": -35.0}[zone]
            labelled = bool(_DATE_LABEL.search(before))
            if zone == "core" and not ln.prose and (
                    (page.core and ln.index - page.core[0] <= 3) or _META_LINE.search(ln.text[m.end():])):
                score = 25.0  # a metadata line at the top of the article (date, source, author)
            if labelled:
                score += 40
            if _BAD_LABEL.search(before) or ln.cue == "snapshot":
                score -= 1000
            if ln.date_only and zone == "footer":
                score -= 40
            if ln.snippet or (ln.cue in ("related", "ranking", "copyright") and not (
                    labelled and _SOURCE.search(ln.text))):
                score -= 100
            if g["H"]:
                score += 5
            if g["s1"] == "." and not g["H"]:
                score -= 5  # 2024.05.30 is also a version or a number
            if zone == "core" and ln.prose and ln.han > 40:
                score -= 40  # a date inside a sentence is an event
            score -= 0.1 * ln.index
            out.append(Found(d, ln.index, f"date in {zone}" + (" (labelled)" if _DATE_LABEL.search(before)
                                                                  else ""), score))
        for m in _CN_DATE.finditer(ln.text):
            d = iso(_cn_num(m["y"]), _cn_num(m["m"]), _cn_num(m["d"]))
            if d:
                score = {"header": 25.0, "core": -20.0, "footer": -10.0}[zone]
                out.append(Found(d, ln.index, f"Chinese-numeral date in {zone}", score))
    return out


def dateline(page: Page) -> tuple[Found | None, str | None, str | None]:
    """``(date, place, agency)`` from a dateline like ``中新网兰州10月3日电``.

    The year comes from the page's other dates; without one the date is null.
    """
    first = page.core[0] if page.core else 0
    for ln in page.lines[max(0, first - 1) : first + 3]:
        m = _DATELINE.match(ln.text)
        if not m:
            continue
        agency, place = m["agency"] or "", m["place"] or ""
        head = agency + place
        agency_name, place_name = _split_agency(head)
        return Found((int(m["m"]), int(m["d"])), ln.index, "dateline"), place_name, agency_name
    return None, None, None


def _split_agency(head: str) -> tuple[str | None, str | None]:
    """``中新网兰州`` -> (中新网, 兰州); ``新华社北京`` -> (新华社, 北京); ``本报讯`` -> (None, None)."""
    for alias in sorted(outlets(), key=len, reverse=True):
        if head.startswith(alias):
            rest = head[len(alias):]
            return alias, (rest or None)
    m = re.match(rf"^(本报|本网|本台)?([{HAN}]{{2,6}})?$", head)
    if m:
        return None, m.group(2)
    return None, None


def pick_date(page: Page) -> Found | None:
    cands = [c for c in date_candidates(page) if c.score > 0]
    cands = [c for c in cands if not _future(c.value, page.now)]
    best = max(cands, key=lambda c: c.score) if cands else None
    dl, _, _ = dateline(page)
    if dl is not None:
        month, day = dl.value
        if best is not None:
            return best
        years = [int(str(c.value)[:4]) for c in date_candidates(page) if not _future(c.value, page.now)]
        if years:
            year = max(set(years), key=years.count)
            d = iso(year, month, day)
            if d and not _future(d, page.now):
                return Found(d, dl.line, "dateline, year from the page's other dates", 10)
        return None
    return best


def _future(value: str, now: datetime) -> bool:
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return False
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CN_TZ)
    return dt > now + timedelta(days=1) or dt.year < 1990


# -- source ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    return {row[0]: (row[1] if len(row) > 1 else row[0]) for row in table("outlets.txt")}


_SOURCE = re.compile(
    r"(?<![\u3400-\u9fff])(?P<label>本文转自|文章转自|转自|转载自|来源于|信息来源|文章来源|新闻来源|稿件来源|稿源|出处|来源|来自)"
    r"\s*[:：]\s*(?P<v>[^\s|｜,，;；:：()（）\[\]【】]{2,30})"
)
_SOURCE_STOP = re.compile(r"(记者|作者|编辑|责任编辑|发布|时间|日期|\d{4}|浏览|阅读|点击|字号|分享|http|www\.)")
SOURCE_RANK = {"来源": 0, "信息来源": 0, "文章来源": 0, "新闻来源": 0, "稿件来源": 0, "稿源": 1, "出处": 2,
               "来自": 3, "来源于": 3, "本文转自": 1, "文章转自": 1, "转自": 2, "转载自": 2}


def canonical_outlet(name: str) -> str:
    return outlets().get(name, name)


def source_candidates(page: Page, is_spam: Any) -> list[Found]:
    out = []
    for ln in page.lines:
        if not ln.text or (ln.prose and ln.han > 60):
            continue
        for m in _SOURCE.finditer(ln.text):
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
    meta = (page.html or {}).get("meta") or {}
    for key in ("og:site_name", "source", "article:author", "author"):
        if key == "og:site_name":
            continue  # the site is not the credited source
        v = meta.get(key)
        if key == "source" and v and 2 <= len(v) <= 30 and not is_spam(v):
            out.append(Found(canonical_outlet(v), None, "<meta source>", 6))
    return out


def pick_source(page: Page, is_spam: Any) -> Found | None:
    cands = source_candidates(page, is_spam)
    if cands:
        return max(cands, key=lambda c: (c.score, -(c.line or 0)))
    _, _, agency = dateline(page)
    if agency:
        return Found(canonical_outlet(agency), None, "dateline agency", 1)
    return None


# -- editor and authors ----------------------------------------------------------------

EDITOR_LABELS = ("责任编辑", "责编", "值班编辑", "编辑", "主编", "签发", "审核", "审校", "终审")
_EDITOR = re.compile(
    rf"(?:^|[\s【\[(（|｜,，;；])(?P<label>{'|'.join(EDITOR_LABELS)})\s*[:：]\s*(?P<v>[{HAN}·]{{2,8}})"
)
_AUTHOR_PATTERNS = (
    # 记者 as a byline, not as an object (对记者说, 告诉记者, 接受记者采访)
    ("记者", re.compile(r"(?<!对)(?<!向)(?<!跟)(?<!给)(?<!据)(?<!告诉)(?<!接受)(?<!回答)(?<!答)记者\s*[:：]?\s*"
                       rf"(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，和][{HAN}·]{{2,4}}){{0,5}})")),
    ("作者", re.compile(
        rf"(?:作者|撰文|撰稿|文字)\s*[:：]\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})")),
    ("文/", re.compile(rf"(?:^|\s|[（(])文\s*[/／|]\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})")),
    ("通讯员", re.compile(rf"通讯员\s*[:：]?\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})")),
)
_DATELINE_BYLINE = re.compile(
    rf"\d{{1,2}}月\d{{1,2}}日(?:电|讯)\s*[（(](?:记者\s*)?(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})[)）]"
)
_PAREN_BYLINE = re.compile(
    rf"[（(](?:记者|本报记者|文|作者)\s*[:：/]?\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{1,4}}){{0,7}})[)）]"
)


def pick_editor(page: Page) -> Found | None:
    cands = []
    for ln in page.lines:
        if not ln.text or (ln.prose and ln.han > 40 and not re.search(r"[（(](责任编辑|责编|编辑)", ln.text)):
            continue
        for m in _EDITOR.finditer(ln.text):
            names = split_names(m["v"])
            if not names:
                continue
            rank = EDITOR_LABELS.index(m["label"])
            cands.append(Found(names[0], ln.index, f"{m['label']}:", -rank))
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score, c.line or 0))


def pick_authors(page: Page, editor: str | None) -> tuple[list[str], list[int], str]:
    """Reporters and writers (never the editor), the lines they came from, and the rule."""
    names: list[str] = []
    used: list[int] = []
    rules: list[str] = []

    def add(found: list[str], line: int, rule: str) -> None:
        for n in found:
            if n != editor and n not in names:
                names.append(n)
        if found:
            used.append(line)
            rules.append(rule)

    first = page.core[0] if page.core else len(page.lines)
    barrier = next((ln.index for ln in page.lines if page.zone(ln.index) == "footer" and
                    (ln.cue or ln.snippet or ln.date_only)), len(page.lines))
    for ln in page.lines:
        s = ln.text
        if not s or ln.index >= barrier or ln.snippet:
            continue
        m = _DATELINE_BYLINE.search(s)
        if m and ln.index <= first + 2:
            add(split_names(m["v"]), ln.index, "dateline byline")
        short = not ln.prose or ln.han <= 30
        edge = page.zone(ln.index) != "core" or short
        for rule, rx in _AUTHOR_PATTERNS:
            if not edge:
                break
            for m in rx.finditer(s):
                add(split_names(m["v"]), ln.index, rule)
        for m in _PAREN_BYLINE.finditer(s):
            add(split_names(m["v"]), ln.index, "byline in brackets")
    if not names:
        # a bare name line right under the headline or date line (seed shape: 卢文杰), never
        # link text and never one of several such lines (a menu of short words)
        anchors = [ln.index for ln in page.lines[:first]
                   if ln.text and (_DATE.search(ln.text) or _META_LINE.search(ln.text))]
        shortlines = [ln for ln in page.lines[:first] if ln.text and
                      re.fullmatch(rf"[{HAN}·]{{2,4}}(?:\s+[{HAN}·]{{2,4}}){{0,3}}", ln.text)]
        for ln in shortlines:
            near = any(0 < ln.index - a <= 6 for a in anchors)
            if not near or ln.cue or ln.link > 0 or ln.hint or len(shortlines) > 2:
                continue
            found = split_names(ln.text)
            if found and len(found) == len(ln.text.split()):
                add(found, ln.index, "bare name line under the headline")
                break
    return names, used, "; ".join(dict.fromkeys(rules))
