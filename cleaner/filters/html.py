"""``html``: turn an HTML page into one line per block, keeping evidence for ``deboiler``.

Parsed with selectolax's lexbor backend (a real HTML5 parser, the fastest measured).
``script``/``style``/``template`` and friends are dropped silently (not text);
``nav``/``footer``/``aside`` (but an ``aside`` holding the ``<h1>``: the article's header) and
hidden elements are dropped with a note naming what and why.  Each output line keeps its
link density, tag and any boilerplate hint found in the ``class``/``id`` of its ancestors
(``breadcrumb``, ``share``, ``related`` …) in ``doc.blocks``; titles, ``<meta>``, JSON-LD and
``<time>`` go to ``doc.head`` for ``meta``.
Text pages pass through untouched.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import accumulate
from operator import sub
from typing import Any

from ..config import Options
from ..document import Block, Document, Head
from ..registry import register
from ..text import rx

SILENT = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
          "select", "option", "button", "input", "textarea", "map", "audio", "video", "head",
          "-comment", "link", "meta"}
STRUCTURAL = {"nav": "nav element", "footer": "footer element", "aside": "aside element"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th",
         "table", "tbody", "thead", "section", "article", "header", "main", "blockquote", "pre",
         "dd", "dt", "dl", "figure", "figcaption", "form", "fieldset", "address", "center",
         "br", "hr", "body", "html", "caption", "details", "summary", "dialog", "legend"}
HINTS = (
    ("breadcrumb", rx.compile(r"bread|crumb|position|location|weizhi|dangqian", re.I)),
    ("share", rx.compile(r"^share|[-_ ]share(?!.*area)|social|fenxiang|bdshare|toolbar|print", re.I)),
    ("related", rx.compile(r"related|relate|xiangguan|recommend|tuijian|more-?news|hot|rank|"
                           r"paihang|sidebar|side-?bar|list-?news|news-?list|guess|also", re.I)),
    ("comment", rx.compile(r"comment|pinglun|reply|discuss", re.I)),
    ("footer", rx.compile(r"foot|copyright|banquan|bottom|disclaimer|statement", re.I)),
    ("nav", rx.compile(r"\bnav|menu|topbar|top-?bar|header-?nav|channel-?nav|subnav|daohang", re.I)),
    ("ad", rx.compile(r"\bads?\b|advert|guanggao|sponsor|banner", re.I)),
)
CONTENT_HINT = rx.compile(r"article|content|main|post|detail|text|body|zhengwen|story", re.I)
_HIDDEN_STYLE = rx.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = rx.compile(r"[ \t\r\n\f\u00a0]+")
_LEADING_COMMENTS = rx.compile(r"^(?:\s*<!--.*?-->)+", re.S)
_TAGS = rx.compile(r"</?(?:div|p|body|head|html|span|a|table|br|meta|title|link|script|style|ul|li)\b")


MAX_DEPTH = 256
"""Deeper element nesting is flattened before parsing (real pages stay far below it; the
parser's time grows with the square of the depth)."""
# void elements, and elements closed by the next of their kind (left open, they do not nest)
NO_NESTING = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "!doctype",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "tbody", "thead",
        "tfoot", "colgroup"}
_RAW = r"[^<]*(?:<(?!/(?i:{0})(?![\w:-]))[^<]*)*"  # raw text up to the element's end tag
_TOKEN = rx.compile(
    r"<(?i:script)(?![\w:-])[^>]*>" + _RAW.format("script") +  # script and style: no tags inside
    r"|<(?i:style)(?![\w:-])[^>]*>" + _RAW.format("style") +
    r"|<(/?[A-Za-z][\w:-]*)(?:[^>]*[^/>])?>"  # a tag (not self-closing): its name, "/" first when it closes
    r"|<!--[^-]*(?:-(?!->)[^-]*)*(?:-->)?"  # a comment, to its end (or the page's)
    r"|<![^>]*>",  # <!DOCTYPE …>, <![CDATA[…]]>
    re.S)
_FLAT = frozenset(NO_NESTING | {"", "script", "style"})  # no depth: void, closed by their next, raw text


class _Steps(dict[str, int]):
    """A tag's name as written (``div``, ``/DIV``) -> its step in depth: +1 opening, -1
    closing, 0 not nesting; worked out on a name's first sight, so that a page's ~2,000 tags
    cost one lookup each.  At most ``KEEP`` names are kept (a page may make up any number)."""

    KEEP = 4096

    def __missing__(self, name: str) -> int:
        low = name.lower()
        step = 0 if low.lstrip("/") in _FLAT else -1 if low.startswith("/") else 1
        if len(self) < self.KEEP:
            self[name] = step
        return step


_STEPS = _Steps()


def flatten_deep(html: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """Drop the tags of elements nested deeper than ``limit`` (their text stays); return the
    HTML and how many tags went.  Comments, script and style content and elements that do
    not nest (``br``, ``p``, ``li`` …) add no depth.

    >>> flatten_deep("<div>" * 5 + "文字" + "</div>" * 5, limit=2)
    ('<div><div>文字</div></div>', 6)
    >>> flatten_deep("<!-- x -->" * 5 + "<div><script>'<div>'</script>文字</div>", limit=2)[1]
    0
    """
    if _deepest(html) <= limit:  # nearly every page: one scan, no cut
        return html, 0
    depth = 0
    cut: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(html):
        name = (m.group(1) or "").lower()
        if name.lstrip("/") in _FLAT:
            continue
        if name.startswith("/"):
            if depth > limit:
                cut.append(m.span())
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                cut.append(m.span())
    if not cut:
        return html, 0
    pieces, pos = [], 0
    for start, end in cut:
        pieces.append(html[pos:start])
        pos = end
    pieces.append(html[pos:])
    return "".join(pieces), len(cut)


def _deepest(html: str) -> int:
    """The deepest nesting :func:`flatten_deep` counts (a closing tag without its opening one
    never takes the depth below 0), worked out in C: the tags' names mapped to +1 (opening),
    -1 (closing) or 0 (not nesting), and running sums.

    >>> _deepest("</div><div><p>a<div></div></div>"), _deepest("<br/><img>"), _deepest("<DIV><Div>")
    (2, 0, 2)
    """
    names = _TOKEN.findall(html)
    steps = filter(None, map(_STEPS.__getitem__, names))
    depth = list(accumulate(steps))  # without the floor at 0: that floor is the lowest point so far
    if not depth:
        return 0
    if min(depth) >= 0:  # never below the start: no floor to apply
        return max(depth)
    return max(max(map(sub, depth, accumulate(depth, min))), max(depth))


def looks_like_html(text: str) -> bool:
    """Whether a decoded page is HTML rather than a text dump.

    >>> looks_like_html("<!DOCTYPE html><html><body>x</body></html>"), looks_like_html("标题\\n正文")
    (True, False)
    """
    head = _LEADING_COMMENTS.sub("", text[:8192]).lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<?xml")) and "<html" in text[:20000].lower():
        return True
    return len(_TAGS.findall(head[:4096])) >= 5


@lru_cache(maxsize=4096)
def _ident_hint(ident: str) -> str | None:
    """The boilerplate hint in a ``class`` and ``id``: worked out once per distinct value."""
    if not ident.strip() or (CONTENT_HINT.search(ident) and not re.search(r"foot|bread|share", ident, re.I)):
        return None
    for name, pat in HINTS:
        if pat.search(ident):
            return name
    return None


def _hidden(attrs: dict[str, Any]) -> bool:
    if "hidden" in attrs:
        return True
    aria = attrs.get("aria-hidden")
    if aria and str(aria).lower() == "true":
        return True
    style = attrs.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(str(style)))


_LINE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "td", "th"}


_BLOCKS: dict[tuple[float, str, str | None], Block] = {}  # one (frozen) Block per distinct value


def _emit(parts: list[str], link: int, tag: str, hint: str | None, lines: list[str], info: list[Block]) -> None:
    """End the line gathered in ``parts`` (nothing when it is only whitespace)."""
    text = "".join(parts)
    parts.clear()
    if not text or text.isspace():  # what the collapsing and strip below would leave empty
        return
    text = _WS.sub(" ", text).strip()
    lines.append(text)
    # most lines hold no link text: their share is 0.0 without measuring the line
    key = (round(min(1.0, link / (len(text) - text.count(" "))), 2) if link else 0.0, tag, hint)
    block = _BLOCKS.get(key)
    if block is None:
        block = _BLOCKS[key] = Block(*key)
    info.append(block)


def render(html: str) -> tuple[str, list[Block], list[tuple[str, str]], Head]:
    """``(text, blocks, dropped, head)`` for an HTML page.

    The nodes come from selectolax's own depth-first traversal (in C); an element ends where
    a node's parent is no longer the innermost open element, and a skipped element (script,
    nav, hidden) ends where a node's parent is one of the elements open around it.  Each open
    element carries what its text inherits: inside a link, a ``class``/``id`` hint, inside
    ``pre``.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    head = _head_info(tree)
    lines: list[str] = []
    info: list[Block] = []
    dropped: list[tuple[str, str]] = []
    root = tree.body or tree.root
    if root is None:
        return "", [], [], head
    parts: list[str] = []  # the line being gathered, and its link characters, tag and hint
    link, line_tag, line_hint = 0, "", None
    stack: list[tuple[int, bool, bool, str | None, bool]] = []  # (mem_id, block, in_link, hint, in_pre)
    top, in_link, hint, in_pre = -1, False, None, False  # the innermost open element's
    around: set[int] | None = None  # inside a skipped element: the elements open around it
    for node in root.traverse(include_text=True):
        if stack:
            parent = node.parent.mem_id  # type: ignore[union-attr]  # below the root: never None
            if around is not None:
                if parent not in around:
                    continue
                around = None
            if parent != top:
                while stack and stack[-1][0] != parent:
                    if stack.pop()[1]:  # a block ends: so does its line
                        if parts:
                            _emit(parts, link, line_tag, line_hint, lines, info)
                        link, line_tag, line_hint = 0, "", None
                top, _, in_link, hint, in_pre = stack[-1] if stack else (-1, False, False, None, False)
        tag = node.tag
        if tag == "-text":
            t = node.text_content
            if t and not in_pre:
                if not parts:
                    line_hint = hint
                parts.append(t)
                if in_link:
                    link += len(t.strip().replace(" ", ""))
            elif t:
                for k, chunk in enumerate(t.split("\n")):  # in pre, each line of text is a line
                    if k:
                        if parts:
                            _emit(parts, link, line_tag, line_hint, lines, info)
                        link, line_tag, line_hint = 0, "", None
                    line_tag = "pre"
                    parts.append(chunk)
                    if in_link:
                        link += len(chunk.strip().replace(" ", ""))
            continue
        if tag in SILENT or tag is None:
            if not stack:  # the root itself
                break
            around = {f[0] for f in stack}
            continue
        attrs = node.attributes
        # an <aside> that holds the page's <h1> is the article's header (headline, date, source), not a sidebar
        if (tag in STRUCTURAL and not (tag == "aside" and node.css_first("h1") is not None)) or (
                attrs and ("hidden" in attrs or "style" in attrs or "aria-hidden" in attrs)
                and _hidden(attrs)):  # the keys first: most elements have none of them
            text = _WS.sub(" ", node.text(deep=True) or "").strip()
            if text:
                dropped.append((STRUCTURAL.get(tag, "hidden element"), text))
            if not stack:
                break
            around = {f[0] for f in stack}
            continue
        block = tag in BLOCK
        if block:
            if parts:
                _emit(parts, link, line_tag, line_hint, lines, info)
            link, line_tag, line_hint = 0, "", None
            if tag == "br" or tag == "hr":
                if in_pre:
                    line_tag = "pre"
                continue
        if tag in _LINE_TAGS and not parts:
            line_tag = tag
        own = None
        if attrs:  # the class/id hint, worked out once per distinct value
            cls, ident = attrs.get("class"), attrs.get("id")
            if cls or ident:
                own = _ident_hint(f"{cls or ''} {ident or ''}")
        top = node.mem_id
        in_link, hint, in_pre = in_link or tag == "a", own or hint, in_pre or tag == "pre"
        stack.append((top, block, in_link, hint, in_pre))
    if parts:
        _emit(parts, link, line_tag, line_hint, lines, info)
    return "\n".join(lines), info, dropped, head


def _head_info(tree: Any) -> Head:
    """Title candidates, ``<meta>`` values, JSON-LD objects and ``<time>`` values."""
    out = Head()
    t = tree.css_first("title")
    out.title = _WS.sub(" ", t.text()).strip() if t else None
    for m in tree.css("meta"):
        a = m.attributes or {}
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        val = (a.get("content") or "").strip()
        if key and val and key not in out.meta:
            out.meta[key] = val
    for s in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(s.text() or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                out.jsonld.extend(item.get("@graph") or [item])
    for node in tree.css("time"):
        a = node.attributes or {}
        out.time.append(a.get("datetime") or node.text().strip())
    for link in tree.css('link[rel="canonical"]'):
        href = ((link.attributes or {}).get("href") or "").strip()
        if href.startswith(("http://", "https://")):
            out.canonical = href
            break
    for h in tree.css("h1"):
        text = _WS.sub(" ", h.text()).strip()
        if text:
            out.h1.append(text)
    return out


@register("html", order=30)
def html(doc: Document, opts: Options) -> Document:
    """Parse HTML into one line per block; drop script/style/nav/footer/aside/hidden."""
    if doc.kind == "html" or not looks_like_html(doc.text):
        return doc
    page, flattened = flatten_deep(doc.text)
    if flattened:
        doc.warnings.append(f"html: {flattened} tag(s) nested deeper than {MAX_DEPTH} levels flattened")
    text, info, dropped, head = render(page)
    doc.kind = "html"
    doc.blocks = info
    doc.head = head
    if doc.url is None:
        stated = head.canonical or head.meta.get("og:url")
        doc.url = stated if stated and stated.startswith(("http://", "https://")) else None
    doc.replace_spans("html", [(0, len(doc.text), text, "html → text blocks")])
    for reason, content in dropped:
        doc.note("html", reason, content)
    return doc
