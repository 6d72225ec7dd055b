"""The per-user cache: what cleaner derives from its own code and tables, kept between
processes so that one page does not pay for it again (the compiled patterns of
``text/rx.py``, the gazetteer's state of ``filters/meta/place.py``).

Every value is saved with a key that names what it was derived from (for the patterns: the
exact Python build; for the gazetteer: a checksum of its tables and code); a value saved
under another key is a miss.  ``CLEANER_CACHE_DIR`` names
the folder (default ``$XDG_CACHE_HOME/cleaner`` or ``~/.cache/cleaner``); set to an empty
value, it turns the cache off.  Reading never fails (a damaged file is a miss) and writing
never fails (a read-only home means deriving again).
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any


def folder() -> Path | None:
    """Where the cache lives, or ``None`` when it is turned off."""
    where = os.environ.get("CLEANER_CACHE_DIR")
    if where is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        where = os.path.join(base, "cleaner")
    return Path(where) if where else None


def load(name: str, want: str) -> Any:
    """The value saved under ``name`` with the key ``want``, else ``None``."""
    where = folder()
    if where is None:
        return None
    try:
        found, value = marshal.loads((where / f"{name}-{sys.implementation.cache_tag}.marshal").read_bytes())
    except Exception:  # missing, unreadable or damaged: a miss
        return None
    return value if found == want else None


def save(name: str, want: str, value: Any) -> None:
    """Keep ``value`` under ``name`` and the key ``want`` (atomically: a temp file renamed)."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        path = where / f"{name}-{sys.implementation.cache_tag}.marshal"
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((want, value)))
        os.replace(tmp, path)
    except Exception:  # a read-only home, a full disk: derived again next time
        pass
