"""Characters that stand for lost ones: ``锟斤拷`` runs (UTF-8 replacement characters read as
GBK), stray U+FFFD and private-use characters.  Nothing can bring the originals back: they are
removed, each with its reason."""

from __future__ import annotations

from ...document import Span
from ...text import rx

_KUNKIN = rx.compile(r"(?:锟斤拷|烫烫烫|屯屯屯)+")
_JUNK = rx.compile(r"[\ufffd\ue000-\uf8ff]")


def kunkin(text: str) -> list[Span]:
    """``锟斤拷`` (and ``烫烫烫``/``屯屯屯``) runs.

    >>> [s[3] for s in kunkin("甲锟斤拷锟斤拷乙")]
    ['锟斤拷 run (lost characters)']
    """
    if not any(k in text for k in ("锟斤拷", "烫烫烫", "屯屯屯")):  # (a substring test is much faster)
        return []
    return [(m.start(), m.end(), "", "锟斤拷 run (lost characters)") for m in _KUNKIN.finditer(text)]


def stray(text: str, at: list[int] | None = None) -> list[Span]:
    """U+FFFD and private-use characters (``at``: where they are, when known).

    >>> [s[3] for s in stray("甲\ufffd乙\ue000")]
    ['replacement character', 'private-use character']
    """
    if at is None:
        at = [m.start() for m in _JUNK.finditer(text)]
    return [(i, i + 1, "", "replacement character" if text[i] == "\ufffd" else "private-use character")
            for i in at]
