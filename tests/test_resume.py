"""Unattended corpus runs: the manifest, --resume after a hard kill, --retry-failed, and a
5,000-page run that stays within a memory cap (streaming)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from tests.conftest import ROOT, SEEDS, outputs

CLEANER = [sys.executable, "-m", "cleaner"]
MANIFEST = "_cleaner_manifest.jsonl"


def _pages(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        shutil.copy(SEEDS[i % len(SEEDS)], folder / f"p{i:04d}.txt")


def _killed_run(args: list[str], out: Path, until) -> None:
    """Start a run, wait until ``until(out)`` holds, then SIGKILL it and all its workers."""
    proc = subprocess.Popen([*CLEANER, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not until(out):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _records(path: Path) -> dict[str, dict]:
    return {r["path"]: r for r in (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())}


def _manifest_lines(out: Path) -> int:
    m = out / MANIFEST
    return len(m.read_text().splitlines()) if m.exists() else 0


def test_resume_a_folder_run_after_a_hard_kill(tmp_path):
    src, out, clean = tmp_path / "in", tmp_path / "out", tmp_path / "clean"
    _pages(src, 300)
    args = ["clean", "--format", "jsonl", "-j", "2", str(src)]
    _killed_run([*args, "-o", str(out)], out, lambda o: _manifest_lines(o) >= 40)
    before = len(outputs(out))
    assert 0 < before < 300, "the run was killed part way"
    res = subprocess.run([*CLEANER, *args, "-o", str(out), "--resume"], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    summary = res.stderr.strip().splitlines()[-1]
    done_before = int(summary.split(" already done")[0].rsplit(", ", 1)[-1])
    assert done_before >= before - 2 and f"{300 - done_before} page(s)" in summary  # only the rest was cleaned
    subprocess.run([*CLEANER, *args, "-o", str(clean)], check=True, capture_output=True, cwd=ROOT)
    got = {p.name: p.read_text(encoding="utf-8") for p in outputs(out)}
    want = {p.name: p.read_text(encoding="utf-8") for p in outputs(clean)}
    assert got == want


def test_resume_a_single_jsonl_file_after_a_hard_kill(tmp_path):
    src, out = tmp_path / "in", tmp_path / "o"
    _pages(src, 300)
    target = out / "all.jsonl"
    args = ["clean", "-j", "2", str(src), "-o", str(target)]
    _killed_run(args, out, lambda o: _manifest_lines(o) >= 40)
    partial = out / "all.jsonl.partial"
    assert partial.exists() and not target.exists()  # the file is complete or absent
    res = subprocess.run([*CLEANER, *args, "--resume"], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert not partial.exists()
    lines = target.read_text(encoding="utf-8").splitlines()
    got = [json.loads(line) for line in lines]
    assert len(got) == 300 and len({r["path"] for r in got}) == 300  # no record twice, none torn
    assert [r["path"] for r in got] == sorted(str(p) for p in src.iterdir())  # input order held
    clean = tmp_path / "clean.jsonl"
    subprocess.run([*CLEANER, "clean", "-j", "2", str(src), "-o", str(clean)], check=True, capture_output=True,
                   cwd=ROOT)
    assert _records(target) == _records(clean)


def test_the_manifest_says_what_became_of_each_page(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _pages(src, 2)
    (src / "empty.txt").write_bytes(b"")
    (src / "logo.png").write_bytes(b"\x89PNG")
    result = CliRunner().invoke(cli, ["clean", str(src), "-o", str(out), "--format", "jsonl"])
    assert result.exit_code == 1
    entries = [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]
    by_rel = {e["rel"]: e for e in entries}
    assert by_rel["logo.png"]["status"] == "skipped"
    assert by_rel["empty.txt"]["status"] == "error" and by_rel["empty.txt"]["error"] == "empty page"
    ok = by_rel["p0000.txt"]
    assert ok["status"] == "ok" and ok["size"] == SEEDS[0].stat().st_size and len(ok["sha1"]) == 40
    assert ok["output"] == str(out / "p0000.txt.json") and ok["seconds"] >= 0 and ok["options"]


def test_resume_redoes_a_changed_page_and_new_options(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _pages(src, 3)
    runner = CliRunner()
    runner.invoke(cli, ["clean", str(src), "-o", str(out)])
    shutil.copy(SEEDS[4], src / "p0001.txt")  # changed since
    again = runner.invoke(cli, ["clean", str(src), "-o", str(out), "--resume"])
    assert "1 page(s), 1 written, 2 already done" in again.stderr
    assert (out / "p0001.txt").read_text() == runner.invoke(cli, ["clean", str(SEEDS[4])]).stdout
    other = runner.invoke(cli, ["clean", str(src), "-o", str(out), "--resume", "--to", "traditional"])
    assert "3 page(s), 3 written" in other.stderr  # other options: nothing is done yet


def test_retry_failed_reruns_only_the_failed_pages(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _pages(src, 3)
    (src / "late.txt").write_bytes(b"")  # not yet written by the crawler
    runner = CliRunner()
    first = runner.invoke(cli, ["clean", str(src), "-o", str(out), "--format", "jsonl"])
    assert first.exit_code == 1
    shutil.copy(SEEDS[1], src / "late.txt")
    retry = runner.invoke(cli, ["clean", "--retry-failed", "-o", str(out), "--format", "jsonl"])
    assert retry.exit_code == 0, retry.stderr
    assert retry.stderr.strip().splitlines()[-1].startswith("cleaner: 1 page(s), 1 written, 0 error(s)")
    assert json.loads((out / "late.txt.json").read_text())["error"] is None
    nothing = runner.invoke(cli, ["clean", "--retry-failed", "-o", str(out), "--format", "jsonl"])
    assert nothing.exit_code == 0 and "no failed pages" in nothing.stderr


@pytest.mark.parametrize("args", [["--resume"], ["--retry-failed"], ["--resume", "-o", "x.parquet"],
                                  ["--resume", "-o", "x.jsonl.gz"]])
def test_resume_needs_an_appendable_output(args):
    result = CliRunner().invoke(cli, ["clean", *args, str(SEEDS[0])])
    assert result.exit_code == 2 and "--resume" in result.stderr


def test_five_thousand_pages_stream_within_a_memory_cap(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    body = SEEDS[0].read_text(encoding="utf-8")[:1500]
    for i in range(5000):
        (src / f"p{i:05d}.txt").write_text(f"第{i}篇\n\n{body}", encoding="utf-8")
    cap = int(1.5 * (1 << 30))
    res = subprocess.run([*CLEANER, "clean", "-j", "2", str(src), "-o", str(tmp_path / "all.jsonl"), "-q"],
                         capture_output=True, cwd=ROOT, timeout=900,
                         preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
    assert res.returncode == 0, res.stderr[-500:]
    assert sum(1 for _ in open(tmp_path / "all.jsonl", encoding="utf-8")) == 5000
