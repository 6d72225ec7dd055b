"""Exceptions raised by the library; one page's failure becomes ``Document.error``."""


class CleanerError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(CleanerError):
    """The page cannot be read, is empty, binary, too large or not a page."""


class DecodeError(CleanerError):
    """The bytes cannot be turned into text."""


class UsageError(CleanerError):
    """The caller asked for something that cannot be done (bad option, unknown filter)."""
