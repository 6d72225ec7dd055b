"""Layered settings: the packaged defaults, a settings file, the command line (which wins).

The file is ``--config FILE``, else ``cleaner.toml`` in the working folder, else the
``[tool.cleaner]`` table of ``pyproject.toml`` there.  Its keys are the long option names of
``cleaner clean`` (``to = "traditional"``, ``keep-captions = true``, ``jobs = 2``,
``format = "jsonl"``) in one flat table; a filter's option also reaches its ``run``
subcommand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import UsageError

FILE = "cleaner.toml"


def find(explicit: str | None = None, cwd: Path | None = None) -> tuple[dict[str, Any], str | None]:
    """``(settings, where they came from)``: the flat table of option names to values."""
    if explicit:
        path = Path(explicit)
        return _table(path, pyproject=path.name == "pyproject.toml"), str(path)
    here = cwd or Path.cwd()
    if (here / FILE).is_file():
        return _table(here / FILE), str(here / FILE)
    pyproject = here / "pyproject.toml"
    if pyproject.is_file() and _may_name_cleaner(pyproject):
        table = _table(pyproject, pyproject=True)
        if table:
            return table, f"{pyproject} [tool.cleaner]"
    return {}, None


def _may_name_cleaner(path: Path) -> bool:
    """Whether a ``pyproject.toml`` can hold a ``[tool.cleaner]`` table: a key spelled without
    the word needs a ``\\u`` escape.  Most projects' files are not parsed at all (importing
    the TOML parser and parsing one takes about 8 ms of a one-page run), and one that does not
    parse is not this program's business unless it names it."""
    try:
        text = path.read_bytes()
    except OSError:
        return True  # _table says why it cannot be read
    return b"cleaner" in text or b"\\u" in text or b"\\U" in text


def _table(path: Path, pyproject: bool = False) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs have no settings file
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read settings file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"settings file {path} is not valid TOML: {exc}") from None
    if pyproject:
        data = data.get("tool", {}).get("cleaner", {})
    if not isinstance(data, dict):
        raise UsageError(f"settings file {path}: expected a table of option names")
    return data


def param_name(key: str) -> str:
    """The click parameter a settings key sets (``keep-captions`` -> ``keep_captions``)."""
    return {"format": "fmt", "input": "inputs"}.get(key, key.replace("-", "_"))


def option_name(param: str) -> str:
    """The settings key of a click parameter (``fmt`` -> ``format``)."""
    return {"fmt": "format"}.get(param, param.replace("_", "-"))
