"""cleaner: scraped Chinese news pages in, clean simplified-Chinese text and metadata out.

>>> import cleaner
>>> doc = cleaner.clean_bytes("标题\\n\\n正文,内容。".encode("utf-8"))
>>> doc.error is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Document", "Edit", "__version__", "clean_bytes"]

if TYPE_CHECKING:
    from .document import Document, Edit
    from .pipeline import clean_bytes


def __getattr__(name: str) -> Any:
    # lazy: `cleaner --help` must not pay for the filters
    if name == "clean_bytes":
        from .pipeline import clean_bytes

        return clean_bytes
    if name in ("Document", "Edit"):
        from . import document

        return getattr(document, name)
    raise AttributeError(name)
