"""Lexicon matching with Aho-Corasick (pyahocorasick), built once per process."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Lexicon:
    """Find every occurrence of many terms in one pass; terms map to a payload.

    >>> lex = Lexicon({"无码": 3, "在线": 1})
    >>> [(s, e, p) for s, e, _, p in lex.find("无码在线")]
    [(0, 2, 3), (2, 4, 1)]
    """

    def __init__(self, terms: dict[str, Any] | Iterable[tuple[str, Any]]):
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        items = terms.items() if isinstance(terms, dict) else terms
        n = 0
        for term, payload in items:
            if term:
                self._auto.add_word(term, (term, payload))
                n += 1
        if n:
            self._auto.make_automaton()
        self.size = n

    def find(self, text: str) -> list[tuple[int, int, str, Any]]:
        """All matches as ``(start, end, term, payload)``, sorted by start."""
        if not self.size:
            return []
        out = []
        for end, (term, payload) in self._auto.iter(text):
            out.append((end - len(term) + 1, end + 1, term, payload))
        out.sort(key=lambda m: (m[0], -m[1]))
        return out

    def longest(self, text: str) -> list[tuple[int, int, str, Any]]:
        """Leftmost-longest, non-overlapping matches.

        >>> lex = Lexicon({"白银": 1, "白银路街道": 2})
        >>> [t for _, _, t, _ in lex.longest("在白银路街道和白银")]
        ['白银路街道', '白银']
        """
        if not self.size:
            return []
        return [(end - len(term) + 1, end + 1, term, payload) for end, (term, payload) in self._auto.iter_long(text)]
