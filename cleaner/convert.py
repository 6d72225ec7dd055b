"""The one adapter over the ``opencc`` module.

Two packages install a module named ``opencc``: the native binding (``opencc``, the
default, ~45x faster and with newer dictionaries) and ``opencc-python-reimplemented``
(the ``pure`` extra).  They differ in how a converter is built and what config names
look like; this adapter hides both.  Converters are cached per process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache


@cache
def backend() -> str:
    """``native`` or ``pure``: which package provides the installed ``opencc`` module."""
    import opencc

    return "native" if hasattr(opencc, "opencc_clib") or hasattr(opencc, "clib") else "pure"


@cache
def converter(config: str) -> Callable[[str], str]:
    """A ``str -> str`` converter for an OpenCC config name such as ``t2s`` or ``tw2s``."""
    import opencc

    name = config.removesuffix(".json")
    # the native binding wants "t2s.json" (it also accepts "t2s"); the pure one wants "t2s"
    conv = opencc.OpenCC(name + ".json" if backend() == "native" else name)
    return conv.convert  # type: ignore[no-any-return]
