"""Page structure shared by ``meta`` and ``deboiler``: line features and the article core.

The core is the run of lines with the largest total weight (a maximum-subarray search):
prose lines weigh their length in Han characters, boilerplate evidence (cue phrases,
date-only lines, related-news snippets, link-dense or navigation-classed HTML blocks)
weighs against, and other short lines cost a little, so sub-headings between paragraphs
stay inside while lists and footers far from the prose fall outside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import table
from ..document import Block, Document
from . import rx
from .convert import converter
from .han import HAN, count, lower
from .han import HAN_RX as _HAN
from .lexicon import Lexicon
from .title import clean_title

SENTENCE_MARKS = "。！？!?；;"
_SENT = rx.compile(f"[{SENTENCE_MARKS}]")
_DATE_ONLY = rx.compile(
    r"^[\[【(（]?\s*(?:(?:发布|更新|发表)?(?:时间|日期)[:：]?\s*)?\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])）】]?$"
)
_CODE = rx.compile(r"^\s*(?:import |from \S+ import|def |class |return\b|if .*:$|for .*:$|while .*:$|try:|except|"
                   r"print\(|#include|public |var |let |const |function\b)|[=;{}]\s*$|^\S+\s*=\s*\S|\w\(.*\)$")
_STAMP = rx.compile(r"^.{0,14}?(?:今天|昨天|前天|\d+\s*分钟前|\d+\s*小时前|\d{1,2}[-/月]\d{1,2}日?)?\s*"
                    r"\d{1,2}:\d{2}(?::\d{2})?$")
_SNIPPET = rx.compile(rf"^(?:\.{{3}}|…|。。。)(?=.*[{HAN}].*[{HAN}])")
# an official document's front matter right above its text: the note of its adoption
# (（2007年6月29日…会议通过）) and its addressees (各省、自治区、直辖市人民政府…：)
FRONT_NOTE = rx.compile(r"^[（(][^（）()]{4,96}(?:通过|批准|公布|发布|施行|修正|修订|印发|颁布)[)）]$")
_ADDRESSEE = rx.compile(r"^各[^：:。！？；!?;]{1,78}[：:]$")
# and its close right below: the issuer (an institution), the date, a notice of its publication
_ISSUER = rx.compile(rf"^[{HAN}\s]{{2,28}}(?:办公厅|办公室|人民政府|政府|委员会|党委|部|局|厅|署|院|会|中心|公司|集团"
                     r"|协会|大学|学院)$")
_CN_NUM = "[〇○零一二三四五六七八九十]"
SIGNED = rx.compile(rf"^(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日|{_CN_NUM}{{4}}年{_CN_NUM}{{1,3}}月{_CN_NUM}{{1,3}}日)$")
_ISSUE_NOTE = rx.compile(r"^[（(]此件[^（）()]{2,12}[)）]$")
_BULLET = rx.compile(r"^[\s•·●○◆◇■□▪▶►>»\-*]+")
# (a pattern that starts with a class or a look-ahead for its first character lets the search
# pass over the rest of a line at once instead of trying each position)
_SPACED = rx.compile(r"[\s·•・|｜][\s·•・|｜]*")
_SEPARATORS = rx.compile(r"(?=[\s|｜>›»/])\s*(?:\||｜|>>|>|›|»|/)\s*")
INSIDE_PATTERNS = {"image caption", "layout residue", "widget", "metadata", "editor line"}
# cue categories that may mark even a sentence as boilerplate (a notice reads like prose);
# widget, navigation and list cues never do (a sentence may mention 官方微博 or 评论)
NOTICE_CUES = {"copyright", "disclaimer", "snapshot"}
# cue categories that end an article: the core never runs across them
BARRIERS = {"copyright", "disclaimer", "related", "ranking", "snapshot", "footer", "tags"}
# line patterns that end an article as those cues do: the head of the readers' comments (4,060 条评论)
BARRIER_PATTERNS = {"comments"}
# "责任编辑：…" closes a news article: when it falls inside the core, after prose, what follows
# it (a related headline and its teaser) is not the article
END_PATTERNS = {"editor line"}
HTML_BAD = {"nav", "footer", "breadcrumb", "share", "related", "comment", "ad"}


@lru_cache(maxsize=1)
def cues() -> tuple[dict[str, tuple[str, str]], Lexicon]:
    entries = {row[0].lower(): (row[1], row[2]) for row in table("boilerplate_cues.txt")}
    return entries, Lexicon({k: v for k, v in entries.items() if v[1] != "exact"})


@lru_cache(maxsize=1)
def patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((rx.compile(row[0], re.I), row[1]) for row in table("boilerplate_patterns.txt"))


def cue_of(line: str) -> str | None:
    """The boilerplate category a line's cue phrases give it, or ``None``.

    >>> cue_of("• 我的订阅"), cue_of("您当前的位置 : 每日甘肃网 > 甘肃"), cue_of("关闭")
    ('widget', 'breadcrumb', 'widget')
    >>> cue_of("相 关 新 闻"), cue_of("延伸 · 推荐"), cue_of("收藏 微博 微信 QQ空间")
    ('related', 'related', 'widget')
    >>> cue_of("该公司对这一版权纠纷作出回应,表示将依法维权并保留追究责任的权利。") is None
    True
    """
    text = lower(_BULLET.sub("", line).strip())
    if not text:
        return None
    entries, lex = cues()
    bare = text.rstrip(":：").strip()
    if bare in entries:
        return entries[bare][0]
    if len(bare) <= 16:  # a label spaced or dotted out in the layout: "相 关 新 闻", "延伸 · 推荐"
        squeezed = _SPACED.sub("", bare)
        if squeezed != bare and squeezed in entries:
            return entries[squeezed][0]
    if len(bare) <= 60 and " " in bare:  # a bar of buttons, each one a widget alone: "腾讯QQ QQ空间", "收藏 分享"
        words = bare.split()
        if all(entries.get(w, ("", ""))[0] == "widget" for w in words):
            return "widget"
    found = lex.find(text)
    if not found:  # no cue phrase (most lines): nothing else to weigh
        return None
    han = count(_HAN, text)
    prose = bool(_SENT.search(text)) and han >= 8
    for start, _end, _term, (category, mode) in found:
        if mode == "start" and start == 0 and not prose:
            return category
        if mode == "lead" and start == 0:
            return category
        if mode == "any" and (not prose or (category in NOTICE_CUES and han < 60)):
            return category
    return None


@lru_cache(maxsize=1)
def _any_pattern() -> re.Pattern[str] | None:
    """Every boilerplate pattern in one alternation: a line none of them matches (most) is
    done with one search instead of one per pattern."""
    sources = [pat.pattern for pat, _ in patterns()]
    if any(_BACKREF.search(src) for src in sources):  # its groups would be numbered otherwise
        return None
    try:
        return rx.compile("|".join(f"(?:{src})" for src in sources), re.I)
    except re.error:  # a pattern that cannot stand inside another (a global flag, a group name twice)
        return None


_BACKREF = rx.compile(r"\\[1-9]|\(\?P=")


def pattern_of(line: str) -> str | None:
    """The category of the first boilerplate pattern (``data/boilerplate_patterns.txt``, in
    order) that matches the line.

    >>> pattern_of("图为 兰州新区的招聘会现场"), pattern_of("招聘会现场人头攒动。")
    ('image caption', None)
    """
    text = line.strip()
    every = _any_pattern()
    if every is not None and not every.search(text):
        return None
    for pat, category in patterns():
        if pat.search(text):
            return category
    return None


@dataclass(slots=True)
class Line:
    index: int
    text: str
    han: int
    sentences: int
    cue: str | None
    pattern: str | None
    date_only: bool
    snippet: bool
    link: float
    hint: str | None
    tag: str

    @property
    def prose(self) -> bool:
        """A sentence or more: a sentence end, or length; or clauses without their full stop
        (``这款游戏售价48元，支持Windows和Linux，暂时没有中文版``), as posts leave them."""
        return ((self.sentences >= 1 and self.han >= 10) or (self.han >= 80 and not self.word_list)
                or (self.han >= CLAUSED and self.text.count("，") >= 2))

    @property
    def word_list(self) -> bool:
        """Words or names a space apart, with no sentence mark or comma, a dozen or more, each
        short: a menu or a keyword strip printed on one line (``交易提示 操盘必读 证券报 …``), not
        prose however long."""
        text = self.text
        if self.sentences or text.count(" ") < WORD_LIST - 1 or "，" in text:
            return False
        words = text.split()
        return len(words) >= WORD_LIST and self.han <= 6 * len(words)

    @property
    def sentence_like(self) -> bool:
        """A short line that reads as a sentence (``大家都很满意。``)."""
        return self.sentences >= 1 and self.han >= 3 and not self.snippet and not self.cue and not self.pattern

    @property
    def separators(self) -> int:
        return len(_SEPARATORS.findall(self.text))


CLAUSED = 30  # Han characters from which a line of comma-joined clauses reads as prose
WORD_LIST = 12  # short words a space apart from which a long line without a sentence is a list of them


def page_lines(doc: Document) -> list[Line]:
    """The features of ``doc.text``'s lines, kept on the document while its text stays the
    same (``meta`` and ``deboiler`` share them)."""
    if doc.layout is not None and doc.layout[0] is doc.text:
        return doc.layout[1]
    out = features(reading(doc), doc.blocks)
    doc.layout = (doc.text, out, [])
    return out


def reading(doc: Document, s: str | None = None) -> str:
    """``s`` (by default ``doc.text``) as the filters read it: through ``doc.read_as`` (a
    traditional text is read simplified; line for line, so line numbers hold)."""
    s = doc.text if s is None else s
    return s if doc.read_as is None else converter(doc.read_as)(s)


def _facts(s: str) -> tuple[int, int, str | None, str | None, bool, bool]:
    """What a stripped line says by itself; cached, as ``meta`` and ``deboiler`` see the same
    lines (and the page-level features are rebuilt when a filter between them edits the text).
    Only lines of ordinary length are cached: an entry holds its line, and a page's one huge
    line must not outlive the page."""
    return _cached_facts(s) if len(s) <= 2000 else _line_facts(s)


@lru_cache(maxsize=8192)
def _cached_facts(s: str) -> tuple[int, int, str | None, str | None, bool, bool]:
    return _line_facts(s)


def _line_facts(s: str) -> tuple[int, int, str | None, str | None, bool, bool]:
    return (count(_HAN, s), sum(map(s.count, SENTENCE_MARKS)), cue_of(s) if s else None,
            pattern_of(s) if s else None, bool(_DATE_ONLY.match(s)), bool(_SNIPPET.match(s)))


_NO_BLOCK = Block()


def features(text: str, blocks: Sequence[Block] | None = None) -> list[Line]:
    """Per-line features of ``text``; ``blocks`` (from ``html``) add link density, tag and hint."""
    out = []
    for i, raw in enumerate(text.split("\n")):
        s = raw.strip()
        extra = blocks[i] if blocks and i < len(blocks) else _NO_BLOCK
        han, sentences, cue, pattern, date_only, snippet = _facts(s)
        out.append(Line(
            index=i, text=s, han=han, sentences=sentences, cue=cue, pattern=pattern,
            date_only=date_only, snippet=snippet, link=extra.link, hint=extra.hint, tag=extra.tag,
        ))
    return out


def weight(line: Line) -> float:
    if not line.text:
        return 0.0
    if line.cue in BARRIERS or line.pattern in BARRIER_PATTERNS:
        return -1000.0
    if line.tag == "pre" or (line.text.endswith(("：", ":")) and line.han < 80) or (
            line.han == 0 and _CODE.search(line.text)):
        return 0.0  # code, or a short line introducing code or a list: neutral
    if line.cue or line.date_only:
        return -60.0 if line.cue else -25.0
    if len(line.text) <= 24 and _STAMP.match(line.text):
        return -80.0  # "name + time" stamps interleave feeds, comments and live chats
    if line.snippet:
        return -40.0
    if line.link >= 0.5:
        return -30.0 if line.han < 60 else -5.0
    if line.hint in HTML_BAD and not line.prose:
        return -30.0
    if line.pattern and line.pattern not in ("image caption",):
        return -20.0
    if line.prose:
        # a class name is weak evidence against real prose (the article may sit in a "share" box)
        return float(min(line.han, 500)) * (0.5 if line.hint in HTML_BAD else 1.0)
    if line.separators >= 3:
        return -30.0
    return -8.0


ABOUT = 0.5  # share of the headline's bigrams a run must hold to be the story the headline names
OFF_TOPIC = 0.2  # a heavier run holding less than this share of them is another story
MIN_RUN = 60.0  # and the run that replaces it must weigh at least this much (Han characters of prose)


def core(lines: list[Line], headline: str | None = None, heads: frozenset[str] = frozenset()
         ) -> tuple[int, int] | None:
    """``(first, last)`` line indices of the article core, or ``None`` when there is no prose.

    The core is the run of lines with the most prose weight; but when the page's headline
    names another story than that run tells (a long teaser, a recommended article) and a
    run of prose that does tell it weighs enough, that run is the article.  A line that
    repeats a headline of the page (``heads``: a dump's first line, ``<h1>``, ``<title>``)
    starts a run: a headline printed above and below a site's menu does not carry the
    article's run up over the menu.

    >>> page = ["导航 | 首页 | 新闻", "标题", "第一段正文内容很长很长很长。", "小标题"]
    >>> page += ["第二段正文也很长很长很长。", "相关新闻"]
    >>> ls = features("\\n".join(page))
    >>> core(ls)
    (2, 4)
    """
    runs: list[tuple[float, int, int]] = []  # (weight, first, last): each run's heaviest stretch
    run_start, run, top = 0, 0.0, None
    headed = False  # the run holds lines other than the headline's (blank ones aside)
    for i, line in enumerate(lines):
        w = weight(line)
        head = bool(heads) and line.text in heads
        if run <= 0 or (head and headed):
            if top is not None:
                runs.append(top)
            run, run_start, top, headed = 0.0, i, None, False
        headed = headed or (bool(line.text) and not head)
        run += w
        if run > 0 and (top is None or run > top[0]):
            top = (run, run_start, i)
    if top is not None:
        runs.append(top)
    if not runs:
        return None
    best = max(runs, key=lambda r: r[0])
    grams = _bigrams(headline or "")
    if grams and _about(lines, best, grams) < OFF_TOPIC:
        told = [r for r in runs if r[0] >= max(MIN_RUN, 0.25 * best[0]) and _about(lines, r, grams) >= ABOUT]
        if told:
            best = max(told, key=lambda r: r[0])
    _, first, last = best
    while first <= last and weight(lines[first]) <= 0:
        first += 1
    end = next((i for i in range(first + 1, last + 1) if lines[i].pattern in END_PATTERNS), None)
    if end is not None:
        last = end - 1
    while last >= first and weight(lines[last]) <= 0:
        last -= 1
    if first > last:
        return None
    return _absorb(lines, first, last)


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1) if _HAN.match(s[i]) and _HAN.match(s[i + 1])}


def _about(lines: list[Line], run: tuple[float, int, int], grams: set[str]) -> float:
    """Share of the headline's bigrams in a run's text (and the three lines above it, where a
    headline stands), read up to 20,000 characters."""
    text = "".join(ln.text for ln in lines[max(0, run[1] - 3): run[2] + 1])[:20000]
    return sum(g in text for g in grams) / len(grams)


def page_core(doc: Document, lines: list[Line]) -> tuple[int, int] | None:
    """The article core of ``doc``'s lines, as the headline the page states picks it (found
    once for the lines :func:`page_lines` keeps)."""
    memo = doc.layout[2] if doc.layout is not None and doc.layout[1] is lines else None
    if memo:
        return memo[0]
    found = core(lines, *headline_of(doc, lines))
    if memo is not None:
        memo.append(found)
    return found


def headline_of(doc: Document, lines: list[Line]) -> tuple[str | None, frozenset[str]]:
    """What the page says its headline is, and the lines it may stand as.  It is stated in
    ``<title>``, ``og:title`` and ``<h1>`` of an HTML page, else in the first line of a text page
    (where a saved page's title stands): the headline is those parts without their site and
    section names, joined; the lines are each part whole and so cleaned."""
    if doc.head is not None:
        parts = [doc.head.title or "", doc.head.meta.get("og:title", ""), *doc.head.h1]
    else:
        parts = [next((ln.text for ln in lines if ln.text), "")]
    cleaned = [(p.strip(), clean_title(p)) for p in parts if p]
    return " ".join(c for _, c in cleaned) or None, frozenset(x for pair in cleaned for x in pair if x)


def _is_barrier(line: Line) -> bool:
    if line.tag == "pre":
        return False
    return bool(line.cue or line.snippet or line.date_only or (line.hint in HTML_BAD and not line.prose)
                or line.link >= 0.5 or (line.pattern and line.pattern not in ("image caption",)))


POSTER_GAP = 12  # short phrase lines an article may hold between two paragraphs


CLOSING_MARKS = {"editor line", "metadata"}  # what ends an article: its editors' credits


def _clauses(line: Line) -> bool:
    """Clauses joined by commas, without a full stop, on a line of their own."""
    return line.text.count("，") >= 2 and line.han >= 8 and line.link == 0 and not line.hint


def _phrase(line: Line) -> bool:
    """A blank line, or a phrase alone on its line (up to 80 characters) with no sign of boilerplate."""
    if not line.text:
        return True
    return (not _is_barrier(line) and line.han >= 2 and len(line.text) <= 80 and line.separators == 0
            and not line.hint and line.link == 0)


def _absorb(lines: list[Line], first: int, last: int) -> tuple[int, int]:
    """Take in prose just beyond the core when only neutral lines (captions, short lines,
    no boilerplate evidence) stand between: an article split by an image or a short line
    stays whole.  When unsure, keep."""
    changed = True
    while changed:
        changed = False
        j = last + 1
        while j < len(lines) and not lines[j].prose and not _is_barrier(lines[j]) and j - last <= 6:
            j += 1
        if j < len(lines) and j - last <= 6 and lines[j].prose and not _is_barrier(lines[j]):
            last = j
            changed = True
            continue
        # short phrases one a line (as platform posts set them), no boilerplate among them: a
        # poster-style stretch between paragraphs of real prose, or the article's closing
        # phrases before its end mark (编辑|…), are the article's
        j, phrases = last + 1, 0
        while j < len(lines) and phrases <= POSTER_GAP and not lines[j].prose and _phrase(lines[j]):
            phrases += bool(lines[j].text) and lines[j].pattern != "image caption"  # (a caption goes anyway)
            j += 1
        if 0 < phrases <= POSTER_GAP and j < len(lines):
            if lines[j].prose and lines[j].han >= CLAUSED and not _is_barrier(lines[j]):
                last = j
                changed = True
                continue
            if lines[j].pattern in CLOSING_MARKS:
                last = max(i for i in range(last + 1, j) if lines[i].text)
                changed = True
                continue
            # the closing phrases may hold short sentences too (★11月25日是…旅程；), when the
            # credits end them: short of a paragraph, they join the article only with its end mark
            k = j
            while k < len(lines) and phrases <= POSTER_GAP and _phrase(lines[k]) and (
                    not lines[k].prose or lines[k].han < CLAUSED):
                phrases += bool(lines[k].text) and lines[k].pattern != "image caption"
                k += 1
            if phrases <= POSTER_GAP and k < len(lines) and lines[k].pattern in CLOSING_MARKS:
                last = max(i for i in range(last + 1, k) if lines[i].text)
                changed = True
                continue
        # a short closing sentence right after the article stays with it (or its clauses
        # without their full stop: 售价48元，支持Windows和Linux，暂时没有中文版)
        j = last + 1
        while j < len(lines) and not lines[j].text and j - last <= 2:
            j += 1
        if j < len(lines) and j - last <= 2 and (lines[j].sentence_like or _clauses(lines[j])) \
                and not _is_barrier(lines[j]):
            last = j
            changed = True
            continue
        i = first - 1
        while i >= 0 and not lines[i].prose and not _is_barrier(lines[i]) and first - i <= 3:
            i -= 1
        if i >= 0 and first - i <= 3 and lines[i].prose and not _is_barrier(lines[i]):
            first = i
            changed = True
            continue
        above = _next_text(lines, first, -1)
        if above is not None and _front_matter(lines[above]):
            first = above
            changed = True
            continue
        closing = _signature(lines, last)
        if closing is not None:
            last = closing
            changed = True
    return first, last


def _next_text(lines: list[Line], i: int, step: int) -> int | None:
    """The next line with text from ``i`` on in ``step``'s direction, past at most one blank."""
    for j in (i + step, i + 2 * step):
        if 0 <= j < len(lines) and lines[j].text:
            return j
    return None


def _front_matter(line: Line) -> bool:
    """A document's adoption note or addressees, right above its text (see :data:`FRONT_NOTE`)."""
    return (line.link < 0.5 and line.hint not in HTML_BAD and not line.cue
            and bool(FRONT_NOTE.match(line.text) or _ADDRESSEE.match(line.text)))


def _signature(lines: list[Line], last: int) -> int | None:
    """The last line of a document's close right below its text: the issuing institution, the
    date it was signed (``国务院办公厅`` / ``2024年11月25日``), and a ``（此件公开发布）``; else None."""
    i = _next_text(lines, last, 1)
    if i is None or lines[i].cue or lines[i].link >= 0.5 or not _ISSUER.match(lines[i].text):
        return None
    j = _next_text(lines, i, 1)
    if j is None or not SIGNED.match(lines[j].text):
        return None
    k = _next_text(lines, j, 1)
    return k if k is not None and _ISSUE_NOTE.match(lines[k].text) else j
