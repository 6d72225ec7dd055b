"""The command line: ``cleaner clean``, ``cleaner filters`` and the ``cleaner run`` chain.

Thin ``*_cmd`` wrappers over :mod:`cleaner.pipeline`; stdout carries only data (records,
text, diffs), progress and per-page errors go to stderr.  Heavy modules (the filters,
OpenCC, selectolax, rich) are imported only when a command runs, so ``--help`` is fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .registry import CHAIN

FILTER_HELP = {
    "decode": "Bytes to text: BOM, strict UTF-8, declared charset, candidates, detector.",
    "repair": "Repair mojibake: GBK byte slips, UTF-8 read as GBK/cp1252, 锟斤拷, U+FFFD.",
    "html": "Parse HTML into one line per block; drop script/style/nav/footer/aside/hidden.",
    "despam": "Remove SEO spam: pinyin injections, injected commas, porn/gambling lines, link farms.",
    "simplify": "Convert traditional to simplified (OpenCC tw2s plus a phrase table), or as --to says.",
    "meta": "Extract title, date, source, editor, authors and place from the whole page.",
    "deboiler": "Remove navigation, related lists, captions, notices, footers and metadata lines.",
    "punct": "Restore full-width punctuation in Chinese context.",
    "tidy": "Final layout: one paragraph a line, split flattened articles, drop blank lines.",
}


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
                     help="Write cleaned files under DIR, mirroring the input tree (default: stdout)."),
        click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
                     show_default=True, help="text: the cleaned article; jsonl: one record per page."),
        click.option("--dry-run", is_flag=True,
                     help="Write nothing; show per page a diff of what would be removed, by which filter, why."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: all cores)."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=20_000_000, show_default=True,
                     help="Refuse pages larger than this (error record)."),
        click.option("--explain", is_flag=True,
                     help="Print, per page, where each metadata field came from (stderr)."),
    ]):
        f = opt(f)
    return f


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--to", type=click.Choice(["simplified", "traditional", "keep"]), default="simplified",
                     show_default=True, help="Target script."),
        click.option("--variant", type=click.Choice(["t", "tw", "twp", "hk"]), default=None,
                     help="OpenCC variant: source variant for simplified, target for traditional."),
        click.option("--encoding", default=None, help="Force this charset instead of detecting one."),
        click.option("--keep-captions", is_flag=True, help="Keep image captions and photo credits."),
        click.option("--keep-punct", is_flag=True, help="Do not restore full-width punctuation."),
    ]):
        f = opt(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def cli() -> None:
    """Clean scraped Chinese news pages: text and metadata out, boilerplate and spam gone.

    \b
      cleaner clean pages/ -o out/              clean a folder into out/
      cleaner clean --format jsonl pages/ | jq .date
      cleaner clean --dry-run page.html         what would be removed, by which filter, why
      cleaner run -i page.txt decode despam simplify meta deboiler tidy
    """


@cli.command("clean")
@click.argument("inputs", nargs=-1, required=True)
@output_options
@filter_options
@click.option("--skip", multiple=True, metavar="FILTER", help="Leave this filter out (repeatable).")
@click.option("--only", multiple=True, metavar="FILTER", help="Run only these filters (and decode).")
def clean_cmd(inputs: tuple[str, ...], skip: tuple[str, ...], only: tuple[str, ...], **kw: Any) -> None:
    """Clean INPUT... (files, folders recursively, or - for stdin) with the default chain."""
    from .errors import UsageError
    from .registry import chain

    try:
        names = chain(skip, only)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    execute(inputs, names, **kw)


@cli.command("filters")
def filters_cmd() -> None:
    """List the filters in chain order, one line each."""
    for name in CHAIN:
        click.echo(f"{name:10} {FILTER_HELP[name]}")


@cli.group("run", chain=True)
@click.option("-i", "--input", "inputs", multiple=True, default=("-",), show_default=True,
              help="A file, a folder, or - for stdin (repeatable).")
@output_options
def run_group(**kw: Any) -> None:
    """Run the filters you name, in the order you name them.

    Naming every filter in chain order gives the same result as ``cleaner clean``;
    ``decode`` is always run first if you leave it out.
    """


@run_group.result_callback()
def run_result(steps: list[tuple[str, dict[str, Any]]], inputs: tuple[str, ...], **kw: Any) -> None:
    names = [name for name, _ in steps]
    if "decode" not in names:
        names.insert(0, "decode")
    options: dict[str, Any] = {}
    for _, opts in steps:
        options.update(opts)
    execute(inputs, names, **kw, **options)


def _make_step(name: str) -> click.Command:
    params: list[click.Parameter] = []
    if name == "decode":
        params.append(click.Option(["--encoding"], default=None, help="Force this charset."))
    elif name == "simplify":
        params += [click.Option(["--to"], type=click.Choice(["simplified", "traditional", "keep"]),
                                default="simplified", show_default=True),
                   click.Option(["--variant"], type=click.Choice(["t", "tw", "twp", "hk"]), default=None)]
    elif name == "deboiler":
        params.append(click.Option(["--keep-captions"], is_flag=True))

    def callback(**opts: Any) -> tuple[str, dict[str, Any]]:
        return name, {k: v for k, v in opts.items() if v not in (None, False)}

    return click.Command(name, callback=callback, params=params, help=FILTER_HELP[name])


for _name in CHAIN:
    run_group.add_command(_make_step(_name))


# -- execution ---------------------------------------------------------------------------


def execute(inputs: Sequence[str], names: Sequence[str], *, output: str | None, fmt: str, dry_run: bool,
            jobs: int | None, max_bytes: int, explain: bool, to: str = "simplified",
            variant: str | None = None, encoding: str | None = None, keep_captions: bool = False,
            keep_punct: bool = False) -> None:
    from .config import Options
    from .errors import UsageError
    from .io import output_name, walk_inputs, write_atomic
    from .report import Summary, annotated_diff
    from .report import explain as explain_lines

    opts = Options(to=to, variant=variant, encoding=encoding, keep_captions=keep_captions,
                   keep_punct=keep_punct, max_bytes=max_bytes)
    try:
        pages = walk_inputs(tuple(inputs), output)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
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
            click.echo(f"cleaner: {doc.path}: {doc.error}", err=True)
        for w in doc.warnings:
            click.echo(f"cleaner: {doc.path}: warning: {w}", err=True)
        if explain and not doc.error:
            click.echo("\n".join(explain_lines(doc)), err=True)
        if dry_run:
            lines = annotated_diff(doc) if not doc.error else [("del", f"# {doc.path}: {doc.error}")]
            if not doc.error:
                lines += [("note", "# " + line) for line in explain_lines(doc)[1:]]
            _print_diff(lines, console, stdout)
            continue
        if out_dir is not None:
            rel = page.rel  # documents come back in input order
            if fmt == "jsonl":
                write_atomic(out_dir / output_name(rel, fmt),
                             json.dumps(doc.to_record(), ensure_ascii=False) + "\n")
            elif not doc.error:
                write_atomic(out_dir / output_name(rel, fmt), doc.text + "\n")
            continue
        if fmt == "jsonl":
            stdout.write(json.dumps(doc.to_record(), ensure_ascii=False) + "\n")
        elif not doc.error:
            if not first:
                stdout.write("\n")
            stdout.write(doc.text + "\n")
            first = False
        stdout.flush()
    if dry_run:
        from .registry import CHAIN as order

        table = summary.plain([n for n in order if n in names])
        if console is not None:
            _rich_summary(console, summary, [n for n in order if n in names])
        else:
            stdout.write("\n" + table + "\n")
    elif sys.stderr.isatty() and len(pages) > 1:
        click.echo(f"cleaned {summary.pages} page(s), {len(summary.errors)} error(s)", err=True)
    if summary.errors:
        sys.exit(1)


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
    for path, err in summary.errors:
        console.print(f"[red]error[/red] {path}: {err}")


def _docs(pages: Sequence[Any], names: Sequence[str], opts: Any, jobs: int | None,
          slim: bool = False) -> Iterator[Any]:
    """Clean pages in input order, in worker processes when there are several."""
    from .pipeline import clean_path

    jobs = jobs or os.cpu_count() or 1
    progress = None
    if sys.stderr.isatty() and len(pages) > 3:
        from rich.progress import Progress

        progress = Progress(transient=True, console=_stderr_console())
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
                    doc = stdin_doc if p.path == "-" else next(results)
                    if progress:
                        progress.advance(task)
                    yield doc
            return
        for p in pages:
            if p.path == "-":
                doc = _stdin_doc(names, opts)
            else:
                doc = clean_path(p.path, names, opts)
            if progress:
                progress.advance(task)
            yield doc
    finally:
        if progress:
            progress.stop()


def _clean_input(page: Any, names: tuple[str, ...], opts: Any, slim: bool = False) -> Any:
    from .pipeline import clean_path

    return clean_path(page.path, names, opts, slim=slim)


def _stdin_doc(names: Sequence[str], opts: Any) -> Any:
    from .document import Document
    from .pipeline import run_one, steps_for

    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    doc = Document(path="-", raw=data)
    if len(data) > opts.max_bytes:
        doc.error = f"page too large: {len(data)} bytes > --max-bytes {opts.max_bytes}"
        return doc
    return run_one(doc, steps_for(names, opts))


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def main() -> None:
    cli(prog_name="cleaner")


if __name__ == "__main__":  # pragma: no cover
    main()
