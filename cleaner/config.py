"""Options shared by every filter: one documented field per switch."""

from __future__ import annotations

from dataclasses import dataclass, replace

MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class Options:
    to: str = "simplified"
    """Target script: ``simplified``, ``traditional`` or ``keep``."""
    variant: str | None = None
    """OpenCC variant for ``--to traditional``: ``t`` (default), ``tw``, ``hk``."""
    encoding: str | None = None
    """Force this charset instead of detecting one."""
    keep_captions: bool = False
    """Keep image captions and photo credits inside the article."""
    keep_punct: bool = False
    """Leave ASCII punctuation in Chinese text as it is (``punct`` does nothing)."""
    max_bytes: int = MAX_BYTES
    """Pages larger than this are refused with an error record."""

    def with_(self, **changes: object) -> Options:
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Options()
