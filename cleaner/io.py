"""Walking inputs, reading bytes, atomic writers."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, UsageError, too_large


@dataclass(frozen=True, slots=True)
class Input:
    """One page to clean: where to read it and where its output goes (relative)."""

    path: str  # filesystem path, or "-" for stdin
    rel: str  # path relative to the input root, used to mirror the tree under -o


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
        return True
    except ValueError:
        return False


def walk_inputs(inputs: tuple[str, ...], output: str | None = None) -> list[Input]:
    """Expand files and folders (recursively, sorted) into pages; skip the output folder.

    Hidden files and folders (``.name``) are skipped when walking a folder.
    """
    out = Path(output).resolve() if output else None
    pages: list[Input] = []
    for raw in inputs:
        if raw == "-":
            pages.append(Input("-", "stdin"))
            continue
        p = Path(raw)
        if p.is_dir():
            root = p.resolve()
            if out is not None and out == root:
                raise UsageError(f"output folder {output} is an input folder; choose another -o")
            for dirpath, dirnames, filenames in os.walk(p):
                here = Path(dirpath).resolve()
                dirnames[:] = sorted(
                    d for d in dirnames
                    if not d.startswith(".") and not (out is not None and (here / d).resolve() == out)
                )
                for f in sorted(filenames):
                    if f.startswith("."):
                        continue
                    full = Path(dirpath) / f
                    pages.append(Input(str(full), str(full.relative_to(p))))
        elif p.exists():
            pages.append(Input(str(p), p.name))
        else:
            # kept as a page so the run reports it and goes on
            pages.append(Input(str(p), p.name))
    return pages


def read_page(path: str, max_bytes: int) -> bytes:
    """Read a page's bytes, refusing what cannot be a page (one-line errors)."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise too_large(size, max_bytes)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError("is a folder, not a page") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise too_large(None, max_bytes)
    return data


def output_name(rel: str, fmt: str) -> str:
    """Where a page's output goes under ``-o``: ``a.html`` -> ``a.html.txt``; ``a.txt`` stays.

    >>> output_name("x/a.txt", "text"), output_name("a.html", "text"), output_name("a.txt", "jsonl")
    ('x/a.txt', 'a.html.txt', 'a.txt.json')
    """
    if fmt == "jsonl":
        return rel + ".json"
    return rel if rel.endswith(".txt") else rel + ".txt"


def write_atomic(path: Path, data: str) -> None:
    """Write via a temp file in the same folder and rename, so no half file is ever seen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
