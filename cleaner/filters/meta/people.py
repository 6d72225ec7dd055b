"""``editor`` and ``authors``: the names a page credits, never guessed.

Editors from ``责任编辑：``-style labels; authors from bylines (``记者 张三``, ``作者：``,
``文/``, ``通讯员``), datelines with a byline and bracketed bylines, else a bare name line
under the headline.  Names are checked against the surname list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ...datafiles import lines as data_lines
from ...text import rx
from ...text.han import HAN
from .common import DATE, META_LINE, Field, Found, Page, bracket_dateline, post_header, short_or_not_prose


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    names = data_lines("surnames.txt")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


# role words between names (skipped) and label words after them (end the list)
ROLE_WORDS = ("通讯员", "实习生", "见习记者", "特约记者", "记者", "摄影", "摄影记者", "摄像", "文", "图", "文图")
NOT_AUTHOR_ROLES = ("实习生", "摄影", "摄影记者", "摄像", "图", "翻译", "编译")
"""Roles in a byline whose names are not the authors' (the convention: no interns, photographers
or translators)."""
LABEL_WORDS = ("来源", "时间", "日期", "发布", "编辑", "责编", "责任编辑", "浏览", "点击", "阅读", "字号", "作者",
               "审核", "校对", "出处", "稿源", "签发", "监制", "统筹", "策划", "报道", "讯", "电")
NOT_NAME_TAIL = ("报道", "报导", "摄影", "采写", "发自", "获悉", "了解", "表示", "介绍", "说", "摄", "文",
                 "图", "编辑", "通讯员", "记者", "实习生")


_NAME_SHAPE = rx.compile(rf"[{HAN}]{{2,4}}|[{HAN}]{{1,4}}·[{HAN}]{{1,6}}")  # 卢文杰, 阿卜杜·热合曼
_HAN_CHAR = rx.compile(f"[{HAN}]")
_NAMES_LINE = rx.compile(rf"[{HAN}·]{{2,4}}(?:\s+[{HAN}·]{{2,4}}){{0,3}}")  # a line of names

def is_name(s: str) -> bool:
    """A plausible Chinese personal name (surname + 1-2 characters, or a compound surname).

    >>> is_name("卢文杰"), is_name("欧阳修"), is_name("手记"), is_name("说道"), is_name("王文")
    (True, True, False, False, True)
    """
    if not _NAME_SHAPE.fullmatch(s):
        return "·" in s and 3 <= len(s) <= 12
    single, compound = surnames()
    if len(s) == 4:
        return s[:2] in compound
    if s[:2] in compound and len(s) >= 3:
        return True
    if len(s) == 2 and s[1] in "文图":  # 王文 is a name; 张三文 is 张三 and a role
        return s[0] in single
    return s[0] in single and not s.endswith(NOT_NAME_TAIL)


def split_names(s: str) -> list[str]:
    """Names in a byline fragment: split on spaces, 、 , 和; keep the plausible ones.

    >>> split_names("戴文昌 杨艳敏"), split_names("周栋楠 文/图"), split_names("张三、李四和王五")
    (['戴文昌', '杨艳敏'], ['周栋楠'], ['张三', '李四', '王五'])
    >>> split_names("张三 通讯员 李四"), split_names("张三 来源"), split_names("张三 实习生 李四")
    (['张三', '李四'], ['张三'], ['张三'])
    """
    s = re.split(r"[/|｜]", s)[0] if re.search(r"\s[文图]\s*[/|｜]", s) else s
    out = []
    for part in re.split(r"[\s、，,；;和与及]+", s.strip()):
        part = part.strip("()（）【】[]:：")
        if part in NOT_AUTHOR_ROLES:
            break  # the names after it are an intern's, a photographer's: no authors
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


EDITOR_LABELS = ("责任编辑", "责编", "值班编辑", "编辑", "主编", "签发", "审核", "审校", "终审")
# (each pattern of this module that can start at many places starts with its first character,
# as a class or a look-ahead for it: the search skips to such characters instead of trying
# each position)
_EDITOR = rx.compile(
    rf"(?=[\s【\[(（|｜,，;；{''.join(sorted({label[0] for label in EDITOR_LABELS}))}])"
    rf"(?:^|[\s【\[(（|｜,，;；])(?P<label>{'|'.join(EDITOR_LABELS)})\s*[:：|｜/／]\s*"
    rf"(?P<v>[A-Za-z][A-Za-z.\-]*(?: [A-Za-z][A-Za-z.\-]*){{0,2}}(?![A-Za-z0-9_])|[{HAN}·A-Za-z0-9_]{{2,12}}"
    rf"(?:、[{HAN}·]{{2,4}})*)"
)
_STAFF_ID = rx.compile(r"_[A-Za-z0-9]+$|(?<=[\u4e00-\u9fff])[A-Z]{1,4}\d{2,}$")  # 荀建国_NN7379
_AUTHOR_PATTERNS = (
    # 记者 as a byline, not as an object (对记者说, 告诉记者, 接受记者采访)
    ("记者", rx.compile(r"记者(?<!对记者)(?<!向记者)(?<!跟记者)(?<!给记者)(?<!据记者)(?<!告诉记者)(?<!接受记者)"
                       r"(?<!回答记者)(?<!答记者)\s*[:：|｜]?\s*"
                       rf"(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，和][{HAN}·]{{2,4}}){{0,5}})")),
    ("作者", rx.compile(
        rf"(?:作者|撰文|撰稿|文字)\s*[:：]\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})")),
    ("文/", rx.compile(rf"(?=[\s（(文])(?:^|\s|[（(])文\s*[/／|]\s*(?:图\s+)?"
                      rf"(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})")),
    ("通讯员", rx.compile(rf"通讯员\s*[:：]?\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})")),
    # 作者 with no colon, as a field among others: "| 1164次阅读| 来源CSDN| 作者魏星"
    ("作者", rx.compile(rf"(?=[|｜作])(?:^|[|｜]\s*)作者\s*(?P<v>[{HAN}·]{{2,4}})(?=\s*(?:$|[|｜]))")),
)
_DATELINE_BYLINE = rx.compile(
    rf"\d\d?月\d{{1,2}}日(?:电|讯)\s*[（(](?:记者\s*)?(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})[)）]"
)
# a byline in brackets: （记者 张三）, （总台记者 张倩）, （职工通讯员 李四 王五）, (文/图 刘一 易二),
# 【文/观察者网专栏作者 王文】
_PAREN_BYLINE = rx.compile(
    rf"[（(【\[](?:文\s*[/／]\s*)?(?:[{HAN}]{{0,10}}?(?:记者|通讯员|作者)|文\s*[/／]\s*图|图\s*[/／]\s*文|文|作者)"
    rf"\s*[:：/／]?\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{1,4}}){{0,7}})[)）】\]]"
)
# a bare name in brackets closing the article: "…实现轻松换新。(李楠)"
_CLOSING_NAME = rx.compile(rf"[（(](?P<v>[{HAN}·]{{2,4}}(?:[\s、][{HAN}·]{{2,4}}){{0,3}})[)）]\s*$")
_PHOTO = rx.compile(r"(?:图片|摄影|摄像)(?:记者)?\s*$")


def _photo(s: str, m: re.Match[str]) -> bool:
    """A photographer's credit: 张三 摄, 图片记者 李四, 摄影：王五."""
    return (m["v"].endswith("摄") or s[m.end():].lstrip().startswith("摄")
            or bool(_PHOTO.search(s[max(0, m.start() - 6):m.start("v")])))


def pick_editor(page: Page) -> Found | None:
    cands = []
    for ln in page.lines:
        if not ln.text or (ln.prose and ln.han > 40 and not re.search(r"[（(](责任编辑|责编|编辑)", ln.text)):
            continue
        for m in _EDITOR.finditer(ln.text):
            value = editor_value(m["v"])
            if not value:
                continue
            rank = EDITOR_LABELS.index(m["label"])
            cands.append(Found(value, ln.index, f"{m['label']}:", -rank))
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score, c.line or 0))


# words that end an editor's value (not 讯 or 电: they end a byline, and 王小电 is a name)
_EDITOR_END = tuple(w for w in LABEL_WORDS + ROLE_WORDS[:-3] + ("校对", "审核", "摄影", "监制") if len(w) >= 2)


def editor_value(v: str) -> str | None:
    """The editor as printed after a label: names (two as ``汤诗瑶、丁涛``), an account
    (``HN666``, ``系统管理员``) or a Latin name (``Demi Xia``); a staff id and a label
    that follows are dropped.

    >>> editor_value("荀建国_NN7379"), editor_value("汤诗瑶、丁涛"), editor_value("Demi Xia")
    ('荀建国', '汤诗瑶、丁涛', 'Demi Xia')
    >>> editor_value("张三校对"), editor_value("来源"), editor_value("王五摄影"), editor_value("王小电")
    ('张三', None, '王五', '王小电')
    """
    v = _STAFF_ID.sub("", v.strip())
    for word in _EDITOR_END:
        i = v.find(word, 2)
        if i > 0 and _HAN_CHAR.search(v):
            v = v[:i]
    v = v.strip("、_ ")
    if len(v) < 2 or v in LABEL_WORDS or v.isdigit():
        return None
    return v


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
    header = post_header(page)
    if header is not None and header[1]:
        add([header[1]], header[0], "post header (原创 author account)")
    barrier = next((ln.index for ln in page.lines if page.zone(ln.index) == "footer" and
                    (ln.cue or ln.snippet or ln.date_only)), len(page.lines))
    for ln in page.lines:
        s = ln.text
        if not s or ln.index >= barrier or ln.snippet:
            continue
        m = _DATELINE_BYLINE.search(s)
        if m and ln.index <= first + 2:
            add(split_names(m["v"]), ln.index, "dateline byline")
        if ln.index <= first + 2 and (b := bracket_dateline(s)) is not None and b[1]:
            add([n for n in b[1] if is_name(n)], ln.index, "bracketed dateline's reporters")
        short = not ln.prose or ln.han <= 30
        edge = page.zone(ln.index) != "core" or short
        for rule, pat in _AUTHOR_PATTERNS:
            if not edge:
                break
            for m in pat.finditer(s):
                if not _photo(s, m):
                    add(split_names(m["v"]), ln.index, rule)
        for m in _PAREN_BYLINE.finditer(s):
            if not _photo(s, m):
                add(split_names(m["v"]), ln.index, "byline in brackets")
    # the article's last paragraph (one of the core's last three lines: a promotion may follow)
    closing = [ln for ln in page.lines[: page.core[1] + 1] if ln.text][-3:] if page.core else []
    for ln in reversed(closing):
        m = _CLOSING_NAME.search(ln.text)
        if m and ln.prose:
            found = split_names(m["v"])
            if found and len(found) == len(m["v"].split()) and "、".join(found) != editor:
                add(found, ln.index, "name in brackets closing the article")
            break
    if not names:
        # a bare name line right under the headline or date line (seed shape: 卢文杰), never
        # link text and never one of several such lines (a menu of short words)
        anchors = [ln.index for ln in page.lines[:first]
                   if ln.text and (DATE.search(ln.text) or META_LINE.search(ln.text))]
        shortlines = [ln for ln in page.lines[:first] if ln.text and
                      _NAMES_LINE.fullmatch(ln.text)]
        for ln in shortlines:
            near = any(0 < ln.index - a <= 6 for a in anchors)
            if not near or ln.cue or ln.link > 0 or ln.hint or len(shortlines) > 2:
                continue
            found = split_names(ln.text)
            if found and len(found) == len(ln.text.split()):
                add(found, ln.index, "bare name line under the headline")
                break
    return names, used, "; ".join(dict.fromkeys(rules))


def _editor(page: Page, found: dict[str, Any]) -> Found | None:
    return pick_editor(page)


def _authors(page: Page, found: dict[str, Any]) -> Found | None:
    names, used, rule = pick_authors(page, found.get("editor"))
    if not names:
        return None
    return Found(names, used[0] if used else None, rule, also=tuple(used[1:]))


EDITOR = Field("editor", _editor, short_or_not_prose(12))
AUTHORS = Field("authors", _authors, short_or_not_prose(30), many=True)
