"""Running a batch: walk the inputs, clean them (in worker processes when there are
several), and route each result to stdout, an output folder or a dry-run diff.

Knows nothing of click: :func:`execute` raises ``UsageError`` for what the caller asked
wrongly and calls ``sys.exit(1)`` at the end when a page failed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .config import Options
from .document import Document
from .io import Input


def execute(inputs: Sequence[str], names: Sequence[str], opts: Options, *, output: str | None, fmt: str,
            dry_run: bool, jobs: int | None, explain: bool) -> None:
    """Clean ``inputs`` with the filters ``names``; write, print or diff each page in input order."""
    from .io import output_name, walk_inputs, write_atomic
    from .registry import default_chain
    from .report import Summary, annotated_diff
    from .report import explain as explain_lines

    pages = walk_inputs(tuple(inputs), output)
    if output and dry_run:
        output = None  # a dry run writes nothing
    out_dir = Path(output) if output else None
    summary = Summary()
    stdout = sys.stdout
    color = dry_run and sys.stdout.isatty()
    console = None
    if color:
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
    first = True
    for page, doc in zip(pages, _docs(pages, names, opts, jobs, slim=not dry_run), strict=True):
        summary.add(doc)
        if doc.error:
            print(f"cleaner: {doc.path}: {doc.error}", file=sys.stderr)
        for w in doc.warnings:
            print(f"cleaner: {doc.path}: warning: {w}", file=sys.stderr)
        if explain and not doc.error:
            print("\n".join(explain_lines(doc)), file=sys.stderr)
        if dry_run:
            lines = annotated_diff(doc) if not doc.error else [("del", f"# {doc.path}: {doc.error}")]
            if not doc.error:
                lines += [("note", "# " + line) for line in explain_lines(doc)[1:]]
            _print_diff(lines, console, stdout)
            continue
        if out_dir is not None:
            rel = page.rel  # documents come back in input order
            if fmt == "jsonl":
                write_atomic(out_dir / output_name(rel, fmt), _record_line(doc))
            elif not doc.error:
                write_atomic(out_dir / output_name(rel, fmt), doc.text + "\n")
            continue
        if fmt == "jsonl":
            stdout.write(_record_line(doc))
        elif not doc.error:
            if not first:
                stdout.write("\n")
            stdout.write(doc.text + "\n")
            first = False
        stdout.flush()
    if dry_run:
        ran = [n for n in default_chain() if n in names]
        if console is not None:
            _rich_summary(console, summary, ran)
        else:
            stdout.write("\n" + summary.plain(ran) + "\n")
    elif sys.stderr.isatty() and len(pages) > 1:
        print(f"cleaned {summary.pages} page(s), {len(summary.errors)} error(s)", file=sys.stderr)
    if summary.errors:
        sys.exit(1)


def _record_line(doc: Document) -> str:
    return json.dumps(doc.to_record(), ensure_ascii=False) + "\n"


def _print_diff(lines: list[tuple[str, str]], console: Any, stdout: Any) -> None:
    styles = {"header": "bold", "hunk": "cyan", "del": "red", "add": "green", "note": "dim"}
    if console is None:
        stdout.write("\n".join(text for _, text in lines) + "\n\n")
        return
    from rich.text import Text

    for style, text in lines:
        console.print(Text(text, style=styles.get(style, "")))
    console.print()


def _rich_summary(console: Any, summary: Any, names: list[str]) -> None:
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
    for path, err in summary.errors:
        console.print(f"[red]error[/red] {path}: {err}")


def _docs(pages: Sequence[Input], names: Sequence[str], opts: Options, jobs: int | None,
          slim: bool = False) -> Iterator[Document]:
    """Clean pages in input order, in worker processes when there are several."""
    from .pipeline import clean_path

    jobs = jobs or os.cpu_count() or 1
    progress = None
    if sys.stderr.isatty() and len(pages) > 3:
        from rich.console import Console
        from rich.progress import Progress

        progress = Progress(transient=True, console=Console(stderr=True))
        progress.start()
        task = progress.add_task("cleaning", total=len(pages))
    try:
        files = [p for p in pages if p.path != "-"]
        if jobs > 1 and len(files) >= 4:
            import multiprocessing as mp
            from functools import partial

            ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            worker = partial(_clean_input, names=tuple(names), opts=opts, slim=slim)
            with ctx.Pool(min(jobs, len(files))) as pool:
                stdin_doc = None
                if any(p.path == "-" for p in pages):
                    stdin_doc = _stdin_doc(names, opts)
                results = pool.imap(worker, files, chunksize=max(1, min(16, len(files) // (jobs * 4))))
                for p in pages:
                    doc = stdin_doc if p.path == "-" and stdin_doc is not None else next(results)
                    if progress:
                        progress.advance(task)
                    yield doc
            return
        for p in pages:
            doc = _stdin_doc(names, opts) if p.path == "-" else clean_path(p.path, names, opts)
            if progress:
                progress.advance(task)
            yield doc
    finally:
        if progress:
            progress.stop()


def _clean_input(page: Input, names: tuple[str, ...], opts: Options, slim: bool = False) -> Document:
    from .pipeline import clean_path

    return clean_path(page.path, names, opts, slim=slim)


def _stdin_doc(names: Sequence[str], opts: Options) -> Document:
    from .pipeline import clean_data

    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    return clean_data(data, "-", names, opts)
