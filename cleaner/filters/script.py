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
from functools import lru_cache

from ..config import Options
from ..convert import converter
from ..datafiles import table
from ..document import Document
from ..lexicon import Lexicon
from ..registry import register

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TRADITIONAL_SHARE = 0.05  # share of changed Han characters from which a page is "traditional"

CONFIGS = {
    ("simplified", None): "tw2s", ("simplified", "t"): "t2s", ("simplified", "tw"): "tw2s",
    ("simplified", "hk"): "hk2s",
    ("traditional", None): "s2t", ("traditional", "t"): "s2t", ("traditional", "tw"): "s2tw",
    ("traditional", "twp"): "s2twp", ("traditional", "hk"): "s2hk",
}


@lru_cache(maxsize=1)
def _fixes() -> Lexicon:
    return Lexicon({row[0]: (row[1], row[2] if len(row) > 2 else "phrase fix") for row in
                    table("script_fixes.txt")})


def detect_script(text: str) -> str:
    """``simplified``, ``traditional`` or ``mixed``: by the share of Han characters t2s changes.

    >>> mixed = "这是一篇很长的简体中文新闻报道内容其中只有一个字是繁體"
    >>> detect_script("兰州新闻"), detect_script("蘭州新聞網"), detect_script(mixed)
    ('simplified', 'traditional', 'mixed')
    """
    han = _HAN.findall(text)
    if not han:
        return "simplified"
    sample = "".join(han[:20000])
    out = converter("tw2s")(sample)
    if out == sample:
        return "simplified"
    changed = sum(map(operator.ne, sample, out))
    if not changed:
        return "simplified"
    return "traditional" if changed / len(sample) >= TRADITIONAL_SHARE else "mixed"


def to_target(text: str, opts: Options) -> str:
    """Convert a short value (a title, a name) to the target script."""
    if opts.to == "keep" or not text:
        return text
    return _convert_line(text, CONFIGS.get((opts.to, opts.variant), "tw2s"), opts.to)[0]


def _convert_line(line: str, config: str, to: str, check_fixes: bool = True
                  ) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Convert one line; phrase fixes (to simplified) are returned as separate spans."""
    out = converter(config)(line)
    fixes: list[tuple[int, int, str, str]] = []
    if check_fixes and to == "simplified" and len(out) == len(line):
        for start, end, _term, (target, why) in _fixes().longest(line):
            fixes.append((start, end, target, why))
    return out, fixes


@register("simplify")
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
    spans: list[tuple[int, int, str, str]] = []
    offset = 0
    reason = "traditional → simplified" if opts.to == "simplified" else "simplified → traditional"
    any_fix = bool(_fixes().longest(doc.text)) if opts.to == "simplified" else False
    for line in doc.text.split("\n"):
        if _HAN.search(line):
            out, fixes = _convert_line(line, config, opts.to, any_fix)
            if fixes:
                # fixed phrases override OpenCC's output at the same place
                chars = list(out)
                for start, end, target, _ in fixes:
                    chars[start:end] = list(target) if len(target) == end - start else chars[start:end]
                fixed = "".join(chars)
                if fixed != out:
                    spans.append((offset, offset + len(line), fixed,
                                  reason + "; " + "; ".join(sorted({f[3] for f in fixes
                                                                   if out[f[0]:f[1]] != f[2]}))))
                    offset += len(line) + 1
                    continue
            if out != line:
                spans.append((offset, offset + len(line), out, reason))
        offset += len(line) + 1
    doc.replace_spans("simplify", spans)
    return doc
