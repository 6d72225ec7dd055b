"""Exceptions raised by the library; one page's failure becomes ``Document.error``."""


class CleanerError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(CleanerError):
    """The page cannot be read, is empty, binary, too large or not a page."""


class DecodeError(CleanerError):
    """The bytes cannot be turned into text."""


class UsageError(CleanerError):
    """The caller asked for something that cannot be done (bad option, unknown filter)."""


def too_large(size: int | None, max_bytes: int) -> InputError:
    """The one error for a page over ``--max-bytes`` (``size`` unknown: more than the cap)."""
    if size is None:
        return InputError(f"page too large: more than --max-bytes {max_bytes}")
    return InputError(f"page too large: {size} bytes > --max-bytes {max_bytes}")
