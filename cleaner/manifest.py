"""The run's manifest: what became of each page, appended as pages finish.

``_cleaner_manifest.jsonl`` lives in the output folder (for ``-o FILE.jsonl``, in that file's
folder).  One line per page and run: ``input``, ``rel``, ``size``, ``sha1``, ``options`` (a
hash of everything that shapes the output), ``status`` (``ok``, ``error``, ``skipped``),
``error``, ``target`` (the run's ``-o``), ``output`` (the page's file), ``end`` (for a single
JSONL file: the byte offset where the page's record ends), ``seconds``.  A run that starts a
single JSONL file afresh first writes a ``{"start": target}`` line: entries before it no
longer describe that file.  Each line is flushed as it is written, so after a crash the
manifest says exactly which pages are done; ``--resume`` and ``--retry-failed`` read it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

NAME = "_cleaner_manifest.jsonl"


def location(output: str, single: bool) -> Path:
    """Where the manifest of an ``-o`` run lives."""
    out = Path(output)
    return (out.parent if single else out) / NAME


def options_hash(job: Any) -> str:
    """A short hash of what shapes a page's output (filters, options, format, fields)."""
    from dataclasses import asdict

    shape = {"names": list(job.names), "opts": asdict(job.opts), "fmt": job.fmt, "fields": list(job.fields),
             "with_title": job.with_title}
    return hashlib.sha1(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Entry:
    input: str  # the page's path as given (file, or file.warc.gz#offset)
    rel: str
    size: int | None
    sha1: str | None
    options: str
    status: str  # ok | error | skipped
    error: str | None
    target: str
    output: str | None
    end: int | None
    seconds: float


def latest(path: Path, target: str) -> dict[str, Entry]:
    """The last entry of each input for the run output ``target`` since that output was last
    started afresh (a torn last line, from a crash, is passed over)."""
    out: dict[str, Entry] = {}
    if not path.exists():
        return out
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if d.get("start") == target:
                out.clear()
            elif d.get("target") == target:
                try:
                    e = Entry(**{k: d.get(k) for k in Entry.__dataclass_fields__})
                except TypeError:
                    continue
                out[e.input] = e
    return out


class Writer:
    """Appends entries, one flushed line each (ASCII JSON: any file name survives)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fh: IO[str] = open(path, "a", encoding="utf-8")

    def start(self, target: str) -> None:
        self.fh.write(json.dumps({"start": target}) + "\n")
        self.fh.flush()

    def add(self, entry: Entry) -> None:
        self.fh.write(json.dumps({k: getattr(entry, k) for k in Entry.__dataclass_fields__}) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()
