"""Loading the data files in ``cleaner/data/``: one entry a line, ``#`` comments, cached.

A name ending in ``.gz`` is decompressed (the big generated tables are stored that way).
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

from .text import rx


def _text(name: str) -> str:
    raw = resources.files("cleaner").joinpath("data").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file, stripped."""
    out = []
    for line in _text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a data file (comments and blank lines skipped)."""
    return tuple(tuple(map(str.strip, line.split("\t"))) for line in lines(name))


@cache
def terms(name: str) -> frozenset[str]:
    """The first column of a data file as a set."""
    return frozenset(row[0] for row in table(name) if row and row[0])


_ROWS = rx.compile(r"^(?!#)([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)$", re.M)


def rows4(name: str) -> list[tuple[str, str, str, str]]:
    """The rows of a generated four-column table, read with one pattern (cells as they are,
    not stripped): the division table loads in a fifth of the time :func:`table` takes."""
    return _ROWS.findall(_text(name))


_PAIRS = rx.compile(r"^(?!#)([^\t\n]+)\t([^\n]*)$", re.M)


def pairs(name: str) -> dict[str, str]:
    """A generated two-column table as a dict, read with one pattern (the township names
    load in a fifth of the time their rows would)."""
    return dict(_PAIRS.findall(_text(name)))
