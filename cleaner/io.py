"""Walking inputs, reading bytes, atomic writers."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .datafiles import terms
from .errors import InputError, UsageError, too_large

if TYPE_CHECKING:
    from .warc import Origin


@dataclass(frozen=True, slots=True)
class Input:
    """One page to clean: where to read it and where its output goes (relative)."""

    path: str  # filesystem path, "-" for stdin, or "file.warc.gz#offset" for a WARC record
    rel: str  # path relative to the input root, used to mirror the tree under -o
    error: str | None = None  # known before reading (an unreadable folder, a symlink loop)
    data: bytes | None = None  # the page's bytes when they do not come from a file (a WARC record)
    origin: Origin | None = None
    expect: tuple[int, str] | None = None  # (size, sha1) of a page done before: unchanged, it is not redone

    def __reduce__(self) -> tuple[type[Input], tuple[Any, ...]]:
        # the fields in a tuple: sent to a worker per page, pickled in C rather than field by field
        return Input, (self.path, self.rel, self.error, self.data, self.origin, self.expect)

    @property
    def display(self) -> str:
        """The path as text (a file name that is not UTF-8 shows with U+FFFD)."""
        return shown(self.path)


def shown(path: str) -> str:
    """A path as printable UTF-8 text.

    >>> shown("a/\\udcff.txt")
    'a/\\ufffd.txt'
    """
    return os.fsencode(path).decode("utf-8", "replace") if path != "-" else path


@dataclass(slots=True)
class Selection:
    """Which files of a folder walk are pages: ``--include``/``--exclude`` globs on the path
    relative to the folder, and evidently-not-page endings passed over and counted."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    skipped: int = 0
    passed: list[str] = field(default_factory=list)  # the files passed over

    def wants(self, rel: str) -> bool:
        """Whether a walked file is taken (``skipped`` counts the others).

        >>> s = Selection(exclude=("drafts/*",))
        >>> s.wants("a.html"), s.wants("photo.JPG"), s.wants("drafts/x.html"), s.wants("c.warc.gz")
        (True, False, False, True)
        >>> s.skipped
        2
        """
        from .warc import is_warc

        name = rel.rsplit("/", 1)[-1].lower()
        ending = name.rsplit(".", 1)[-1] if "." in name else ""
        ok = ((not self.include or any(fnmatch(rel, g) for g in self.include))
              and not any(fnmatch(rel, g) for g in self.exclude)
              and (is_warc(name) or ending not in terms("not_pages.txt")))
        if not ok:
            self.skipped += 1
            self.passed.append(rel)
        return ok


def walk_inputs(inputs: tuple[str, ...], output: str | None = None,
                selection: Selection | None = None) -> list[Input]:
    """Expand files and folders (recursively, sorted) into pages; skip the output folder.

    Hidden files and folders (``.name``) are skipped when walking a folder, and so are the
    files ``selection`` does not want.  Symlinked folders are followed once: a link back to
    a folder already walked is reported as a loop.  A folder that cannot be read becomes an
    ``Input`` with its error, so the run reports it and goes on.
    """
    out = Path(output).resolve() if output else None
    selection = selection if selection is not None else Selection()
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
            _walk(p, p, out, pages, set(), selection)
        else:
            # a missing file is kept as a page so the run reports it and goes on
            pages.append(Input(str(p), p.name))
    return pages


def _walk(folder: Path, root: Path, out: Path | None, pages: list[Input], seen: set[tuple[int, int]],
          selection: Selection) -> None:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            loop = "symlink loop: this folder was already walked"
            pages.append(Input(str(folder), str(folder.relative_to(root)), loop))
            return
        seen.add(key)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        rel = str(folder.relative_to(root)) if folder != root else folder.name
        pages.append(Input(str(folder), rel, f"cannot read folder: {exc.strerror or exc}"))
        return
    files: list[os.DirEntry[str]] = []
    dirs: list[os.DirEntry[str]] = []
    for e in entries:
        if e.name.startswith("."):
            continue
        try:
            is_dir = e.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(e)
    for e in files:
        full = folder / e.name
        rel = str(full.relative_to(root))
        if selection.wants(rel):
            pages.append(Input(str(full), rel))
    for e in dirs:
        sub = folder / e.name
        if out is not None and sub.resolve() == out:
            continue
        _walk(sub, root, out, pages, seen, selection)


def read_page(path: str, max_bytes: int) -> bytes:
    """Read a page's bytes, refusing what cannot be a page (one-line errors)."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError
            if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
                raise too_large(st.st_size, max_bytes)
            # a regular file: its size and one byte more (a buffer of max_bytes would be
            # allocated and shrunk for every page); a file that grew meanwhile is read on
            data = fh.read(st.st_size + 1) if stat.S_ISREG(st.st_mode) else b""
            if not stat.S_ISREG(st.st_mode) or len(data) > st.st_size:
                data += fh.read(max_bytes + 1 - len(data))
    except IsADirectoryError:
        raise InputError("is a folder, not a page") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew while read, or not a regular file
        raise too_large(None, max_bytes)
    return data


def read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read at most ``max_bytes + 1`` bytes of a binary stream (stdin): enough to refuse a
    page that is too large without holding all of it."""
    chunks: list[bytes] = []
    left = max_bytes + 1
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def output_name(rel: str, fmt: str) -> str:
    """Where a page's output goes under ``-o``: ``a.html`` -> ``a.html.txt``; ``a.txt`` stays.

    >>> output_name("x/a.txt", "text"), output_name("a.html", "text"), output_name("a.txt", "jsonl")
    ('x/a.txt', 'a.html.txt', 'a.txt.json')
    """
    if fmt == "jsonl":
        return rel + ".json"
    return rel if rel.endswith(".txt") else rel + ".txt"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""The mode new output files get: what the umask allows (0644 under 022)."""


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temp file in the same folder and rename, so no half file is ever seen."""
    import tempfile  # here: 7 ms of imports that a run writing to stdout does not need

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode() if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
