"""Walking the lines of a text with their offsets (filters edit by offset, judge by line)."""

from __future__ import annotations

from collections.abc import Iterator


def walk(text: str) -> Iterator[tuple[int, int, str]]:
    """``(index, offset, line)`` for each line of ``text`` (split on ``\\n``).

    >>> list(walk("ab\\n\\ncd"))
    [(0, 0, 'ab'), (1, 3, ''), (2, 4, 'cd')]
    """
    offset = 0
    for i, line in enumerate(text.split("\n")):
        yield i, offset, line
        offset += len(line) + 1
