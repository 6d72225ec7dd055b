"""Ray Data: a local Ray (2 CPUs) gives the same records as the single-process run.

Ray is the ``ray`` extra; ``make test`` installs it, so in CI (``CI`` set) this module runs
for certain.  Without Ray elsewhere it is skipped with that reason."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import clean_bytes
from cleaner.cli import cli
from tests.conftest import DEV_PAGES, SEEDS

if not os.environ.get("CI"):
    pytest.importorskip("ray", reason="Ray is the 'ray' extra (make test installs it)")
import ray

PAGES = [*SEEDS, *sorted(DEV_PAGES.glob("*.html"))]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _normal(rec: dict) -> dict:
    """A record as JSON has it: optional keys only when set (``count``, the WARC keys)."""
    rec = {k: v for k, v in rec.items() if not (k in ("warc_record_id", "fetched") and v is None)}
    rec["removed"] = [{k: v for k, v in r.items() if not (k == "count" and v is None)} for r in rec["removed"]]
    return rec


def test_ray_records_equal_the_single_process_run(local_ray):
    from cleaner.ray import clean_dataset, read

    paths = [str(p.resolve()) for p in PAGES]
    got = {r["path"]: _normal(r) for r in clean_dataset(read(paths)).take_all()}
    assert len(got) == len(paths)
    for path in paths:
        want = json.loads(json.dumps(clean_bytes(Path(path).read_bytes(), name=path).to_record(), ensure_ascii=False))
        assert got[path] == want, path


def test_engine_ray_writes_shards(local_ray, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["clean", "--engine", "ray", "--fields", "path,title,text",
                                      *[str(p.resolve()) for p in SEEDS], "-o", str(out)])
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for f in sorted(out.glob("*.json*")) for line in f.read_text().splitlines()]
    assert sorted(r["path"] for r in recs) == sorted(str(p.resolve()) for p in SEEDS)
    assert all(set(r) == {"path", "title", "text"} and r["text"] for r in recs)


def test_engine_ray_without_ray_is_a_usage_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else object())
    result = CliRunner().invoke(cli, ["clean", "--engine", "ray", str(SEEDS[0]), "-o", "out"])
    assert result.exit_code == 2 and "pip install 'cleaner[ray]'" in result.stderr
