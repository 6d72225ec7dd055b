"""The filter registry: one plain dict from name to function, in chain order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .config import Options
from .document import Document

FilterFunc = Callable[[Document, Options], Document]

# The default chain, in order.  A filter's name is its CLI subcommand, its ``Edit.filter``
# value and its stats label.
CHAIN: tuple[str, ...] = (
    "decode", "repair", "html", "despam", "simplify", "meta", "deboiler", "punct", "tidy",
)


# the modules that register filters (imported by ``load``)
MODULES = ("charset", "repair", "html", "spam", "script", "meta.extract", "boilerplate", "punct", "tidy")


@dataclass(frozen=True, slots=True)
class Filter:
    name: str
    func: FilterFunc
    help: str


FILTERS: dict[str, Filter] = {}


def register(name: str) -> Callable[[FilterFunc], FilterFunc]:
    """Register ``func`` under ``name``; its docstring's first line is its help."""

    def deco(func: FilterFunc) -> FilterFunc:
        doc = (func.__doc__ or "").strip().splitlines()
        FILTERS[name] = Filter(name, func, doc[0] if doc else name)
        return func

    return deco


def load() -> dict[str, Filter]:
    """Import the filter modules (cheap: heavy tables load on first use) and return FILTERS."""
    import importlib

    for module in MODULES:
        importlib.import_module(f"cleaner.filters.{module}")
    missing = [n for n in CHAIN if n not in FILTERS]
    if missing:  # pragma: no cover - a packaging error
        raise RuntimeError(f"filters not registered: {missing}")
    return FILTERS


def chain(skip: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> list[str]:
    """The default chain minus ``skip``; with ``only``, just those (in chain order).

    ``decode`` always runs: it is where bytes become text.

    >>> chain(skip=("punct",))[-2:]
    ['deboiler', 'tidy']
    >>> chain(only=("meta",))
    ['decode', 'meta']
    """
    unknown = [n for n in (*skip, *only) if n not in CHAIN]
    if unknown:
        from .errors import UsageError

        raise UsageError(f"unknown filter(s): {', '.join(unknown)}; see `cleaner filters`")
    names = [n for n in CHAIN if (not only or n in only) and n not in skip]
    if "decode" not in names:
        names.insert(0, "decode")
    return names
