"""The command line: ``cleaner clean``, ``cleaner filters`` and the ``cleaner run`` chain.

Only click lives here.  Every filter option is generated from the ``Options`` fields
(:mod:`cleaner.config`), every filter subcommand and help line from the registry, and the
work is done by :func:`cleaner.batch.execute`.  stdout carries only data (records, text,
diffs); progress and per-page errors go to stderr.  Heavy modules (OpenCC, selectolax,
rich) are imported only when a command runs, so ``--help`` is fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from . import __version__
from .config import Options, declared
from .registry import default_chain, load

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _click_option(f: Any) -> click.Option:
    """The click option for one ``Options`` field."""
    meta = f.metadata
    flag = "--" + f.name.replace("_", "-")
    if isinstance(f.default, bool):
        return click.Option([flag], is_flag=True, default=f.default, help=meta["help"])
    kind: Any = None
    if meta["choices"]:
        kind = click.Choice(meta["choices"])
    elif isinstance(f.default, int):
        kind = click.IntRange(min=1)
    return click.Option([flag], type=kind, default=f.default, show_default=f.default is not None,
                        metavar=meta["metavar"], help=meta["help"])


def filter_options(owner: str | None = "*") -> Decorator:
    """Add the ``Options`` fields of ``owner`` (``"*"``: all) as click options."""

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        for f in reversed(declared(owner)):
            func.__click_params__ = [*getattr(func, "__click_params__", []), _click_option(f)]  # type: ignore[attr-defined]
        return func

    return deco


def _settings(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Eager ``--config``: the settings file becomes the defaults of this command's options
    (the command line still wins), checked against the options the command has."""
    from . import settings
    from .errors import UsageError

    try:
        table, source = settings.find(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    names = {p.name: p for p in ctx.command.params}
    own = {n for n in names if n not in ("inputs", "config")}
    mapping: dict[str, Any] = {}
    per_filter: dict[str, dict[str, Any]] = {}
    for key, val in table.items():
        name = settings.param_name(key)
        owner = next((f.metadata["owner"] for f in declared() if f.name == name), None)
        if name in own:
            mapping[name] = list(val) if isinstance(val, list) else val
        elif isinstance(ctx.command, click.Group) and owner:
            per_filter.setdefault(owner, {})[name] = val  # a run subcommand's option
        elif name not in ("skip", "only"):
            raise click.BadParameter(f"{source}: unknown setting {key!r}", ctx=ctx, param=param)
    ctx.default_map = {**(ctx.default_map or {}), **mapping, **per_filter}
    ctx.meta["settings"] = (table, source)
    return value


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--config", metavar="FILE", is_eager=True, expose_value=False, callback=_settings,
                     help="Settings file (default: ./cleaner.toml, else [tool.cleaner] in ./pyproject.toml); "
                          "keys are these options' long names; the command line wins."),
        click.option("-o", "--output", type=click.Path(), default=None, metavar="DIR|FILE",
                     help="Write under DIR, mirroring the input tree; or all records into one FILE.jsonl "
                          "(.jsonl.gz, .jsonl.zst) or FILE.parquet (default: stdout)."),
        click.option("--format", "fmt", type=click.Choice(["text", "jsonl", "parquet"]), default=None,
                     help="text: the cleaned article; jsonl: one record per page; parquet: records in one "
                          "Parquet file (default: jsonl for -o FILE, else text)."),
        click.option("--fields", default=None, metavar="A,B,…",
                     help="Keep only these record fields (jsonl, parquet), e.g. title,date,source,text."),
        click.option("--with-title", is_flag=True, help="Text output: the title on the first line."),
        click.option("--dry-run", is_flag=True,
                     help="Write nothing; show per page a diff of what would be removed, by which filter, why."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: all cores)."),
        click.option("--include", multiple=True, default=(), metavar="GLOB",
                     help="In folders, clean only files whose path (relative to the folder) matches (repeatable)."),
        click.option("--exclude", multiple=True, default=(), metavar="GLOB",
                     help="In folders, pass over files whose relative path matches (repeatable)."),
        click.option("--explain", is_flag=True,
                     help="Print, per page, where each metadata field came from (stderr)."),
        click.option("--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="SECONDS",
                     help="A page that takes longer gets an error record and the run goes on (0: no limit)."),
        click.option("--keep-empty", is_flag=True,
                     help="With -o DIR and --format text, also write pages whose body came out empty."),
        click.option("--resume", is_flag=True,
                     help="Continue an -o run: pages the manifest says are done from the same bytes and options "
                          "are not cleaned again."),
        click.option("--retry-failed", is_flag=True,
                     help="Clean again only the pages the -o run's manifest says failed (no INPUT needed)."),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only (no warnings, no summary line)."),
        click.option("-v", "--verbose", is_flag=True, help="Print a line per page as well."),
    ]):
        f = opt(f)
    return f


def _fields(value: str | None) -> tuple[str, ...]:
    """``--fields title,date`` as a tuple of names."""
    return tuple(f.strip() for f in (value or "").split(",") if f.strip())


def _execute(inputs: Sequence[str], names: Sequence[str], values: dict[str, Any]) -> None:
    """Split click's values into ``Options``, the job and the run, and run the batch."""
    from .batch import Job, Run, execute
    from .errors import UsageError
    from .writers import single_file

    output, fmt = values["output"], values["fmt"]
    if fmt is None:
        parquet = output and output.lower().endswith(".parquet")
        fmt = "parquet" if parquet else "jsonl" if single_file(output) else "text"
    if output and single_file(output) and fmt == "text":
        raise click.UsageError(f"-o {output} is one file of records: leave --format out or use jsonl/parquet")
    if fmt == "parquet" and not (output and output.lower().endswith(".parquet")) and not values["dry_run"]:
        raise click.UsageError("--format parquet writes one file: give -o FILE.parquet")
    fields = _fields(values["fields"])
    job = Job(tuple(names), Options.from_values(values), fmt=fmt, dry_run=values["dry_run"],
              explain=values["explain"], timeout=values["timeout"], fields=fields, with_title=values["with_title"])
    run = Run(output, values["jobs"], values["keep_empty"], values["include"], values["exclude"],
              -1 if values["quiet"] else 1 if values["verbose"] else 0, values["resume"], values["retry_failed"])
    if not inputs and not run.retry_failed:
        raise click.UsageError("missing INPUT: files, folders, WARC files or - for stdin")
    try:
        code = execute(inputs, job, run)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if code:
        sys.exit(code)


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
@click.argument("inputs", nargs=-1)
@output_options
@filter_options()
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: worker processes on this machine; ray: Ray Data (pip install 'cleaner[ray]'), "
                   "JSONL or Parquet shards written into -o DIR.")
@click.option("--address", default=None, metavar="ADDR",
              help="With --engine ray: the Ray cluster to join (default: start or join a local one).")
@click.option("--skip", multiple=True, default=(), metavar="FILTER", help="Leave this filter out (repeatable).")
@click.option("--only", multiple=True, default=(), metavar="FILTER", help="Run only these filters (and decode).")
def clean_cmd(inputs: tuple[str, ...], skip: tuple[str, ...], only: tuple[str, ...], engine: str,
              address: str | None, **kw: Any) -> None:
    """Clean INPUT... (files, folders recursively, WARC files, or - for stdin) with the default chain."""
    from .errors import UsageError
    from .registry import chain

    try:
        names = chain(skip, only)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if engine == "ray":
        _ray(inputs, skip, only, address, kw)
        return
    _execute(inputs, names, kw)


def _ray(inputs: tuple[str, ...], skip: tuple[str, ...], only: tuple[str, ...], address: str | None,
         kw: dict[str, Any]) -> None:
    """``--engine ray``: read, clean and write with Ray Data (the core never imports ray)."""
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        raise click.UsageError("--engine ray needs Ray: pip install 'cleaner[ray]'")
    output, fmt = kw["output"], kw["fmt"] or "jsonl"
    if not output or output.lower().endswith((".jsonl", ".gz", ".zst", ".parquet")) or fmt == "text":
        raise click.UsageError("--engine ray writes JSONL or Parquet shards: give -o DIR (and --format jsonl|parquet)")
    if not inputs or "-" in inputs:
        raise click.UsageError("--engine ray reads files and folders (local or any filesystem pyarrow supports)")
    from .ray import run

    options = {f.name: kw[f.name] for f in declared() if kw.get(f.name) is not None}
    n = run(list(inputs), output, fmt, address, fields=_fields(kw["fields"]), skip=skip, only=only, **options)
    if not kw["quiet"]:
        click.echo(f"cleaner: {n} page(s) cleaned on Ray into {output}", err=True)


@cli.command("config")
@click.option("--config", "path", metavar="FILE", help="Settings file to read instead of the default ones.")
def config_cmd(path: str | None) -> None:
    """Print the settings in force for `cleaner clean` and where each comes from."""
    from . import settings
    from .errors import UsageError

    try:
        table, source = settings.find(path)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    given = {settings.param_name(k): v for k, v in table.items()}
    unknown = [k for k in table if settings.param_name(k) not in {p.name for p in clean_cmd.params}]
    if unknown:
        raise click.UsageError(f"{source}: unknown setting(s) {', '.join(unknown)}")
    click.echo(f"# settings file: {source or 'none (./cleaner.toml or [tool.cleaner] in ./pyproject.toml)'}")
    ctx = click.Context(clean_cmd)
    for p in clean_cmd.params:
        if not isinstance(p, click.Option) or p.name in ("config", None) or p.hidden:
            continue
        if p.name in given:
            value, where = given[p.name], source
        else:
            value, where = p.get_default(ctx, call=True), "default"
        click.echo(f"{settings.option_name(p.name):14} = {_toml(value):24} # {where}")


def _toml(value: Any) -> str:
    import json

    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, (str, int, float)):
        return json.dumps(value, ensure_ascii=False)
    return '""'  # no default


@cli.command("filters")
def filters_cmd() -> None:
    """List the filters in chain order, one line each."""
    for flt in load().values():
        click.echo(f"{flt.name:10} {flt.help}")


class ChainGroup(click.Group):
    """``run``'s subcommands: one per registered filter, in chain order, built when asked for
    (so ``cleaner --help`` does not import the filters)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(default_chain())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        flt = load().get(cmd_name)
        return _step_command(flt.name, flt.help) if flt is not None else None


@cli.group("run", chain=True, cls=ChainGroup)
@click.option("-i", "--input", "inputs", multiple=True, default=("-",), show_default=True,
              help="A file, a folder, or - for stdin (repeatable).")
@output_options
@filter_options(None)
def run_group(**kw: Any) -> None:
    """Run the filters you name, in the order you name them.

    Naming every filter in chain order gives the same result as ``cleaner clean``;
    ``decode`` is always run first if you leave it out, and a filter named before one whose
    output it needs is a usage error.
    """


@run_group.result_callback()
def run_result(steps: list[tuple[str, dict[str, Any]]], inputs: tuple[str, ...], **kw: Any) -> None:
    from .errors import UsageError
    from .registry import check

    try:
        names = check([name for name, _ in steps])
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    for _, opts in steps:
        kw.update(opts)
    _execute(inputs, names, kw)


def _step_command(name: str, help: str) -> click.Command:
    def callback(**opts: Any) -> tuple[str, dict[str, Any]]:
        return name, {k: v for k, v in opts.items() if v not in (None, False)}

    params = [_click_option(f) for f in declared(name)]
    return click.Command(name, callback=callback, params=params, help=help, short_help=help)  # type: ignore[arg-type]


def main() -> None:
    cli(prog_name="cleaner")


if __name__ == "__main__":  # pragma: no cover
    main()
