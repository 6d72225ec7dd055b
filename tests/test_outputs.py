"""How people already work: WARC in; one JSONL, compressed JSONL or Parquet file out; record
fields chosen; the title in text output; folder walks that pass over what is not a page;
quiet, verbose and the summary line."""

from __future__ import annotations

import gzip
import json
import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from tests.conftest import SEEDS, outputs


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def make_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    """A .warc.gz written with FastWARC: each (url, body, content type) an HTTP 200 response,
    with a request record and a 404 between them (both passed over)."""
    from fastwarc.stream_io import GzipWriter
    from fastwarc.warc import WarcRecord, WarcRecordType

    def write(fh, kind, url: str, http: bytes) -> None:
        rec = WarcRecord()
        rec.init_headers(record_type=kind, record_urn=uuid.uuid4().urn[4:].encode())
        rec.headers.append("WARC-Target-URI", url)
        rec.headers.append("Content-Type", "application/http; msgtype=" + ("request" if kind ==
                           WarcRecordType.request else "response"))
        rec.set_bytes_content(http)
        w = GzipWriter(fh)
        rec.write(w)
        w.close()

    with open(path, "wb") as fh:
        for url, body, ctype in pages:
            write(fh, WarcRecordType.request, url, f"GET {url} HTTP/1.1\r\nHost: example.com\r\n\r\n".encode())
            write(fh, WarcRecordType.response, url,
                  f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body)
            gone = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>no</p>"
            write(fh, WarcRecordType.response, url + "/gone", gone)


@pytest.fixture
def warc(tmp_path) -> Path:
    gbk_page = ("<html><body><h1>兰州新区举办招聘会</h1><p>本报讯 兰州新区举办春季招聘会，两百余家企业提供岗位。"
                "</p></body></html>")
    pages = [(f"https://news.example.com/{i}", p.read_bytes(), "text/plain; charset=utf-8")
             for i, p in enumerate(SEEDS)]
    pages.insert(2, ("https://news.example.com/gbk", gbk_page.encode("gbk"), "text/html; charset=gbk"))
    pages.append(("https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"))
    path = tmp_path / "crawl.warc.gz"
    make_warc(path, pages)
    return path


def test_warc_records_are_pages(runner, warc):
    result = runner.invoke(cli, ["clean", "--format", "jsonl", str(warc)])
    assert result.exit_code == 0, result.stderr
    recs = records(result.stdout)
    assert len(recs) == len(SEEDS) + 1  # the request, the 404 and the image are passed over
    assert [r["url"] for r in recs][:3] == ["https://news.example.com/0", "https://news.example.com/1",
                                          "https://news.example.com/gbk"]
    assert all(r["path"].startswith(f"{warc}#") and r["warc_record_id"].startswith("<urn:uuid:") for r in recs)
    assert all(r["fetched"] and r["error"] is None for r in recs)
    gbk = recs[2]
    assert gbk["encoding"] == "gb18030" and "两百余家企业" in gbk["text"]  # the HTTP charset as a hint
    assert recs[0]["title"] == records(runner.invoke(cli, ["clean", "--format", "jsonl", str(SEEDS[0])]).stdout)[0][
        "title"]


def test_warc_into_a_folder_and_in_a_pool(runner, warc, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "-j", "2", str(warc), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    made = outputs(out / "crawl.warc.gz")
    assert len(made) == len(SEEDS) + 1 and all(p.name.endswith(".json") for p in made)


def test_a_pool_on_warc_records_larger_than_a_pipe_holds_finishes(tmp_path):
    # a worker holds the next page in its pipe while it cleans one; a record's bytes sent to
    # a busy worker would fill the pipe's buffer, and the parent's send and the worker's large
    # result would wait on each other for ever (a subprocess, so that a hang fails)
    import subprocess
    import sys

    body = b"".join(b"<p>" + line + b"</p>" for line in SEEDS[2].read_bytes().split(b"\n")) * 40
    page = b"<html><body>" + body + b"</body></html>"
    assert len(page) > 300_000
    path = tmp_path / "big.warc.gz"
    make_warc(path, [(f"https://news.example.com/{i}", page, "text/html; charset=utf-8") for i in range(6)])
    try:
        res = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--format", "jsonl", "-j", "2", str(path)],
                             capture_output=True, timeout=120)  # whole records: results larger than the buffer too
    except subprocess.TimeoutExpired:
        pytest.fail("the pool hung on large WARC records")
    assert res.returncode == 0, res.stderr[-500:]
    assert [r["url"] for r in records(res.stdout.decode())] == [f"https://news.example.com/{i}" for i in range(6)]


def test_a_year_less_date_in_a_warc_takes_the_year_of_its_fetch(runner, tmp_path):
    from datetime import datetime, timedelta, timezone

    from tests.conftest import load_cases

    case = next(c for c in load_cases("meta.json") if c["label"].startswith("date: a labelled year-less date"))
    path = tmp_path / "crawl.warc.gz"
    make_warc(path, [("https://news.example.com/post", case["input"].encode(), "text/plain; charset=utf-8")])
    for jobs in ("1", "2"):
        result = runner.invoke(cli, ["clean", "--format", "jsonl", "-j", jobs, str(path)])
        assert result.exit_code == 0, result.stderr
        (rec,) = records(result.stdout)
        fetched = datetime.fromisoformat(rec["fetched"].replace("Z", "+00:00")).astimezone(timezone(timedelta(hours=8)))
        posted = datetime(fetched.year, 10, 8, 12, 0, tzinfo=fetched.tzinfo)
        year = fetched.year if posted <= fetched else fetched.year - 1
        assert rec["date"] == f"{year}-10-08T12:00+08:00"
        assert "发布时间" not in rec["text"]


def test_a_damaged_warc_is_an_error_record_after_its_good_pages(runner, warc, tmp_path):
    data = warc.read_bytes()
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[: len(data) // 2] + b"\x00garbage" * 10)
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "--fields", "path,error", str(bad)])
    recs = records(result.stdout)
    assert recs and all(set(r) == {"path", "error"} for r in recs)
    assert result.exit_code in (0, 1) and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["all.jsonl", "all.jsonl.gz", "all.jsonl.zst"])
def test_one_jsonl_file(runner, tmp_path, name):
    out = tmp_path / "o" / name
    paths = [str(p) for p in SEEDS[::-1]]
    result = runner.invoke(cli, ["clean", "-j", "2", *paths, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    elif name.endswith(".zst"):
        import zstandard

        raw = zstandard.ZstdDecompressor().stream_reader(raw).read()
    recs = records(raw.decode())
    assert [r["path"] for r in recs] == paths
    assert sorted(p.name for p in out.parent.iterdir()) == sorted([name, "_cleaner_manifest.jsonl"])  # no temp
    assert out.stat().st_mode & 0o777 == 0o644 or out.stat().st_mode & 0o022 == 0


def test_parquet(runner, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is in the dev extra; CI installs it")
    out = tmp_path / "all.parquet"
    result = runner.invoke(cli, ["clean", *map(str, SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(out)
    assert table.num_rows == len(SEEDS)
    rows = table.to_pylist()
    assert rows[0]["path"] == str(SEEDS[0]) and rows[0]["authors"] == ["卢文杰"]
    assert rows[0]["place"]["city"] == "兰州市" and rows[0]["removed"][0]["filter"]
    only = tmp_path / "few.parquet"
    runner.invoke(cli, ["clean", "--fields", "title,date,text", *map(str, SEEDS), "-o", str(only)])
    assert pq.read_table(only).column_names == ["title", "date", "text"]


def test_parquet_needs_a_file(runner):
    result = runner.invoke(cli, ["clean", "--format", "parquet", str(SEEDS[0])])
    assert result.exit_code == 2 and "-o FILE.parquet" in result.stderr


def test_fields(runner):
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "--fields", "title,date,source,text", str(SEEDS[0])])
    (rec,) = records(result.stdout)
    assert list(rec) == ["title", "date", "source", "text"] and rec["source"] == "人民资讯"
    bad = runner.invoke(cli, ["clean", "--format", "jsonl", "--fields", "title,nope", str(SEEDS[0])])
    assert bad.exit_code == 2 and "unknown field(s) nope" in bad.stderr


def test_text_with_title(runner):
    plain = runner.invoke(cli, ["clean", str(SEEDS[0])]).stdout
    titled = runner.invoke(cli, ["clean", "--with-title", str(SEEDS[0])]).stdout
    assert titled == "兰州市西固区福利路街道:党建引领“微治理” 串起为民服务“微幸福”\n" + plain


def test_url_from_the_page(runner, tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><link rel="canonical" href="https://news.example.com/a.html"></head>'
                    "<body><p>正文内容，这是一篇文章。</p></body></html>", encoding="utf-8")
    (rec,) = records(runner.invoke(cli, ["clean", "--format", "jsonl", str(page)]).stdout)
    assert rec["url"] == "https://news.example.com/a.html"
    (rec,) = records(runner.invoke(cli, ["clean", "--format", "jsonl", str(SEEDS[0])]).stdout)
    assert rec["url"] is None


def _mixed_folder(root: Path) -> Path:
    src = root / "in"
    (src / "drafts").mkdir(parents=True)
    shutil.copy(SEEDS[0], src / "a.txt")
    shutil.copy(SEEDS[1], src / "b.html")
    shutil.copy(SEEDS[2], src / "drafts" / "c.txt")
    (src / "README.md").write_text("这些是抓取的网页。\n", encoding="utf-8")
    (src / "meta.json").write_text('{"source": "crawler"}', encoding="utf-8")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "pages.tar.gz").write_bytes(b"\x1f\x8b")
    return src


def test_a_walk_passes_over_what_is_not_a_page(runner, tmp_path):
    src = _mixed_folder(tmp_path)
    result = runner.invoke(cli, ["clean", "--format", "jsonl", "--fields", "path,error", str(src)])
    names = [Path(r["path"]).name for r in records(result.stdout)]
    assert names == ["README.md", "a.txt", "b.html", "c.txt"]
    assert result.exit_code == 0
    assert "3 skipped" in result.stderr.splitlines()[-1]


def test_include_and_exclude(runner, tmp_path):
    src = _mixed_folder(tmp_path)
    inc = runner.invoke(cli, ["clean", "--format", "jsonl", "--include", "*.txt", str(src)])
    assert [Path(r["path"]).name for r in records(inc.stdout)] == ["a.txt", "c.txt"]
    exc = runner.invoke(cli, ["clean", "--format", "jsonl", "--exclude", "drafts/*", "--exclude", "*.md", str(src)])
    assert [Path(r["path"]).name for r in records(exc.stdout)] == ["a.txt", "b.html"]
    named = runner.invoke(cli, ["clean", "--format", "jsonl", "--include", "*.txt", str(src / "meta.json")])
    assert "JSON" in records(named.stdout)[0]["error"]  # named on the command line: always tried


def test_messages(runner, tmp_path):
    src = _mixed_folder(tmp_path)
    normal = runner.invoke(cli, ["clean", str(src)])
    last = normal.stderr.strip().splitlines()[-1]
    assert last.startswith("cleaner: 4 page(s), 0 error(s)") and "skipped" in last and last.endswith(" s")
    quiet = runner.invoke(cli, ["clean", "-q", str(src)])
    assert quiet.stderr == "" and quiet.stdout == normal.stdout
    verbose = runner.invoke(cli, ["clean", "-v", str(src)])
    assert sum(": ok (" in line for line in verbose.stderr.splitlines()) == 4


def test_an_empty_input_set_says_so(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "x.png").write_bytes(b"\x89PNG")
    result = runner.invoke(cli, ["clean", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "no pages to clean" in result.stderr and "1 file(s) skipped" in result.stderr


def test_dry_run_with_output_says_it_writes_nothing(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["clean", "--dry-run", "-o", str(out), str(SEEDS[0])])
    assert result.exit_code == 0 and not out.exists()
    assert "dry run: nothing written" in result.stderr


# -- settings files ------------------------------------------------------------------------


def test_settings_file_then_command_line(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text('format = "jsonl"\nto = "traditional"\nfields = "title,text"\n')
    (rec,) = records(runner.invoke(cli, ["clean", str(SEEDS[0])]).stdout)
    assert list(rec) == ["title", "text"] and "蘭州" in rec["title"]  # the file beats the defaults
    (rec,) = records(runner.invoke(cli, ["clean", "--to", "simplified", str(SEEDS[0])]).stdout)
    assert "兰州" in rec["title"]  # the command line beats the file
    shown = runner.invoke(cli, ["config"]).stdout
    assert f"# settings file: {tmp_path / 'cleaner.toml'}" in shown
    assert any(line.startswith("to ") and '"traditional"' in line and "cleaner.toml" in line
               for line in shown.splitlines())
    assert any(line.startswith("jobs ") and line.endswith("# default") for line in shown.splitlines())


def test_settings_in_pyproject_and_explicit(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.cleaner]\nwith-title = true\n')
    assert runner.invoke(cli, ["clean", str(SEEDS[0])]).stdout.startswith("兰州市西固区福利路街道")
    other = tmp_path / "team.toml"
    other.write_text('keep-punct = true\n')
    out = runner.invoke(cli, ["clean", "--config", str(other), str(SEEDS[0])]).stdout
    assert "近年来,兰州" in out and not out.startswith("兰州市西固区福利路街道:")


def test_a_pyproject_that_does_not_name_cleaner_is_not_read(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project\nname = "x"\n')  # not valid TOML: never parsed
    result = runner.invoke(cli, ["clean", str(SEEDS[0])])
    assert result.exit_code == 0 and result.stdout.startswith("近年来")
    (tmp_path / "pyproject.toml").write_text('[tool."\\u0063leaner"]\nwith-title = true\n')  # named by an escape
    assert runner.invoke(cli, ["clean", str(SEEDS[0])]).stdout.startswith("兰州市西固区福利路街道")
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner\n')  # names it: a broken file is an error
    assert runner.invoke(cli, ["clean", str(SEEDS[0])]).exit_code == 2


def test_settings_reach_run_subcommands(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text('to = "traditional"\n')
    out = runner.invoke(cli, ["run", "-i", str(SEEDS[0]), "decode", "simplify", "tidy"]).stdout
    assert "蘭州市" in out


def test_an_unknown_setting_is_a_usage_error(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text('colour = "blue"\n')
    result = runner.invoke(cli, ["clean", str(SEEDS[0])])
    assert result.exit_code == 2 and "unknown setting 'colour'" in result.stderr
    assert runner.invoke(cli, ["config"]).exit_code == 2
