"""Where results go: stdout, a folder mirroring the inputs, or one JSONL or Parquet file.

Every sink writes in input order and atomically: a folder gets each file by temp file +
rename; a single file is written to a temp file beside it and renamed when the run ends
well, so an interrupted run leaves the old file (or none), never half of one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import Result
    from .io import Input

SINGLE = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet")


def single_file(output: str | None) -> bool:
    """Whether ``-o`` names one output file rather than a folder.

    >>> single_file("out.jsonl.gz"), single_file("out/"), single_file("x.parquet")
    (True, False, True)
    """
    return bool(output) and str(output).lower().endswith(SINGLE)


class Sink:
    """Takes each page's result in input order; ``close(ok)`` finishes or abandons.  ``write``
    returns where the page went (a file, or ``None`` when nothing was written); ``end`` is
    the byte offset after the last record of a single JSONL file."""

    written = 0
    end: int | None = None

    def write(self, page: Input, res: Result) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self, ok: bool) -> None:
        pass


class Stdout(Sink):
    def __init__(self, fmt: str):
        self.fmt = fmt
        self.first = True

    def write(self, page: Input, res: Result) -> str | None:
        if self.fmt == "jsonl":
            _stdout(res.payload)
        elif res.error is None:
            _stdout((b"" if self.first else b"\n") + res.payload + b"\n")
            self.first = False
        else:
            return None
        self.written += 1
        return "-"


def _stdout(data: bytes) -> None:
    """Write bytes to stdout after whatever text went there before."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode())
        sys.stdout.flush()
    else:
        buffer.write(data)
        buffer.flush()


class Folder(Sink):
    """One file per page under ``root``, mirroring the input tree (targets planned ahead)."""

    def __init__(self, root: Path, fmt: str, targets: dict[str, Path], keep_empty: bool):
        self.root, self.fmt, self.targets, self.keep_empty = root, fmt, targets, keep_empty
        self.empty = 0

    def write(self, page: Input, res: Result) -> str | None:
        if self.fmt == "text" and (res.error or (not res.payload and not self.keep_empty)):
            self.empty += res.error is None
            return None
        target = self.target(page)
        from .batch import write_file

        write_file(target, res.payload if self.fmt == "jsonl" else res.payload + b"\n")
        self.written += 1
        return str(target)

    def target(self, page: Input) -> Path:
        from .io import output_name

        return self.targets.get(page.path) or self.root / output_name(page.rel, self.fmt)


class _TempFile(Sink):
    """A single output file written beside its final name and renamed at the end."""

    def __init__(self, path: Path):
        import tempfile  # here: 7 ms of imports that a run writing to stdout does not need

        from .io import FILE_MODE

        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, FILE_MODE)
        self.raw: IO[bytes] = os.fdopen(fd, "wb")

    def close(self, ok: bool) -> None:
        try:
            self._finish()
            self.raw.close()
            if ok:
                os.replace(self.tmp, self.path)
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)

    def _finish(self) -> None:
        pass


class JsonlFile(Sink):
    """All records in one JSONL file, streamed, optionally gzip- or zstd-compressed.

    It is written as ``FILE.partial`` and renamed to ``FILE`` when the run ends well, so
    ``FILE`` is always complete or absent.  A plain ``.jsonl`` keeps its ``.partial`` when the
    run is cut short, for ``--resume`` to continue from ``resume_at`` (the end of the last
    record the manifest knows); a compressed one is removed instead.
    """

    def __init__(self, path: Path, resume_at: int | None = None):
        from .io import FILE_MODE

        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.resumable = not path.name.lower().endswith((".gz", ".zst"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume_at is not None and self.resumable:
            if not self.partial.exists() and path.exists():
                os.replace(path, self.partial)  # a finished file taken up again
            self.raw: IO[bytes] = open(self.partial, "r+b" if self.partial.exists() else "wb")
            self.raw.truncate(resume_at)  # anything after the manifest's last record is torn
            self.raw.seek(resume_at)
        else:
            self.raw = open(self.partial, "wb")
        os.chmod(self.partial, FILE_MODE)
        self.end = self.raw.tell()
        name = path.name.lower()
        self.stream: Any
        if name.endswith(".gz"):
            import gzip

            self.stream = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0)
        elif name.endswith(".zst"):
            try:
                import zstandard
            except ImportError:
                self.raw.close()
                os.unlink(self.partial)
                from .errors import UsageError

                raise UsageError("-o FILE.jsonl.zst needs the zstandard package: pip install 'cleaner[zstd]'") from None
            self.stream = zstandard.ZstdCompressor().stream_writer(self.raw, closefd=False)
        else:
            self.stream = self.raw

    def write(self, page: Input, res: Result) -> str | None:
        self.stream.write(res.payload)
        if self.stream is self.raw:
            self.raw.flush()
            self.end = self.raw.tell()
        self.written += 1
        return str(self.path)

    def close(self, ok: bool) -> None:
        try:
            if self.stream is not self.raw:
                self.stream.close()
            self.raw.close()
            if ok:
                os.replace(self.partial, self.path)
        finally:
            if self.partial.exists() and not self.resumable:
                os.unlink(self.partial)


class ParquetFile(_TempFile):
    """All records in one Parquet file, written in row groups as the run goes."""

    ROWS = 1000

    def __init__(self, path: Path, fields: tuple[str, ...]):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            from .errors import UsageError

            raise UsageError("--format parquet needs pyarrow: pip install 'cleaner[parquet]'") from None
        super().__init__(path)
        self.schema = parquet_schema(fields)
        self.rows: list[dict[str, Any]] = []
        self.writer: Any = None

    def write(self, page: Input, res: Result) -> str | None:
        self.rows.append(res.record or {})
        self.written += 1
        if len(self.rows) >= self.ROWS:
            self._flush()
        return str(self.path)

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.writer is None:
            self.writer = pq.ParquetWriter(self.raw, self.schema, compression="zstd")
        table = pa.Table.from_pylist(self.rows, schema=self.schema)
        self.writer.write_table(table)
        self.rows = []

    def _finish(self) -> None:
        if self.rows or self.writer is None:
            self._flush()
        self.writer.close()


def parquet_schema(fields: tuple[str, ...]) -> Any:
    """The Arrow schema of the record (``fields``: those columns only, in that order)."""
    import pyarrow as pa

    from .document import record_keys
    from .registry import record_fields

    string, strings = pa.string(), pa.list_(pa.string())
    types: dict[str, Any] = {
        "encoding_confidence": pa.float64(),
        "place": pa.struct([(k, string) for k in ("province", "city", "district", "township", "dateline")]),
        "removed": pa.list_(pa.struct([("filter", string), ("reason", string), ("line", pa.int64()),
                                       ("text", string), ("count", pa.int64())])),
        "warnings": strings,
    }
    for f in record_fields():
        if f.many:
            types.setdefault(f.name, strings)
    names = fields or record_keys(warc=True)
    return pa.schema([(n, types.get(n, string)) for n in names])


def make(output: str | None, fmt: str, fields: tuple[str, ...], targets: dict[str, Path],
         keep_empty: bool, resume_at: int | None = None) -> Sink:
    """The sink for ``-o`` (nothing: stdout); ``resume_at``: continue a single JSONL file."""
    if not output:
        return Stdout(fmt)
    if fmt == "parquet":
        return ParquetFile(Path(output), fields)
    if single_file(output):
        return JsonlFile(Path(output), resume_at)
    return Folder(Path(output), fmt, targets, keep_empty)

