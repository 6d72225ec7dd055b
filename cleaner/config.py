"""Options: every switch a filter or the pipeline reads, each declared once.

A field's metadata says everything the command line needs: its help, its choices and the
filter that owns it (``None``: the pipeline itself).  The click options of ``cleaner clean``
and of each ``cleaner run`` subcommand are generated from these fields, and
:meth:`Options.from_values` turns what click parsed back into an ``Options``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

MAX_BYTES = 20_000_000
TARGETS = ("simplified", "traditional", "keep")
VARIANTS = ("t", "tw", "twp", "hk")


def option(default: Any, help: str, *, owner: str | None = None, choices: tuple[str, ...] | None = None,
           metavar: str | None = None) -> Any:
    """A field of :class:`Options` with what the command line shows for it."""
    return field(default=default, metadata={"help": help, "owner": owner, "choices": choices, "metavar": metavar})


@dataclass(frozen=True, slots=True)
class Options:
    to: str = option("simplified", "Target script.", owner="simplify", choices=TARGETS)
    variant: str | None = option(
        None, "OpenCC variant: the source variant for simplified (t, tw, hk), the target for traditional "
              "(t, tw, twp, hk).", owner="simplify", choices=VARIANTS)
    encoding: str | None = option(None, "Force this charset instead of detecting one.", owner="decode",
                                  metavar="CHARSET")
    keep_captions: bool = option(False, "Keep image captions and photo credits inside the article.",
                                 owner="deboiler")
    keep_punct: bool = option(False, "Leave ASCII punctuation in Chinese text as it is (punct does nothing).",
                              owner="punct")
    max_bytes: int = option(MAX_BYTES, "Refuse pages larger than this many bytes (error record).", metavar="N")

    def with_(self, **changes: object) -> Options:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Options:
        """The options named in ``values`` (others, and ``None`` values, keep their default).

        >>> Options.from_values({"to": "keep", "variant": None, "jobs": 2}).to
        'keep'
        """
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known and v is not None})


def declared(owner: str | None = "*") -> list[Any]:
    """The ``Options`` fields owned by ``owner`` (``"*"``: all of them)."""
    return [f for f in fields(Options) if owner == "*" or f.metadata["owner"] == owner]


DEFAULT = Options()
