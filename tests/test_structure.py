"""How the package is put together: filters declared once, found by the package, never
importing each other; options declared once; chains a user spells out are checked."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.config import Options, declared
from cleaner.errors import UsageError
from cleaner.registry import check, default_chain, load
from tests.conftest import ROOT, SEEDS

FILTERS_DIR = ROOT / "cleaner" / "filters"


def _filter_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["cleaner", "filters"] else None


def _imports(path: Path, root: Path = ROOT) -> list[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved)."""
    package = list(path.relative_to(root).parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append(mod)
            out += [f"{mod}.{a.name}" for a in node.names]  # `from . import date` names a module
    return out


def test_no_filter_module_imports_another_filter():
    offences = []
    for path in FILTERS_DIR.rglob("*.py"):
        own = _filter_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for mod in _imports(path):
            other = _filter_of(mod)
            if other and own and other != own:
                offences.append(f"{path.relative_to(ROOT)} imports {mod}")
    assert offences == []


def test_the_import_check_would_catch_one(tmp_path):
    fake = tmp_path / "cleaner" / "filters" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from .meta.title import extract\nfrom ..text.layout import core\n")
    found = _imports(fake, tmp_path)
    assert "cleaner.filters.meta.title" in found and "cleaner.text.layout" in found
    assert {_filter_of(m) for m in found} == {"meta", None}


def test_text_layer_holds_no_filter():
    for path in (ROOT / "cleaner" / "text").rglob("*.py"):
        assert not [m for m in _imports(path) if _filter_of(m)], path
        assert "@register" not in path.read_text(encoding="utf-8")


def test_filters_are_found_by_the_package_in_chain_order():
    modules = {p.stem if p.is_file() else p.name for p in FILTERS_DIR.iterdir()
               if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    assert set(load()) == modules  # one filter per module, named after it
    orders = [f.order for f in load().values()]
    assert orders == sorted(orders)
    assert default_chain()[0] == "decode" and default_chain()[-1] == "tidy"


def test_every_filter_help_is_its_docstring_line_and_shown_everywhere():
    runner = CliRunner()
    listed = runner.invoke(cli, ["filters"]).stdout.splitlines()
    run_help = runner.invoke(cli, ["run", "--help"]).stdout
    for line, flt in zip(listed, load().values(), strict=True):
        first = (flt.func.__doc__ or "").strip().splitlines()[0]
        assert flt.help == first and line.split(None, 1) == [flt.name, first]
        assert flt.name in run_help


def test_every_option_is_declared_once_and_reaches_both_commands():
    runner = CliRunner()
    clean_help = runner.invoke(cli, ["clean", "--help"], terminal_width=200).stdout
    for f in declared():
        flag = "--" + f.name.replace("_", "-")
        assert flag in clean_help
        owner = f.metadata["owner"]
        where = ["run", owner, "--help"] if owner else ["run", "--help"]
        assert flag in runner.invoke(cli, where, terminal_width=200).stdout, (flag, owner)
        assert owner is None or owner in load()


def test_keep_punct_reaches_run():
    runner = CliRunner()
    page = "标题\n\n第一段正文,内容很长很长很长很长很长很长很长。\n".encode()
    plain = runner.invoke(cli, ["run", "decode", "punct", "tidy"], input=page)
    kept = runner.invoke(cli, ["run", "decode", "punct", "--keep-punct", "tidy"], input=page)
    assert "正文，内容" in plain.stdout and "正文,内容" in kept.stdout


def test_options_from_cli_values():
    opts = Options.from_values({"to": "traditional", "variant": "tw", "keep_captions": True, "output": "x"})
    assert (opts.to, opts.variant, opts.keep_captions) == ("traditional", "tw", True)
    assert opts.max_bytes == Options().max_bytes


@pytest.mark.parametrize(("names", "error"), [
    (["tidy", "decode"], "decode must come first"),
    (["decode", "tidy", "punct"], "tidy must come after punct"),
    (["deboiler", "meta"], "deboiler must come after meta"),
    (["decode", "nope"], "unknown filter"),
])
def test_a_spelled_out_chain_is_checked(names, error):
    with pytest.raises(UsageError, match=error):
        check(names)
    result = CliRunner().invoke(cli, ["run", *names], input=b"x")
    assert result.exit_code == 2
    assert error in result.stderr or (error == "unknown filter" and "No such command 'nope'" in result.stderr)


def test_a_good_chain_passes_and_gets_decode():
    assert check(["despam", "meta", "deboiler", "tidy"]) == ["decode", "despam", "meta", "deboiler", "tidy"]
    assert check(list(default_chain())) == list(default_chain())


TOY = '''"""``shout``: a toy filter that marks every line."""

from ..config import Options
from ..document import Document
from ..registry import register


@register("shout", order=85, after=("html",))
def shout(doc: Document, opts: Options) -> Document:
    """Append an exclamation mark to every non-empty line."""
    doc.replace_lines("shout", {i: (line + "!", "shouted") for i, line in enumerate(doc.text.split("\\n"))
                                if line.strip()})
    return doc
'''


def test_a_new_filter_is_one_file(tmp_path):
    shutil.copytree(ROOT / "cleaner", tmp_path / "cleaner", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "cleaner" / "filters" / "shout.py").write_text(TOY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def run(*args: str, data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "cleaner", *args], input=data, capture_output=True,
                              env=env, cwd=tmp_path, timeout=120, check=False)

    listed = run("filters").stdout.decode()
    assert "shout      Append an exclamation mark to every non-empty line." in listed
    assert listed.index("punct") < listed.index("shout") < listed.index("tidy")
    assert run("--help").returncode == 0
    assert "shout" in run("run", "--help").stdout.decode()
    out = run("clean", "-", data=SEEDS[0].read_bytes()).stdout.decode()
    assert out and all(line.endswith("!") for line in out.splitlines())
    assert run("run", "shout", "tidy", data="正文第一段。\n".encode()).stdout.decode() == "正文第一段。!\n"


def test_the_core_never_imports_ray():
    code = ("import sys\nfrom cleaner import clean_bytes\nfrom cleaner.cli import cli\n"
            "clean_bytes(open(sys.argv[1], 'rb').read())\nprint('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(SEEDS[0])], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_what_crosses_to_and_from_workers_pickles_every_field():
    # Input, Result and Stats pickle as one tuple of their fields (cheap for the parent): a
    # field added to the class and not to __reduce__ would be lost on the way
    import dataclasses
    import pickle

    from cleaner.batch import Result
    from cleaner.io import Input
    from cleaner.report import Stats

    stats = Stats({"despam": 2}, {("despam", "spam"): 2}, {"punct": 1}, {"decode": 0.1}, 30, 20)
    for obj in (Input("a.txt", "a.txt", "e", b"x", None, (1, "s")), stats,
                Result("a.txt", None, ["w"], b"{}", {"k": 1}, [("del", "x")], ["why"], stats, 3, "s", 0.5, True)):
        fields = dataclasses.fields(obj)  # type: ignore[arg-type]
        assert len(obj.__reduce__()[1]) == len(fields)
        back = pickle.loads(pickle.dumps(obj))
        assert back == obj and all(getattr(back, f.name) == getattr(obj, f.name) for f in fields)
