"""The one adapter over the ``opencc`` module, and conversion of text to a target script.

Two packages install a module named ``opencc``: the native binding (``opencc``, the
default, ~45x faster and with newer dictionaries) and ``opencc-python-reimplemented``
(the ``pure`` extra).  They differ in how a converter is built and what config names
look like; this adapter hides both.  Converters are cached per process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from ..datafiles import table
from .lexicon import Lexicon


@cache
def backend() -> str:
    """``native`` or ``pure``: which package provides the installed ``opencc`` module."""
    import opencc

    return "native" if hasattr(opencc, "opencc_clib") or hasattr(opencc, "clib") else "pure"


@cache
def converter(config: str) -> Callable[[str], str]:
    """A ``str -> str`` converter for an OpenCC config name such as ``t2s`` or ``tw2s``."""
    import opencc

    name = config.removesuffix(".json")
    # the native binding wants "t2s.json" (it also accepts "t2s"); the pure one wants "t2s"
    conv = opencc.OpenCC(name + ".json" if backend() == "native" else name)
    convert: Callable[[str], str] = conv.convert

    def pieces(text: str) -> str:
        if len(text) <= PIECE:
            return convert(text)
        return "".join(convert(p) for p in split_long(text))

    return pieces


PIECE = 1 << 16
"""A text longer than this is converted a piece at a time, cut after a sentence end or a space:
OpenCC holds a segment list many times its input (+80 MB for a 5-million-character line)."""
_CUTS = "。！？；\n "


def split_long(text: str, size: int = PIECE) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, each ending at a sentence end or a space
    where one is in reach (no phrase spans one), else at ``size``.

    >>> split_long("甲乙。丙丁。戊", 3)
    ['甲乙。', '丙丁。', '戊']
    """
    out = []
    pos, n = 0, len(text)
    while n - pos > size:
        end = pos + size
        cut = max(text.rfind(c, pos, end) for c in _CUTS)
        cut = cut + 1 if cut > pos else end
        out.append(text[pos:cut])
        pos = cut
    out.append(text[pos:])
    return out


# -- converting text to a target script -------------------------------------------------

CONFIGS = {
    ("simplified", None): "tw2s", ("simplified", "t"): "t2s", ("simplified", "tw"): "tw2s",
    ("simplified", "hk"): "hk2s",
    ("traditional", None): "s2t", ("traditional", "t"): "s2t", ("traditional", "tw"): "s2tw",
    ("traditional", "twp"): "s2twp", ("traditional", "hk"): "s2hk",
}
"""The OpenCC config for each ``(--to, --variant)``."""


@lru_cache(maxsize=1)
def phrase_fixes() -> Lexicon:
    """What OpenCC gets wrong for news, to simplified (``data/script_fixes.txt``)."""
    return Lexicon({row[0]: (row[1], row[2] if len(row) > 2 else "phrase fix") for row in
                    table("script_fixes.txt")})


def convert_line(line: str, config: str, to: str, check_fixes: bool = True, out: str | None = None
                 ) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Convert one line (``out``: its conversion, made already); phrase fixes (to simplified)
    are returned as separate spans."""
    if out is None:
        out = converter(config)(line)
    fixes: list[tuple[int, int, str, str]] = []
    if check_fixes and to == "simplified" and len(out) == len(line):
        for start, end, _term, (target, why) in phrase_fixes().longest(line):
            fixes.append((start, end, target, why))
    return out, fixes


def to_target(text: str, to: str, variant: str | None) -> str:
    """Convert a short value (a title, a name) to the target script ``to``."""
    if to == "keep" or not text:
        return text
    return convert_line(text, CONFIGS.get((to, variant), "tw2s"), to)[0]
