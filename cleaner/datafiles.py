"""Loading the data files in ``cleaner/data/``: one entry a line, ``#`` comments, cached.

A name ending in ``.gz`` is decompressed (the big generated tables are stored that way).
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from pathlib import Path

from .text import rx

DATA = Path(__file__).resolve().parent / "data"
"""The package's data folder: read as files beside the code (``importlib.resources`` and
``gzip`` cost 20 ms of imports on every start for the same bytes)."""


def _text(name: str) -> str:
    raw = (DATA / name).read_bytes()
    if name.endswith(".gz"):
        raw = zlib.decompress(raw, 31)  # 31: a gzip member
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


_ROWS4 = rx.compile(r"^(?!#)([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)$", re.M)


def rows3(name: str) -> list[tuple[str, str, str]]:
    """The rows of a generated three-column table whose last cells are long (cells as they are,
    not stripped): split, which beats a pattern over a line's every character."""
    out = []
    for line in _text(name).split("\n"):
        if line and not line.startswith("#"):
            a, b, c = line.split("\t", 2)
            out.append((a, b, c))
    return out


def rows4(name: str) -> list[tuple[str, str, str, str]]:
    """The rows of a generated four-column table, read with one pattern (cells as they are,
    not stripped): the division table loads in a fifth of the time :func:`table` takes."""
    return _ROWS4.findall(_text(name))


_PAIRS = rx.compile(r"^(?!#)([^\t\n]+)\t([^\n]*)$", re.M)


def pairs(name: str) -> dict[str, str]:
    """A generated two-column table as a dict, read with one pattern (the common two-character
    words load in a fifth of the time their rows would)."""
    return dict(_PAIRS.findall(_text(name)))
