"""Running a batch: plan the inputs and outputs, clean the pages (in worker processes when
there are several), and route each result to stdout, an output folder or a dry-run diff.

What it guarantees (each backed by a test, see README *Robustness*): no output ever
replaces an input and no two inputs write one output (refused before anything is
written); every output is written atomically with the umask's mode; a page that runs past
``--timeout`` gets an error record and its worker is replaced; Ctrl-C stops the run with
exit 130, leaving every output complete or absent; a full disk stops the run cleanly.

Knows nothing of click: :func:`execute` raises ``UsageError`` for what the caller asked
wrongly and returns the exit code.
"""

from __future__ import annotations

import errno
import gc
import itertools
import os
import re
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Options
from .document import Document
from .errors import CleanerError, UsageError
from .io import Input
from .report import Stats, Summary

INTERRUPTED = 130
FATAL_WRITE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}  # no later page can be written either


@dataclass(frozen=True, slots=True)
class Job:
    """What to do with each page: the filters, their options, and what output to make."""

    names: tuple[str, ...]
    opts: Options
    fmt: str = "text"  # text | jsonl | parquet
    dry_run: bool = False
    explain: bool = False
    timeout: float = 30.0  # seconds a page may take (0: no limit)
    fields: tuple[str, ...] = ()  # record fields to keep (empty: all)
    with_title: bool = False  # text output: the title on the first line


@dataclass(slots=True)
class Result:
    """A cleaned page as the parent needs it: small, so a worker sends it back cheaply."""

    path: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    payload: bytes = b""  # the record line (jsonl) or the cleaned text (text), UTF-8
    record: dict[str, Any] | None = None  # parquet
    diff: list[tuple[str, str]] = field(default_factory=list)  # dry run
    explain: list[str] = field(default_factory=list)
    stats: Stats | None = None
    size: int | None = None
    sha1: str | None = None
    seconds: float = 0.0
    resumed: bool = False  # done by an earlier run from the same bytes and options: not redone

    def __reduce__(self) -> tuple[type[Result], tuple[Any, ...]]:
        # the fields in a tuple: a worker's result pickles and unpickles in C, not field by field
        return Result, (self.path, self.error, self.warnings, self.payload, self.record, self.diff,
                        self.explain, self.stats, self.size, self.sha1, self.seconds, self.resumed)


class WriteFailed(Exception):
    """The output cannot be written any more (full disk, read-only file system)."""


@dataclass(frozen=True, slots=True)
class Run:
    """How the run itself behaves: where output goes, workers, selection, messages."""

    output: str | None = None
    jobs: int | None = None
    keep_empty: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    verbosity: int = 0  # -1 quiet (errors only), 0 normal, 1 a line per page
    resume: bool = False  # skip pages the manifest says are done from the same bytes and options
    retry_failed: bool = False  # clean only the pages the manifest says failed


def execute(inputs: Sequence[str], job: Job, run: Run) -> int:
    """Clean ``inputs``; write, print or diff each page in input order; return the exit code."""
    from . import manifest, writers
    from .io import Selection, walk_inputs
    from .warc import is_warc

    started = time.monotonic()
    _check_options(job)
    output = run.output
    _check_run(job, run)
    single = bool(output) and (writers.single_file(output) or job.fmt == "parquet")
    mpath = manifest.location(output, single) if output and not job.dry_run else None
    target = str(output)
    ohash = manifest.options_hash(job)
    done = manifest.latest(mpath, target) if mpath is not None and (run.resume or run.retry_failed) else {}
    selection = Selection(run.include, run.exclude)
    if run.retry_failed:
        files = [Input(e.input, e.rel) for e in done.values() if e.status == "error"]
        if not files:
            print(f"cleaner: no failed pages in {mpath}", file=sys.stderr)
            return 0
    else:
        files = walk_inputs(tuple(inputs), output, selection)
    if not files:
        given = ", ".join(inputs)
        print(f"cleaner: no pages to clean in {given}" + (f" ({selection.skipped} file(s) skipped as not pages)"
              if selection.skipped else ""), file=sys.stderr)
        return 1
    if output and job.dry_run:
        if run.verbosity >= 0:
            print(f"cleaner: dry run: nothing written to {output}", file=sys.stderr)
        output = None
    folder = Path(output) if output and not writers.single_file(output) and job.fmt != "parquet" else None
    targets = plan_outputs(files, folder, job.fmt) if folder is not None else {}
    if output:
        problem = _unwritable(folder if folder is not None else Path(output).parent)
        if problem:
            print(f"cleaner: cannot write to {output}: {problem}; nothing was cleaned", file=sys.stderr)
            return 1
    if folder is not None and (run.resume or run.retry_failed):
        _clear_stale(folder)
    resume_at = None
    if single and (run.resume or run.retry_failed):
        resume_at = max((e.end for e in done.values() if e.end is not None), default=0)
    sink = writers.make(output, job.fmt, job.fields, targets, run.keep_empty, resume_at) if not job.dry_run else None
    log = manifest.Writer(mpath) if mpath is not None else None
    if log is not None:
        if single and resume_at is None:
            log.start(target)  # a fresh file: what the manifest said of the old one no longer holds
        for path in selection.passed:
            log.add(manifest.Entry(path, path, None, None, ohash, "skipped", "not a page (by its name)", target,
                                   None, None, 0.0))
    summary = Summary()
    resumed = 0
    console = _console() if job.dry_run and sys.stdout.isatty() else None
    pages = expand(files, job.opts.max_bytes)
    if run.resume:
        pages = (_mark_done(p, done, ohash, single) for p in pages)
    known = None if any(is_warc(f.path) for f in files) else len(files)
    results = _results(pages, job, run.jobs, known)
    code, ok = 0, False
    try:
        for page, res in results:
            if res.resumed:
                resumed += 1
                continue
            summary.add(res.path, res.error, res.warnings, res.stats)
            if res.error:
                print(f"cleaner: {res.path}: {res.error}", file=sys.stderr)
            if run.verbosity >= 0:
                for w in res.warnings:
                    print(f"cleaner: {res.path}: warning: {w}", file=sys.stderr)
            if run.verbosity > 0 and not res.error:
                print(f"cleaner: {res.path}: ok ({res.stats.chars_out if res.stats else 0:,} characters)",
                      file=sys.stderr)
            if res.explain:
                print("\n".join(res.explain), file=sys.stderr)
            if sink is None:
                _print_diff(res.diff, console)
                continue
            try:
                where = sink.write(page, res)
                if log is not None:
                    log.add(manifest.Entry(page.path, page.rel, res.size, res.sha1, ohash,
                                           "error" if res.error else "ok", res.error, target, where,
                                           sink.end if single else None, round(res.seconds, 4)))
            except OSError as exc:
                if exc.errno in FATAL_WRITE or not isinstance(sink, writers.Folder):
                    raise WriteFailed(f"{exc.strerror or exc}") from None
                summary.errors.append((res.path, f"cannot write: {exc.strerror or exc}"))
                print(f"cleaner: {res.path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        ok = True
    except KeyboardInterrupt:
        code = INTERRUPTED
        print(f"cleaner: interrupted after {summary.pages} page(s)"
              + (f"; {sink.written} written" if sink is not None and output else ""), file=sys.stderr)
    except WriteFailed as exc:
        code = 1
        print(f"cleaner: cannot write to {output}: {exc}; stopped after writing "
              f"{sink.written if sink else 0} page(s)", file=sys.stderr)
    finally:
        results.close()
        if log is not None:
            log.close()
        if sink is not None:
            with _no_interrupt():
                try:
                    sink.close(ok)
                except OSError as exc:
                    ok, code = False, code or 1
                    print(f"cleaner: cannot write to {output}: {exc.strerror or exc}", file=sys.stderr)
    if code:
        return code
    if job.dry_run:
        ran = [n for n in _chain_order() if n in job.names]
        if console is not None:
            _rich_summary(console, summary, ran)
        else:
            sys.stdout.write("\n" + summary.plain(ran) + "\n")
    if isinstance(sink, writers.Folder) and sink.empty:
        print(f"cleaner: {sink.empty} page(s) with an empty body not written (--keep-empty writes them)",
              file=sys.stderr)
    if run.verbosity >= 0:
        written = f", {sink.written} written" if sink is not None and output else ""
        again = f", {resumed} already done" if resumed else ""
        print(f"cleaner: {summary.pages} page(s){written}{again}, {len(summary.errors)} error(s), "
              f"{sum(summary.warnings.values())} warning(s), {selection.skipped} skipped, "
              f"{time.monotonic() - started:.1f} s", file=sys.stderr)
    return 1 if summary.errors else 0


_STALE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # write_atomic's temp files (mkstemp's 8 random characters)


def _clear_stale(folder: Path) -> None:
    """Remove temp files a killed run left half-written (only a hard kill leaves them)."""
    for p in folder.rglob(".*.tmp"):
        if _STALE.match(p.name):
            try:
                p.unlink()
            except OSError:
                pass


def _check_run(job: Job, run: Run) -> None:
    from .writers import single_file

    if (run.resume or run.retry_failed) and (not run.output or job.dry_run):
        raise UsageError("--resume and --retry-failed continue an -o run: give the same -o")
    if (run.resume or run.retry_failed) and single_file(run.output) and (
            job.fmt == "parquet" or not str(run.output).lower().endswith(".jsonl")):
        raise UsageError("--resume and --retry-failed append to -o DIR or -o FILE.jsonl (not compressed, not Parquet)")


def _mark_done(page: Input, done: dict[str, Any], ohash: str, single: bool) -> Input:
    """The page, marked with the bytes it was made from when the manifest says it is done."""
    import dataclasses

    e = done.get(page.path)
    if e is None or e.status != "ok" or e.options != ohash or e.size is None:
        return page
    if not single and not (e.output and os.path.exists(e.output)):
        return page
    return dataclasses.replace(page, expect=(e.size, e.sha1))


def expand(files: Sequence[Input], max_bytes: int) -> Iterator[Input]:
    """The pages of the inputs in order: a WARC file gives one page per page record (and
    ``file.warc.gz#offset``, as the manifest names a record, gives that record)."""
    from .warc import is_warc, record_at, records

    for f in files:
        base, _, offset = f.path.rpartition("#")
        if f.error is None and offset.isdigit() and is_warc(base):
            try:
                rec = record_at(base, int(offset), max_bytes)
                yield Input(f.path, f.rel, rec.error, rec.data, rec.origin)
            except (OSError, ValueError, StopIteration) as exc:
                yield Input(f.path, f.rel, f"cannot read WARC record: {exc}")
            continue
        if f.error is not None or f.path == "-" or not is_warc(f.path):
            yield f
            continue
        try:
            for rec in records(f.path, max_bytes):
                yield Input(f"{f.path}#{rec.offset}", f"{f.rel}/{rec.offset:012d}", rec.error, rec.data, rec.origin)
        except (OSError, ValueError) as exc:
            yield Input(f.path, f.rel, f"cannot read WARC: {exc}")


def _check_options(job: Job) -> None:
    """Refuse what no page could be cleaned with (a usage error, not one error per page)."""
    from .document import record_keys

    unknown = [f for f in job.fields if f not in record_keys(warc=True)]
    if unknown:
        raise UsageError(f"unknown field(s) {', '.join(unknown)} (--fields); a record has "
                         f"{', '.join(record_keys(warc=True))}")
    opts = job.opts
    if opts.encoding:
        import codecs

        from .filters.decode import canonical

        try:
            codecs.lookup(canonical(opts.encoding))
        except LookupError:
            raise UsageError(f"unknown encoding {opts.encoding!r} (--encoding)") from None


def plan_outputs(pages: Sequence[Input], out_dir: Path, fmt: str) -> dict[str, Path]:
    """Where each page's output goes; a ``UsageError`` when an output would replace an
    input or two inputs would write the same output (checked before anything is written).
    A WARC's records go into a folder named after it."""
    from .io import output_name
    from .warc import is_warc

    inputs: dict[Path, str] = {}
    for p in pages:
        if p.path != "-" and p.error is None:
            try:
                inputs[Path(p.path).resolve()] = p.display
            except OSError:
                continue
    targets: dict[str, Path] = {}
    claimed: dict[Path, str] = {}
    for p in pages:
        if p.error is not None or is_warc(p.path):
            continue
        target = out_dir / output_name(p.rel, fmt)
        real = target.resolve()
        if real in inputs:
            raise UsageError(f"output {_shown(target)} would overwrite the input {inputs[real]}; "
                             "choose another -o")
        if real in claimed:
            raise UsageError(f"inputs {claimed[real]} and {p.display} would both be written to "
                             f"{_shown(target)}; clean them into separate -o folders")
        claimed[real] = p.display
        targets[p.path] = target
    return targets


def _shown(path: Path) -> str:
    from .io import shown

    return shown(str(path))


def _unwritable(out_dir: Path) -> str | None:
    """Why nothing can be written under ``out_dir``, or ``None``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return exc.strerror or str(exc)
    if not os.access(out_dir, os.W_OK | os.X_OK):
        return "permission denied"
    return None


def write_file(path: Path, data: bytes) -> None:
    """Write one output atomically, with Ctrl-C held off until the rename is done."""
    from .io import write_atomic

    with _no_interrupt():
        write_atomic(path, data)


@contextmanager
def _no_interrupt() -> Iterator[None]:
    main = hasattr(signal, "pthread_sigmask") and _is_main_thread()
    if main:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if main:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _is_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _chain_order() -> tuple[str, ...]:
    from .registry import default_chain

    return default_chain()


# -- cleaning one page -------------------------------------------------------------------


class PageTimeout(BaseException):
    """A page ran past ``--timeout`` (a ``BaseException``: a filter's ``except Exception``,
    which keeps one failing extractor from costing the others, must not swallow it)."""


def process(job: Job, page: Input) -> Result:
    """Clean one page and make what the parent writes (runs in a worker or in-process).

    A page whose bytes are what the manifest says it was made from (``page.expect``) is not
    cleaned again: its result says ``resumed``."""
    from .manifest import sha1

    t0 = time.perf_counter()
    data, error = _bytes(job, page)
    size, digest = (len(data), sha1(data)) if data is not None else (None, None)
    if page.expect is not None and page.expect == (size, digest):
        return Result(page.display, resumed=True, size=size, sha1=digest)
    if data is None:
        doc = Document(path=page.display, error=error)
    else:
        from .pipeline import clean_document, page_document

        doc = page_document(data, page.display, page.origin)
        del data  # the document holds the bytes alone, until decode lets them go
        doc = clean_document(doc, job.names, job.opts)
        doc.raw = b""
        if not job.dry_run:
            doc.slim()
    res = Result(doc.path, doc.error, list(doc.warnings), size=size, sha1=digest)
    if doc.error is None:
        res.stats = Stats.of(doc)
    if job.dry_run and not doc.error:
        from .report import annotated_diff, explain

        res.diff = annotated_diff(doc) + [("note", "# " + line) for line in explain(doc)[1:]]
    else:
        _output(job, doc, res)
    if job.explain and not doc.error:
        from .report import explain

        res.explain = explain(doc)
    res.seconds = time.perf_counter() - t0
    return res


def _bytes(job: Job, page: Input) -> tuple[bytes | None, str | None]:
    """The page's bytes, or why there are none."""
    from .io import read_page, read_stream

    if page.error is not None:
        return None, page.error
    if page.data is not None:
        return page.data, None
    if page.path == "-":
        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
        return read_stream(stream, job.opts.max_bytes), None  # type: ignore[arg-type]
    try:
        return read_page(page.path, job.opts.max_bytes), None
    except CleanerError as exc:
        return None, str(exc)


def _output(job: Job, doc: Document, res: Result) -> None:
    """What the sink writes for ``doc``: the record (its line, or its dict for Parquet), the
    text (with the title first under ``--with-title``), or the dry run's line for an error."""
    if job.dry_run:
        res.diff = [("del", f"# {doc.path}: {doc.error}")]
    elif job.fmt in ("jsonl", "parquet"):
        if job.fmt == "parquet":
            record = doc.to_record()
            res.record = {k: record.get(k) for k in job.fields} if job.fields else record
        else:
            res.payload = doc.record_line(job.fields)
    elif not doc.error:
        title = doc.meta.get("title") if job.with_title else None
        res.payload = (f"{title}\n{doc.text}" if title else doc.text).encode()


def failed(job: Job, page: Input, error: str) -> Result:
    """The result of a page that never came back from cleaning: its error, and its record."""
    res = Result(page.display, error)
    _output(job, Document(path=page.display, error=error), res)
    return res


def _timed_out(job: Job, page: Input) -> Result:
    return failed(job, page, f"timed out after {job.timeout:g} s (--timeout); skipped")


def _in_process(job: Job, page: Input) -> Result:
    """``process`` in this process, with the page's time limited by an alarm (Python code is
    interrupted; a page stuck inside one C call is bounded only by the filters' own caps)."""
    if job.timeout <= 0 or not _is_main_thread() or not hasattr(signal, "setitimer"):
        return process(job, page)

    armed = [True]

    def expire(signum: int, frame: Any) -> None:
        if armed[0]:
            raise PageTimeout

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, job.timeout)
    try:
        try:
            return process(job, page)
        finally:
            armed[0] = False  # from here on a late alarm does nothing
            signal.setitimer(signal.ITIMER_REAL, 0)
    except PageTimeout:
        return _timed_out(job, page)
    finally:
        signal.signal(signal.SIGALRM, old)


# -- many pages: a pool of worker processes -----------------------------------------------


class _Results:
    """``(page, result)`` in input order, from this process or a pool; ``close`` ends the workers."""

    def __init__(self, it: Iterator[tuple[Input, Result]], pool: Pool | None = None):
        self.it = it
        self.pool = pool

    def __iter__(self) -> Iterator[tuple[Input, Result]]:
        return self.it

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def _results(pages: Iterator[Input], job: Job, jobs: int | None, known: int | None) -> _Results:
    """Clean ``pages`` here with one job or one page, else in a pool of up to ``jobs`` workers
    (``known``: how many pages there are, when the inputs say it without reading a WARC)."""
    jobs = min(jobs or os.cpu_count() or 1, known or 1 << 30)
    progress = _progress(known)
    head = list(itertools.islice(pages, 2))
    long = len(head) == 2 and (known is None or known >= LONG_RUN * jobs)
    if jobs == 1 or len(head) < 2:  # here, one page after another (past --timeout: stopped by an alarm)
        if 0 < job.timeout < WARM_BELOW:
            _warm(job)  # loading the tables is not the first page's time
        if long:
            _long_run(job)
        return _Results(_advance(progress, _frozen_after_first(
            (p, _in_process(job, p)) for p in itertools.chain(head, pages))))
    _warm(job)
    if long:
        _long_run(job)
    gc.freeze()  # the loaded tables: never traversed again, so the workers' copies stay shared
    pool = Pool(jobs, job)
    return _Results(_advance(progress, pool.map(itertools.chain(head, pages))), pool)


def _frozen_after_first(results: Iterator[tuple[Input, Result]]) -> Iterator[tuple[Input, Result]]:
    """``results``, with what the first page loaded (the tables) moved out of the collector's
    reach: no later collection traverses it, nor the one at exit (0.08 s of one page's 0.4 s
    through ``clean -``).  Once per process: a program running batches one after another does
    not freeze each one's leftovers."""
    for i, item in enumerate(results):
        if i == 0 and not gc.get_freeze_count():
            gc.freeze()
        yield item


def _advance(progress: Any, results: Iterator[tuple[Input, Result]]) -> Iterator[tuple[Input, Result]]:
    if progress is None:
        yield from results
        return
    task = progress.add_task("cleaning", total=progress.total)
    try:
        for item in results:
            progress.advance(task)
            yield item
    finally:
        progress.stop()


def _progress(n: int | None) -> Any:
    if not sys.stderr.isatty() or (n is not None and n <= 3):
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(transient=True, console=Console(stderr=True))
    progress.total = n  # type: ignore[attr-defined]
    progress.start()
    return progress


WARM_BELOW = 10.0
"""Under a ``--timeout`` this short, the tables are loaded before the first page in this
process too (loading them takes about a second); with a longer one the first page loads what
it needs (a text page never loads the HTML parser), and one page through ``clean -`` costs
only its own tables."""


def _warm(job: Job) -> None:
    """Load the tables once in the parent, before the workers fork, so they share them."""
    from .pipeline import clean_data

    sample = "首页 > 新闻\n北京举行活动\n2024-01-05 09:00 来源：新华社\n本报讯 北京市朝阳区举行活动，市民参加。"
    for data in (sample.encode(), f"<html><body><p>{sample}</p></body></html>".encode()):
        clean_data(data, "<warm-up>", job.names, job.opts)


LONG_RUN = 300
"""Pages a process cleans from which it would build the automaton over every place name
anyway (``place.FULL_AFTER`` characters searched, about 400 pages of news): a batch with this
many a process (or a WARC, whose pages are not counted first) builds it before its first page,
and a pool before its workers fork, so that they share it and none searches its first pages
the slower way."""


def _long_run(job: Job) -> None:
    """Each filter of the chain builds what it declared for a long run (``register(long_run=)``)."""
    from .registry import prepare_long_run

    prepare_long_run(job.names)


def _worker(conn: Any, job: Job) -> None:
    """A worker: clean the pages the parent sends until it sends ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        idx, page = task
        try:
            res = process(job, page)
        except Exception as exc:  # a bug must cost one page, not the worker
            res = failed(job, page, f"internal error: {type(exc).__name__}: {exc}")
        conn.send((idx, res))


class Pool:
    """Worker processes fed ``DEPTH`` pages ahead, results yielded in input order.

    Each worker has its next page waiting in its pipe while it cleans one, so it never idles
    between pages waiting for the parent (pages read from files; a WARC record waits for a
    free worker, see :func:`_fits_ahead`).  The parent watches the time of each worker's
    current page (from when it was sent, or from when the page before it came back): past
    ``--timeout`` the worker is killed and replaced, the page gets an error record, and the
    page queued behind it is sent again.  A worker that dies costs its current page only.
    At most ``window`` results wait for an earlier one (a bounded reorder buffer).
    """

    DEPTH = 2
    """Pages a worker holds at once: the one it cleans and the next, already in its pipe (a
    page read from a file only: see :func:`_fits_ahead`)."""

    def __init__(self, size: int, job: Job):
        import multiprocessing as mp

        self.ctx: Any = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.job = job
        self.size = size
        self.window = 8 * size + 16
        self.workers: list[_Worker] = [self._start() for _ in range(size)]

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, self.job), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def _replace(self, w: _Worker, retry: list[tuple[int, Input]]) -> None:
        """Kill ``w``'s process and start another in its place; the pages it held behind its
        current one go to ``retry``, to be sent again."""
        w.proc.kill()
        w.proc.join(1)
        w.conn.close()
        retry.extend(w.tasks[1:])
        fresh = self._start()
        w.proc, w.conn, w.tasks, w.started = fresh.proc, fresh.conn, [], 0.0

    def map(self, pages: Iterator[Input]) -> Iterator[tuple[Input, Result]]:
        """Results in input order; pages are read from ``pages`` only as workers free up."""
        from multiprocessing.connection import wait

        source = enumerate(pages)
        retry: list[tuple[int, Input]] = []  # sent to a worker that was replaced before it began them
        ahead: tuple[int, Input] | None = next(source, None)
        seen: dict[int, Input] = {}
        done: dict[int, Result] = {}
        nxt = 0
        while ahead is not None or seen:
            for w in self.workers:  # feed the workers, staying inside the window
                while len(w.tasks) < self.DEPTH:
                    if retry:
                        task = retry[0]
                    elif ahead is not None and ahead[0] < nxt + self.window:
                        task = ahead
                    else:
                        break
                    if w.tasks and not _fits_ahead(task[1]):
                        break  # its bytes wait for a free worker
                    if retry:
                        retry.pop(0)
                    else:
                        ahead = next(source, None)
                        i, page = task
                        seen[i] = page
                        if page.path == "-" or page.error is not None:
                            done[i] = _in_process(self.job, page)  # stdin and known errors: here
                            continue
                    w.conn.send(task)
                    if not w.tasks:
                        w.started = time.monotonic()
                    w.tasks.append(task)
            busy = [w for w in self.workers if w.tasks]
            if not busy:  # nothing in a worker and nothing to send: a page not done is lost (a bug)
                for i in seen.keys() - done.keys():
                    done[i] = failed(self.job, seen[i], "internal error: the page was lost in the worker pool")
            else:
                limit = self.job.timeout if self.job.timeout > 0 else None
                wait_for = 0.5 if limit is None else max(0.01, min(0.5, min(
                    w.started + limit - time.monotonic() for w in busy)))
                ready = wait([w.conn for w in busy], timeout=wait_for)
                for w in busy:
                    if w.conn in ready:
                        try:
                            i, res = w.conn.recv()
                        except (EOFError, OSError):  # the worker died with its current page
                            i, page = w.tasks[0]
                            res = failed(self.job, page, "internal error: the worker process died on this page")
                            self._replace(w, retry)
                        else:
                            w.tasks.pop(0)
                            w.started = time.monotonic()
                        done[i] = res
                    elif limit is not None and time.monotonic() - w.started > limit:
                        i, page = w.tasks[0]
                        done[i] = _timed_out(self.job, page)
                        self._replace(w, retry)
            retry.sort()
            while nxt in done:
                yield seen.pop(nxt), done.pop(nxt)
                nxt += 1

    def close(self) -> None:
        for w in self.workers:
            if w.proc.is_alive():
                if not w.tasks:
                    try:
                        w.conn.send(None)
                    except OSError:
                        pass
                else:
                    w.proc.kill()
        for w in self.workers:
            w.proc.join(1)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(1)
            w.conn.close()
        self.workers = []


def _fits_ahead(page: Input) -> bool:
    """Whether ``page`` may be sent to a worker that is still busy: only a page read from a
    file, whose task is its path.  A busy worker does not read its pipe, so a page that carries
    its bytes (a WARC record) larger than the pipe's buffer (about 200 KB on Linux, 8 KB on
    macOS) would stop the parent in its send until the worker finishes its page: no other
    worker fed, no ``--timeout`` watched, and a deadlock when the worker's result is larger
    than the buffer too.  Such pages wait for a free worker, as every page did before."""
    return page.data is None


@dataclass
class _Worker:
    """A worker process, its end of the pipe, the pages it holds (the first is the one it
    cleans) and when it began that one."""

    proc: Any
    conn: Any
    tasks: list[tuple[int, Input]] = field(default_factory=list)
    started: float = 0.0


# -- showing a dry run -------------------------------------------------------------------


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _print_diff(lines: list[tuple[str, str]], console: Any) -> None:
    styles = {"header": "bold", "hunk": "cyan", "del": "red", "add": "green", "note": "dim"}
    if console is None:
        sys.stdout.write("\n".join(text for _, text in lines) + "\n\n")
        return
    from rich.text import Text

    for style, text in lines:
        console.print(Text(text, style=styles.get(style, "")))
    console.print()


def _rich_summary(console: Any, summary: Summary, names: list[str]) -> None:
    from rich.table import Table

    table = Table(title=f"{summary.pages} page(s), {len(summary.errors)} error(s)")
    for col in ("filter", "lines removed", "lines changed", "ms"):
        table.add_column(col, justify="left" if col == "filter" else "right")
    for row in summary.rows(names):
        table.add_row(*row)
    console.print(table)
    reasons = Table(title="removals by reason")
    for col in ("filter", "reason", "lines"):
        reasons.add_column(col, justify="right" if col == "lines" else "left")
    for filter, reason, n in summary.reason_rows(names):
        reasons.add_row(filter, reason, str(n))
    console.print(reasons)
    for kind, n in sorted(summary.warnings.items()):
        console.print(f"[yellow]warning[/yellow] {kind}: {n} page(s)")
    for path, err in summary.errors:
        console.print(f"[red]error[/red] {path}: {err}")
