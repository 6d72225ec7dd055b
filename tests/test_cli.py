"""The command line, through click's CliRunner, asserting on stdout (data only)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.registry import default_chain
from tests.conftest import SEEDS, outputs

CHAIN = default_chain()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_stdin_to_stdout(runner):
    page = "标题在这里\n\n来源:新华社\n\n正文第一段,内容很多很多,这是一句很长的话。\n\n关闭\n"
    result = runner.invoke(cli, ["clean", "-"], input=page.encode("gbk"))
    assert result.exit_code == 0, result.output
    assert result.stdout == "正文第一段，内容很多很多，这是一句很长的话。\n"


def test_stdin_jsonl(runner):
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "-"], input=SEEDS[0].read_bytes())
    (rec,) = records(result.stdout)
    assert rec["path"] == "-" and rec["error"] is None and rec["date"].startswith("2024-03-22")


def test_folder_to_folder_mirrors_the_tree(runner, tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SEEDS[0], src / "a.txt")
    shutil.copy(SEEDS[1], src / "sub" / "b.html")
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    result = runner.invoke(cli, ["clean", str(src), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert [str(p.relative_to(out)) for p in outputs(out)] == ["a.txt", "sub/b.html.txt"]
    assert "近年来" in (out / "a.txt").read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before  # inputs untouched
    assert result.stdout == ""
    assert not list(out.rglob(".*.tmp"))


def test_output_inside_input_is_not_reread(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS[0], src / "a.txt")
    out = src / "out"
    for _ in range(2):
        result = runner.invoke(cli, ["clean", str(src), "-o", str(out), "--format", "jsonl"])
        assert result.exit_code == 0, result.output
    assert [p.name for p in outputs(out)] == ["a.txt.json"]


def test_output_equal_to_input_is_refused(runner, tmp_path):
    shutil.copy(SEEDS[0], tmp_path / "a.txt")
    result = runner.invoke(cli, ["clean", str(tmp_path), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "input folder" in result.stderr


def test_jsonl_in_input_order_with_two_jobs(runner, tmp_path):
    paths = []
    for i in range(12):  # enough pages for the worker pool
        p = tmp_path / f"p{i:02d}.txt"
        shutil.copy(SEEDS[i % len(SEEDS)], p)
        paths.append(str(p))
    shuffled = paths[::-1]
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "-j", "2", *shuffled])
    assert result.exit_code == 0, result.output
    recs = records(result.stdout)
    assert [r["path"] for r in recs] == shuffled
    single = records(runner.invoke(cli, ["clean", "--format", "jsonl", "-j", "1", *shuffled]).stdout)
    assert [r["text"] for r in recs] == [r["text"] for r in single]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_long_run_builds_the_place_automaton_before_its_first_page(runner, tmp_path, monkeypatch, jobs):
    # a batch of LONG_RUN pages a process builds what its pages would build anyway, first
    # (before the workers fork); a shorter one does not; the records are the same
    from cleaner import batch
    from cleaner.filters.meta import place

    calls: list[int] = []
    real = place.Gazetteer.complete  # what meta declares for a long run (register(long_run=))
    monkeypatch.setattr(place.Gazetteer, "complete", lambda self: (calls.append(1), real(self))[1])
    for i in range(6):
        shutil.copy(SEEDS[i % len(SEEDS)], tmp_path / f"p{i}.txt")
    runs = {}
    for least in (3, 4):  # six pages: three a process with two jobs, six with one
        monkeypatch.setattr(batch, "LONG_RUN", least * (2 if jobs == "1" else 1))
        calls.clear()
        result = runner.invoke(cli, ["clean", "--format", "jsonl", "-j", jobs, str(tmp_path)])
        assert result.exit_code == 0, result.output
        runs[least] = (len(calls), result.stdout)
    assert runs[3][0] == 1 and runs[4][0] == 0
    assert runs[3][1] == runs[4][1]

    def broken(self) -> None:
        calls.append(1)
        raise OSError("a damaged table")

    monkeypatch.setattr(place.Gazetteer, "complete", broken)  # the pages still run, and meet it in meta
    monkeypatch.setattr(batch, "LONG_RUN", 1)
    calls.clear()
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "-j", jobs, str(tmp_path)])
    assert result.exit_code == 0 and calls == [1] and result.stdout == runs[3][1]


def test_dry_run_writes_nothing_and_explains_each_removal(runner, tmp_path):
    shutil.copy(SEEDS[0], tmp_path / "a.txt")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["clean", "--dry-run", "-o", str(out), str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    assert not out.exists()
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed
    for line in removed:
        assert line.rstrip().endswith("]") and "[" in line, line
        label = line[line.rindex("[") + 1 : -1]
        assert label.split(":")[0] in CHAIN, line
    assert "以上内容为资讯信息快照" in result.stdout and "snapshot" in result.stdout
    assert "pages: 1" in result.stdout  # the closing summary


def test_error_records_and_exit_code(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x01\x02def" * 10)
    (tmp_path / "data.json").write_text('{"title": "不是网页", "body": "数据"}', encoding="utf-8")
    shutil.copy(SEEDS[0], tmp_path / "good.txt")
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "-j", "1", str(tmp_path),
                                 str(tmp_path / "missing.txt"), str(tmp_path / "data.json")])
    assert result.exit_code == 1
    recs = {Path(r["path"]).name: r for r in records(result.stdout)}
    # data.json is passed over in the folder walk, and tried when named
    assert set(recs) == {"bin.dat", "data.json", "empty.txt", "good.txt", "nul.txt", "missing.txt"}
    assert recs["good.txt"]["error"] is None
    for name in ("bin.dat", "data.json", "empty.txt", "nul.txt", "missing.txt"):
        assert recs[name]["error"], name
    assert "JSON" in recs["data.json"]["error"]
    err_lines = [line for line in result.stderr.splitlines() if line.startswith("cleaner:")]
    assert len(err_lines) == 5 + 1  # and the summary line
    assert err_lines[-1].startswith("cleaner: 6 page(s), 5 error(s)") and "1 skipped" in err_lines[-1]


def test_max_bytes(runner, tmp_path):
    p = tmp_path / "big.txt"
    shutil.copy(SEEDS[0], p)
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "--max-bytes", "100", str(p)])
    assert result.exit_code == 1
    assert "too large" in records(result.stdout)[0]["error"]


def test_usage_errors_exit_2(runner):
    assert runner.invoke(cli, ["clean", "--skip", "nope", "x"]).exit_code == 2
    assert runner.invoke(cli, ["clean"]).exit_code == 2
    assert runner.invoke(cli, ["clean", "--format", "xml", "x"]).exit_code == 2


def test_run_chain_equals_clean(runner):
    path = str(SEEDS[2])
    clean = runner.invoke(cli, ["clean", "--format", "jsonl", path])
    chained = runner.invoke(cli, ["run", "-i", path, "--format", "jsonl", *CHAIN])
    assert chained.exit_code == 0, chained.output
    a, b = records(clean.stdout)[0], records(chained.stdout)[0]
    assert a == b


def test_run_chain_subset_and_options(runner):
    path = str(SEEDS[4])
    result = runner.invoke(cli, ["run", "-i", path, "despam", "simplify", "--to", "keep"])
    assert result.exit_code == 0, result.output
    assert "網" in result.stdout and "(wǎng)" not in result.stdout


def test_skip_filter(runner):
    path = str(SEEDS[4])
    kept = runner.invoke(cli, ["clean", "--skip", "simplify", path]).stdout
    assert "甘肅" in kept
    assert "甘肃" in runner.invoke(cli, ["clean", path]).stdout


def test_filters_lists_the_chain(runner):
    out = runner.invoke(cli, ["filters"]).stdout.splitlines()
    assert [line.split()[0] for line in out] == list(CHAIN)


def test_version(runner):
    from cleaner import __version__

    assert __version__ in runner.invoke(cli, ["--version"]).stdout


def test_python_dash_m_and_help_do_not_import_heavy_modules():
    code = ("import sys; from cleaner.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('opencc', 'selectolax', 'ahocorasick_rs', 'rich', 'cleaner.filters')"
            " if m in sys.modules]\nprint('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
    res = subprocess.run([sys.executable, "-m", "cleaner", "filters"], capture_output=True, text=True,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert res.returncode == 0 and res.stdout.startswith("decode")
