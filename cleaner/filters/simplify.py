"""``simplify``: phrase-level script conversion with OpenCC, per line, as Edits.

The page's script is detected first (share of Han characters OpenCC would change) and
recorded in ``Document.script``; simplified pages cost one conversion pass and no edits.
Conversion to simplified uses ``tw2s``: like ``t2s`` it keeps vocabulary (軟體 stays 软体,
right for news), and it also turns the aspect particle 著 into 着 (看著, 隨著, 干著急),
which ``t2s`` leaves.  A small phrase table (``data/script_fixes.txt``) covers what OpenCC
gets wrong for news (surname 於, 甚麼).
"""

from __future__ import annotations

import operator

from ..config import Options
from ..document import Document, Span
from ..registry import register
from ..text import rx
from ..text.convert import CONFIGS, convert_line, converter, phrase_fixes
from ..text.han import HAN, HAN_COMPAT, count
from ..text.lines import walk

_HAN = rx.compile(f"[{HAN}{HAN_COMPAT}]")
_NOT_HAN = rx.compile(f"[^{HAN}{HAN_COMPAT}]+")
_HAN_RUN = rx.compile(f"[{HAN}{HAN_COMPAT}][{HAN}{HAN_COMPAT}]*")  # a class first: the search skips to it
TRADITIONAL_SHARE = 0.05  # share of changed Han characters from which a page is "traditional"
SAMPLE = 20000  # Han characters read to detect the script
DETECT = "tw2s"  # the config whose changes tell the script
WHOLE = 1 << 18  # a text up to this length is converted once, whole, and detected from that


def _han_sample(text: str, n: int) -> str:
    """The first ``n`` Han characters of ``text`` (read in chunks: no list of every character)."""
    parts: list[str] = []
    got, pos, step = 0, 0, 4 * n
    while got < n and pos < len(text):
        part = _NOT_HAN.sub("", text[pos : pos + step])
        parts.append(part)
        got += len(part)
        pos += step
    return "".join(parts)[:n]


def detect_script(text: str, converted: str | None = None) -> str:
    """``simplified``, ``traditional`` or ``mixed``: by the share of Han characters tw2s changes
    among the first 20,000.  ``converted``: ``text`` through tw2s already (the conversion the
    page needs anyway is read, not made twice).

    >>> mixed = "这是一篇很长的简体中文新闻报道内容其中只有一个字是繁體"
    >>> detect_script("兰州新闻"), detect_script("蘭州新聞網"), detect_script(mixed)
    ('simplified', 'traditional', 'mixed')
    >>> detect_script("蘭州新聞網", "兰州新闻网")
    'traditional'
    """
    if converted is not None and converted == text:
        return "simplified"
    if converted is not None and len(converted) == len(text):
        seen, changed = _changed(text, converted)
    else:
        sample = _han_sample(text, SAMPLE)
        seen, changed = len(sample), sum(map(operator.ne, sample, converter(DETECT)(sample)))
    if not changed:
        return "simplified"
    return "traditional" if changed / seen >= TRADITIONAL_SHARE else "mixed"


def _changed(text: str, converted: str) -> tuple[int, int]:
    """``(Han characters read, how many of them changed)`` over the first ``SAMPLE`` Han
    characters of ``text``, against its conversion of the same length; it stops early once
    the changes make the page traditional whatever follows (then ``(1, 1)``)."""
    seen = changed = 0
    han = count(_HAN, text[: 8 * SAMPLE])  # how many Han characters the sample will hold, or more
    decided = TRADITIONAL_SHARE * min(SAMPLE, han if han >= SAMPLE or len(text) <= 8 * SAMPLE else SAMPLE)
    for m in _HAN_RUN.finditer(text):
        start, end = m.span()
        end = min(end, start + SAMPLE - seen)
        if text[start:end] != converted[start:end]:
            changed += sum(map(operator.ne, text[start:end], converted[start:end]))
            if changed >= decided > 0:
                return 1, 1
        seen += end - start
        if seen >= SAMPLE:
            break
    return seen, changed


def _overlay(out: str, fixes: list[tuple[int, int, str, str]]) -> str:
    """``out`` with each fix's target in place of its span (a fix that would change the length
    is left out; a later fix over the same place wins).

    >>> _overlay("干部乾净", [(2, 4, "干净", "phrase fix")])
    '干部干净'
    """
    chars: dict[int, str] = {}
    for start, end, target, _ in fixes:
        if len(target) == end - start:
            chars.update(zip(range(start, end), target, strict=True))
    if not chars:
        return out
    pieces: list[str] = []
    last = 0
    for i in sorted(chars):
        pieces += (out[last:i], chars[i])
        last = i + 1
    pieces.append(out[last:])
    return "".join(pieces)


@register("simplify", order=50, after=("html",),
          reasons={"traditional → simplified": "{key}; {detail}", "simplified → traditional": "{key}; {detail}"})
def simplify(doc: Document, opts: Options) -> Document:
    """Convert traditional to simplified (OpenCC tw2s plus a phrase table), or as --to says."""
    converted = None
    if doc.script is None:
        if len(doc.text) <= WHOLE and opts.to != "keep":
            converted = converter(DETECT)(doc.text)
        doc.script = detect_script(doc.text, converted)
    if opts.to == "keep" or (opts.to == "simplified" and doc.script == "simplified"):
        return doc
    config = CONFIGS.get((opts.to, opts.variant))
    if config is None:
        from ..errors import UsageError

        raise UsageError(f"no conversion for --to {opts.to} --variant {opts.variant}")
    spans: list[Span] = []
    reason = "traditional → simplified" if opts.to == "simplified" else "simplified → traditional"
    any_fix = bool(phrase_fixes().longest(doc.text)) if opts.to == "simplified" else False
    if len(doc.text) <= WHOLE and (converted is None or config != DETECT):
        converted = converter(config)(doc.text)  # the whole page at once: a line's phrases end at its end
    # (a longer page is converted line by line: no second copy of it)
    outs = converted.split("\n") if converted is not None else []
    if len(outs) != doc.text.count("\n") + 1:
        outs = []
    for index, offset, line in walk(doc.text):
        if not _HAN.search(line):
            continue
        out, fixes = convert_line(line, config, opts.to, any_fix, outs[index] if outs else None)
        if fixes:
            # fixed phrases override OpenCC's output at the same place
            fixed = _overlay(out, fixes)
            if fixed != out:
                why = "; ".join(sorted({f[3] for f in fixes if out[f[0]:f[1]] != f[2]}))
                spans.append((offset, offset + len(line), fixed, reason, why))
                continue
        if out != line:
            spans.append((offset, offset + len(line), out, reason))
    doc.replace_spans("simplify", spans)
    if opts.to == "traditional":
        doc.read_as = "t2s"
    return doc
