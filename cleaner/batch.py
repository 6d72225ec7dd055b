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
import json
import os
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
    fmt: str = "text"  # text | jsonl
    dry_run: bool = False
    explain: bool = False
    timeout: float = 30.0  # seconds a page may take (0: no limit)


@dataclass(slots=True)
class Result:
    """A cleaned page as the parent needs it: small, so a worker sends it back cheaply."""

    path: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    payload: str = ""  # the record line (jsonl) or the cleaned text (text)
    diff: list[tuple[str, str]] = field(default_factory=list)  # dry run
    explain: list[str] = field(default_factory=list)
    stats: Stats | None = None


class WriteFailed(Exception):
    """The output cannot be written any more (full disk, read-only file system)."""


def execute(inputs: Sequence[str], job: Job, *, output: str | None, jobs: int | None,
            keep_empty: bool = False) -> int:
    """Clean ``inputs``; write, print or diff each page in input order; return the exit code."""
    from .io import walk_inputs

    _check_options(job.opts)
    pages = walk_inputs(tuple(inputs), output)
    if output and job.dry_run:
        output = None  # a dry run writes nothing
    out_dir = Path(output) if output else None
    targets = plan_outputs(pages, out_dir, job.fmt) if out_dir is not None else {}
    if out_dir is not None:
        problem = _unwritable(out_dir)
        if problem:
            print(f"cleaner: cannot write to {output}: {problem}; nothing was cleaned", file=sys.stderr)
            return 1
    summary = Summary()
    console = _console() if job.dry_run and sys.stdout.isatty() else None
    written = empty = 0
    first = True
    results = _results(pages, job, jobs)
    try:
        for page, res in zip(pages, results, strict=True):
            summary.add(res.path, res.error, res.warnings, res.stats)
            if res.error:
                print(f"cleaner: {res.path}: {res.error}", file=sys.stderr)
            for w in res.warnings:
                print(f"cleaner: {res.path}: warning: {w}", file=sys.stderr)
            if res.explain:
                print("\n".join(res.explain), file=sys.stderr)
            if job.dry_run:
                _print_diff(res.diff, console)
                continue
            if out_dir is not None:
                if job.fmt == "text" and (res.error or (not res.payload and not keep_empty)):
                    empty += not res.error
                    continue
                target = targets[page.path]
                try:
                    write_file(target, res.payload if job.fmt == "jsonl" else res.payload + "\n")
                    written += 1
                except OSError as exc:
                    if exc.errno in FATAL_WRITE:
                        raise WriteFailed(f"{exc.strerror or exc}") from None
                    summary.errors.append((res.path, f"cannot write {target}: {exc.strerror or exc}"))
                    print(f"cleaner: {res.path}: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
                continue
            if job.fmt == "jsonl":
                sys.stdout.write(res.payload)
            elif not res.error:
                sys.stdout.write(("" if first else "\n") + res.payload + "\n")
                first = False
            sys.stdout.flush()
    except KeyboardInterrupt:
        results.close()
        print(f"cleaner: interrupted after {summary.pages} of {len(pages)} page(s)"
              + (f"; {written} written" if out_dir is not None else ""), file=sys.stderr)
        return INTERRUPTED
    except WriteFailed as exc:
        results.close()
        print(f"cleaner: cannot write to {output}: {exc}; stopped after writing {written} of {len(pages)} "
              f"page(s)", file=sys.stderr)
        return 1
    finally:
        results.close()
    if job.dry_run:
        ran = [n for n in _chain_order() if n in job.names]
        if console is not None:
            _rich_summary(console, summary, ran)
        else:
            sys.stdout.write("\n" + summary.plain(ran) + "\n")
    elif sys.stderr.isatty() and len(pages) > 1:
        print(f"cleaned {summary.pages} page(s), {len(summary.errors)} error(s)", file=sys.stderr)
    if empty:
        print(f"cleaner: {empty} page(s) with an empty body not written (--keep-empty writes them)",
              file=sys.stderr)
    return 1 if summary.errors else 0


def _check_options(opts: Options) -> None:
    """Refuse what no page could be cleaned with (a usage error, not one error per page)."""
    if opts.encoding:
        import codecs

        from .filters.decode import canonical

        try:
            codecs.lookup(canonical(opts.encoding))
        except LookupError:
            raise UsageError(f"unknown encoding {opts.encoding!r} (--encoding)") from None


def plan_outputs(pages: Sequence[Input], out_dir: Path, fmt: str) -> dict[str, Path]:
    """Where each page's output goes; a ``UsageError`` when an output would replace an
    input or two inputs would write the same output (checked before anything is written)."""
    from .io import output_name

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
        if p.error is not None:
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


def write_file(path: Path, data: str) -> None:
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


class PageTimeout(CleanerError):
    """A page ran past ``--timeout``."""


def process(job: Job, page: Input) -> Result:
    """Clean one page and make what the parent writes (runs in a worker or in-process)."""
    doc = _document(job, page)
    res = Result(doc.path, doc.error, list(doc.warnings))
    if doc.error is None:
        res.stats = Stats.of(doc)
    if job.dry_run:
        from .report import annotated_diff, explain

        res.diff = annotated_diff(doc) if not doc.error else [("del", f"# {doc.path}: {doc.error}")]
        if not doc.error:
            res.diff += [("note", "# " + line) for line in explain(doc)[1:]]
    elif job.fmt == "jsonl":
        res.payload = json.dumps(doc.to_record(), ensure_ascii=False) + "\n"
    elif not doc.error:
        res.payload = doc.text
    if job.explain and not doc.error:
        from .report import explain

        res.explain = explain(doc)
    return res


def _document(job: Job, page: Input) -> Document:
    from .pipeline import clean_data, clean_path

    if page.error is not None:
        return Document(path=page.display, error=page.error)
    if page.path == "-":
        from .io import read_stream

        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
        return clean_data(read_stream(stream, job.opts.max_bytes), "-", job.names, job.opts)  # type: ignore[arg-type]
    return clean_path(page.path, job.names, job.opts, display=page.display, slim=not job.dry_run)


def failed(job: Job, page: Input, error: str) -> Result:
    """The result of a page that never came back from cleaning: its error, and its record."""
    res = Result(page.display, error)
    if job.fmt == "jsonl" and not job.dry_run:
        res.payload = json.dumps(Document(path=page.display, error=error).to_record(), ensure_ascii=False) + "\n"
    elif job.dry_run:
        res.diff = [("del", f"# {page.display}: {error}")]
    return res


def _timed_out(job: Job, page: Input) -> Result:
    return failed(job, page, f"timed out after {job.timeout:g} s (--timeout); skipped")


def _in_process(job: Job, page: Input) -> Result:
    """``process`` in this process, with the page's time limited by an alarm (Python code is
    interrupted; a page stuck inside one C call is bounded only by the filters' own caps)."""
    if job.timeout <= 0 or not _is_main_thread() or not hasattr(signal, "setitimer"):
        return process(job, page)

    def expire(signum: int, frame: Any) -> None:
        raise PageTimeout(f"timed out after {job.timeout:g} s (--timeout); skipped")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, job.timeout)
    try:
        return process(job, page)
    except PageTimeout:
        return _timed_out(job, page)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- many pages: a pool of worker processes -----------------------------------------------


class _Results:
    """Results in input order, from this process or a pool; ``close`` ends the workers."""

    def __init__(self, it: Iterator[Result], pool: Pool | None = None):
        self.it = it
        self.pool = pool

    def __iter__(self) -> Iterator[Result]:
        return self.it

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def _results(pages: Sequence[Input], job: Job, jobs: int | None) -> _Results:
    jobs = jobs or os.cpu_count() or 1
    files = [p for p in pages if p.path != "-" and p.error is None]
    progress = _progress(len(pages))
    if len(files) < 2:
        return _Results(_advance(progress, (_in_process(job, p) for p in pages)))
    _warm(job)
    pool = Pool(min(jobs, len(files)), job)
    return _Results(_advance(progress, pool.map(pages)), pool)


def _advance(progress: Any, results: Iterator[Result]) -> Iterator[Result]:
    if progress is None:
        yield from results
        return
    task = progress.add_task("cleaning", total=progress.total)
    try:
        for res in results:
            progress.advance(task)
            yield res
    finally:
        progress.stop()


def _progress(n: int) -> Any:
    if not sys.stderr.isatty() or n <= 3:
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(transient=True, console=Console(stderr=True))
    progress.total = n  # type: ignore[attr-defined]
    progress.start()
    return progress


def _warm(job: Job) -> None:
    """Load the tables once in the parent, before the workers fork, so they share them."""
    from .pipeline import clean_data

    sample = "首页 > 新闻\n北京举行活动\n2024-01-05 09:00 来源：新华社\n本报讯 北京市朝阳区举行活动，市民参加。"
    for data in (sample.encode(), f"<html><body><p>{sample}</p></body></html>".encode()):
        clean_data(data, "<warm-up>", job.names, job.opts)


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
    """Worker processes fed one page at a time, results yielded in input order.

    The parent watches each page's time: past ``--timeout`` the worker is killed and
    replaced and the page gets an error record.  A worker that dies costs its page only.
    At most ``window`` results wait for an earlier one (a bounded reorder buffer).
    """

    def __init__(self, size: int, job: Job):
        import multiprocessing as mp

        self.ctx: Any = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.job = job
        self.size = size
        self.window = 8 * size + 16
        self.workers: list[list[Any]] = [self._start() for _ in range(size)]  # [process, conn, task, started]

    def _start(self) -> list[Any]:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, self.job), daemon=True)
        proc.start()
        child.close()
        return [proc, parent, None, 0.0]

    def _replace(self, w: list[Any]) -> None:
        proc, conn = w[0], w[1]
        proc.kill()
        proc.join(1)
        conn.close()
        w[:] = self._start()

    def map(self, pages: Sequence[Input]) -> Iterator[Result]:
        from multiprocessing.connection import wait

        todo = [(i, p) for i, p in enumerate(pages)]
        todo.reverse()
        done: dict[int, Result] = {}
        nxt = 0
        while nxt < len(pages):
            for w in self.workers:  # feed idle workers, staying inside the window
                while w[2] is None and todo and todo[-1][0] < nxt + self.window:
                    i, page = todo.pop()
                    if page.path == "-" or page.error is not None:
                        done[i] = _in_process(self.job, page)  # stdin and known errors: here
                        continue
                    w[1].send((i, page))
                    w[2], w[3] = (i, page), time.monotonic()
            busy = [w for w in self.workers if w[2] is not None]
            if busy:
                limit = self.job.timeout if self.job.timeout > 0 else None
                wait_for = 0.5 if limit is None else max(0.01, min(0.5, min(
                    w[3] + limit - time.monotonic() for w in busy)))
                ready = wait([w[1] for w in busy], timeout=wait_for)
                for w in busy:
                    if w[1] in ready:
                        try:
                            i, res = w[1].recv()
                        except (EOFError, OSError):  # the worker died with the page
                            i, page = w[2]
                            res = failed(self.job, page, "internal error: the worker process died on this page")
                            self._replace(w)
                        done[i] = res
                        w[2] = None
                    elif limit is not None and time.monotonic() - w[3] > limit:
                        i, page = w[2]
                        done[i] = _timed_out(self.job, page)
                        self._replace(w)
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1

    def close(self) -> None:
        for w in self.workers:
            proc, conn = w[0], w[1]
            if proc.is_alive():
                if w[2] is None:
                    try:
                        conn.send(None)
                    except OSError:
                        pass
                else:
                    proc.kill()
        for w in self.workers:
            w[0].join(1)
            if w[0].is_alive():
                w[0].kill()
                w[0].join(1)
            w[1].close()
        self.workers = []


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
