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
import re

from ..config import Options
from ..document import Document, Span
from ..registry import register
from ..text.convert import CONFIGS, convert_line, converter, phrase_fixes
from ..text.han import HAN, HAN_COMPAT
from ..text.lines import walk

_HAN = re.compile(f"[{HAN}{HAN_COMPAT}]")
_NOT_HAN = re.compile(f"[^{HAN}{HAN_COMPAT}]+")
TRADITIONAL_SHARE = 0.05  # share of changed Han characters from which a page is "traditional"


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


def detect_script(text: str) -> str:
    """``simplified``, ``traditional`` or ``mixed``: by the share of Han characters t2s changes.

    >>> mixed = "这是一篇很长的简体中文新闻报道内容其中只有一个字是繁體"
    >>> detect_script("兰州新闻"), detect_script("蘭州新聞網"), detect_script(mixed)
    ('simplified', 'traditional', 'mixed')
    """
    sample = _han_sample(text, 20000)
    if not sample:
        return "simplified"
    out = converter("tw2s")(sample)
    if out == sample:
        return "simplified"
    changed = sum(map(operator.ne, sample, out))
    if not changed:
        return "simplified"
    return "traditional" if changed / len(sample) >= TRADITIONAL_SHARE else "mixed"


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
    if doc.script is None:
        doc.script = detect_script(doc.text)
    if opts.to == "keep" or (opts.to == "simplified" and doc.script == "simplified"):
        return doc
    config = CONFIGS.get((opts.to, opts.variant))
    if config is None:
        from ..errors import UsageError

        raise UsageError(f"no conversion for --to {opts.to} --variant {opts.variant}")
    spans: list[Span] = []
    reason = "traditional → simplified" if opts.to == "simplified" else "simplified → traditional"
    any_fix = bool(phrase_fixes().longest(doc.text)) if opts.to == "simplified" else False
    for _, offset, line in walk(doc.text):
        if not _HAN.search(line):
            continue
        out, fixes = convert_line(line, config, opts.to, any_fix)
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
