"""The filter registry: each filter declares itself once, with ``@register``.

A filter module in ``cleaner/filters/`` is found by :func:`load` (no list to keep), and its
declaration says everything the rest of the program needs: its name (the CLI subcommand,
the ``Edit.filter`` value, the stats label), its place in the default chain (``order``), the
filters whose output it needs before it (``after``; ``"*"``: every other filter in the
chain), how its reason keys read with their detail, the record fields it fills, and what it
builds ahead of a long run (``long_run``: a batch of many pages a process, before its first
page, and before a pool's workers fork, so that they share it).  Its
help is its docstring's first line; its options are the ``Options`` fields it owns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .config import Options
from .document import Document

FilterFunc = Callable[[Document, Options], Document]
FIRST = "decode"  # where bytes become text: always first


class RecordField(Protocol):
    """A field a filter adds to the record (``meta``'s title, date, …)."""

    @property
    def name(self) -> str: ...

    @property
    def many(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Filter:
    name: str
    func: FilterFunc
    help: str
    order: int
    after: tuple[str, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)
    fields: tuple[Any, ...] = ()
    long_run: Callable[[], None] | None = None


FILTERS: dict[str, Filter] = {}


def register(name: str, *, order: int, after: Iterable[str] = (), reasons: Mapping[str, str] | None = None,
             fields: Iterable[RecordField] = (), long_run: Callable[[], None] | None = None
             ) -> Callable[[FilterFunc], FilterFunc]:
    """Register ``func`` as the filter ``name``; its docstring's first line is its help.

    ``reasons`` maps a reason key to how it reads with its detail (``"html: {detail} block"``);
    a key not listed reads as ``key: detail``.  ``long_run`` builds what the filter's pages
    would build anyway in a long run, ahead of them (the same output either way).
    """

    def deco(func: FilterFunc) -> FilterFunc:
        doc = (func.__doc__ or "").strip().splitlines()
        FILTERS[name] = Filter(name, func, doc[0] if doc else name, order, tuple(after), dict(reasons or {}),
                               tuple(fields), long_run)
        return func

    return deco


_LOADED = False


def load() -> dict[str, Filter]:
    """Import every module of ``cleaner.filters`` (cheap: heavy tables load on first use) and
    return the filters in chain order."""
    global _LOADED
    if not _LOADED:
        import importlib
        import pkgutil

        from . import filters

        for mod in pkgutil.iter_modules(filters.__path__):
            importlib.import_module(f"cleaner.filters.{mod.name}")
        ordered = sorted(FILTERS.values(), key=lambda f: f.order)
        FILTERS.clear()
        FILTERS.update((f.name, f) for f in ordered)
        _LOADED = True
    return FILTERS


def prepare_long_run(names: Iterable[str]) -> None:
    """Each of the named filters builds what it declared for a long run (``register(long_run=)``)."""
    filters = load()
    for name in names:
        prepare = filters[name].long_run
        if prepare is not None:
            try:
                prepare()
            except Exception:  # a damaged table: each page meets it in the filter, which says so
                pass


def default_chain() -> tuple[str, ...]:
    """Every filter, in chain order."""
    return tuple(load())


def chain(skip: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> list[str]:
    """The default chain minus ``skip``; with ``only``, just those (in chain order).

    ``decode`` always runs: it is where bytes become text.

    >>> chain(skip=("punct",))[-2:]
    ['deboiler', 'tidy']
    >>> chain(only=("meta",))
    ['decode', 'meta']
    """
    order = default_chain()
    _known(*skip, *only)
    names = [n for n in order if (not only or n in only) and n not in skip]
    if FIRST not in names:
        names.insert(0, FIRST)
    return names


def check(names: list[str]) -> list[str]:
    """A chain a user spelled out, checked: known filters, ``decode`` first (added when left
    out), each filter after the filters it needs.  Raises ``UsageError`` saying what is wrong.

    >>> check(["despam", "tidy"])
    ['decode', 'despam', 'tidy']
    >>> check(["tidy", "punct"])
    Traceback (most recent call last):
    ...
    cleaner.errors.UsageError: tidy must come after punct
    """
    from .errors import UsageError

    filters = load()
    _known(*names)
    names = list(names)
    if FIRST not in names:
        names.insert(0, FIRST)
    elif names[0] != FIRST:
        raise UsageError(f"{FIRST} must come first: it is where bytes become text")
    for i, name in enumerate(names):
        needs = filters[name].after
        before = [n for n in names if n != name] if "*" in needs else [n for n in needs if n in names]
        late = [n for n in before if names.index(n) > i]
        if late:
            raise UsageError(f"{name} must come after {', '.join(late)}")
    return names


def _known(*names: str) -> None:
    unknown = [n for n in names if n not in load()]
    if unknown:
        from .errors import UsageError

        raise UsageError(f"unknown filter(s): {', '.join(unknown)}; see `cleaner filters`")


def record_fields() -> tuple[RecordField, ...]:
    """The fields filters add to the record, in chain order."""
    return tuple(f for flt in load().values() for f in flt.fields)


def label(filter: str, reason: str, detail: str) -> str:
    """How a reason key and its detail read in records, diffs and the summary."""
    if not detail:
        return reason
    flt = FILTERS.get(filter)
    template = flt.reasons.get(reason) if flt is not None else None
    return template.format(key=reason, detail=detail) if template else f"{reason}: {detail}"
