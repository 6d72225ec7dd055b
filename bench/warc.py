#!/usr/bin/env python3
"""WARC readers compared: FastWARC against warcio on a WARC made from the dev pages.

    python bench/warc.py [--copies 40]

Writes ``bench/warc/dev.warc.gz`` (each dev page as an HTTP response record, repeated
``--copies`` times), then reads every response payload with each library in a fresh
process and reports records/s, MB/s and peak RSS (median of 3).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-pages"


def record(url: str, body: bytes, charset: str = "utf-8") -> bytes:
    """One gzip member holding a WARC/1.1 response record with an HTTP 200 response."""
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2024-03-22T13:02:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def make(path: Path, pages: list[tuple[str, bytes]], copies: int = 1) -> int:
    """Write ``pages`` (url, body) ``copies`` times as a .warc.gz; return the record count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "wb") as fh:
        for c in range(copies):
            for url, body in pages:
                fh.write(record(f"{url}?copy={c}", body))
                n += 1
    return n


READERS = {
    "fastwarc": """
import sys
from fastwarc.warc import ArchiveIterator, WarcRecordType
n = size = 0
for rec in ArchiveIterator(open(sys.argv[1], "rb"), record_types=WarcRecordType.response, parse_http=True):
    body = rec.reader.read()
    n += 1; size += len(body)
    url = rec.headers.get("WARC-Target-URI"); ct = rec.http_content_type; cs = rec.http_charset
print(n, size)
""",
    "warcio": """
import sys
from warcio.archiveiterator import ArchiveIterator
n = size = 0
for rec in ArchiveIterator(open(sys.argv[1], "rb")):
    if rec.rec_type != "response":
        continue
    body = rec.content_stream().read()
    n += 1; size += len(body)
    url = rec.rec_headers.get_header("WARC-Target-URI"); ct = rec.http_headers.get_header("Content-Type")
print(n, size)
""",
}


def run(reader: str, path: Path) -> tuple[float, float, int, int]:
    code = ("import resource, time, runpy; t = time.perf_counter()\n"
            f"exec({READERS[reader]!r})\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout
    first, second = out.strip().splitlines()
    n, size = map(int, first.split())
    secs, rss = second.split()
    return float(secs), int(rss) / 1024, n, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=40)
    a = ap.parse_args()
    pages = [(f"https://example.com/{p.stem}", p.read_bytes()) for p in sorted(DEV.glob("*.html"))]
    path = ROOT / "bench" / "warc" / "dev.warc.gz"
    n = make(path, pages, a.copies)
    print(f"{path.name}: {n} records, {path.stat().st_size / 1e6:.1f} MB compressed")
    print("| reader | records/s | MB/s (payload) | peak RSS MB |\n| --- | --- | --- | --- |")
    for reader in READERS:
        runs = [run(reader, path) for _ in range(3)]
        secs = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        print(f"| {reader} | {runs[0][2] / secs:,.0f} | {runs[0][3] / secs / 1e6:.0f} | {rss:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
