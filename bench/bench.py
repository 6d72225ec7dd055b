#!/usr/bin/env python3
"""``make bench``: throughput, per-filter time, memory, start-up, trafilatura, charset detectors,
pathological pages.

Generates the corpus (bench/corpus.py), then measures in one run, median of --repeat runs:
pages/s and MB/s with -j 1 and -j <cores> through the CLI, peak RSS, ``cleaner --help``
start-up and one page through ``cleaner clean -``, MB/s on one core in-process with the
caches warm, with the per-line caches cleared before every page (unique pages) and with every
bounded cache cleared (cold), the time share per filter (from the pipeline's own
counters), whole-process pages/s against trafilatura's bare_extraction (default and with
metadata) on the dev pages, and charset detection accuracy and speed.  Writes a
markdown table to stdout and bench/results.md.  Not a test: machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


Row = tuple[str, int, float, float, float]


MIN_SECONDS = 90.0
"""Rounds of alternating runs go on past ``--repeat`` while they have taken less than this in
all, up to three times ``--repeat``: on this kind of shared machine one run of the same
command takes 15-20% more or less than the next, and a median of three ratios still moved
by 0.3 between runs of unchanged code."""


def more_rounds(rounds: int, repeat: int, secs: dict[Any, list[float]]) -> bool:
    """Whether another round of alternating runs is due (see :data:`MIN_SECONDS`)."""
    return rounds < repeat or (rounds < 3 * repeat and sum(map(sum, secs.values())) < MIN_SECONDS)


def throughput(corpus: Path, repeat: int, cores: int) -> tuple[list[Row], dict[str, tuple[float, int]]]:
    """CLI pages/s and MB/s with ``-j 1`` and ``-j cores``, and per part the speed-up and the
    rounds it took: the runs alternate (1, cores, 1, cores, ...) and the speed-up is the median
    of each round's ratio, so that a slow phase of a shared machine weighs on both sides of a
    ratio alike.  A part runs ``repeat`` rounds or more (:func:`more_rounds`)."""
    rows: list[Row] = []
    speedups: dict[str, tuple[float, int]] = {}
    for part in ("text", "html"):
        n, nbytes = size(corpus / part)
        if not n:
            continue
        jobs_list = sorted({1, cores})
        secs: dict[int, list[float]] = {j: [] for j in jobs_list}
        rounds = 0
        while more_rounds(rounds, repeat, secs):
            for jobs in jobs_list:
                secs[jobs].append(timed([str(BIN / "cleaner"), "clean", "--format", "jsonl", "-j", str(jobs),
                                         str(corpus / part)]))
            rounds += 1
        for jobs in jobs_list:
            s = statistics.median(secs[jobs])
            rows.append((part, jobs, n / s, nbytes / s / 1e6, s))
        if len(jobs_list) > 1:
            speedups[part] = (statistics.median(a / b for a, b in zip(secs[1], secs[cores], strict=True)), rounds)
    return rows, speedups


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def calibrate(cores: int, n: int = 4_000_000, rounds: int = 3) -> tuple[float, float]:
    """The machine's own pace, so that runs on a shared machine can be compared: seconds of a
    fixed pure-Python loop on one core (median of ``rounds``), and the speed-up of ``cores``
    processes running that loop over ``cores`` processes' worth of it one after another
    (the ceiling any ``-j`` speed-up meets here)."""
    from concurrent.futures import ProcessPoolExecutor

    one, ratios = [], []
    with ProcessPoolExecutor(cores) as ex:
        list(ex.map(_spin, [1000] * cores))  # the workers started
        for _ in range(rounds):
            t0 = time.perf_counter()
            for _ in range(cores):
                _spin(n)
            serial = time.perf_counter() - t0
            t0 = time.perf_counter()
            list(ex.map(_spin, [n] * cores))
            ratios.append(serial / (time.perf_counter() - t0))
            one.append(serial / cores)
    return statistics.median(one), statistics.median(ratios)


def filter_shares(corpus: Path, limit: int = 400) -> dict[str, float]:
    from cleaner import clean_bytes

    totals: dict[str, float] = {}
    files = sorted((corpus / "text").iterdir())[: limit] + sorted((corpus / "html").iterdir())[: limit // 8]
    for p in files:
        doc = clean_bytes(p.read_bytes(), name=p.name)
        for k, v in doc.timings.items():
            totals[k] = totals.get(k, 0.0) + v
    whole = sum(totals.values()) or 1.0
    return {k: v / whole for k, v in totals.items()}


def startup(repeat: int = 10) -> float:
    return statistics.median(timed([str(BIN / "cleaner"), "--help"]) for _ in range(repeat))


def one_page(repeat: int = 5) -> float:
    """Wall time of one page through ``cleaner clean -`` (a crawler piping page by page)."""
    page = sorted((ROOT / "seeds").glob("*.txt"))[0]

    def run() -> float:
        t0 = time.perf_counter()
        with page.open("rb") as fh:
            subprocess.run([str(BIN / "cleaner"), "clean", "-", "--format", "jsonl"], stdin=fh,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return time.perf_counter() - t0

    return statistics.median(run() for _ in range(repeat))


PER_VALUE = {"cleaner.filters.repair.gbk_slip.fit", "cleaner.filters.repair.gbk_slip._simplified",
             "cleaner.filters.repair.misdecoded._gbk", "cleaner.filters.html._ident_hint"}
"""Bounded caches keyed by a character or a ``class``/``id`` value rather than by a line: unique
pages share them (characters recur on every page, a site's class names on each of its pages),
so the unique-pages measure keeps them; any other bounded cache counts as a per-line one."""


def line_caches(every: bool = True) -> list:
    """The bounded ``lru_cache``s of the cleaner's modules (the tables, cached once, stay);
    with ``every`` false, only the per-line ones (not :data:`PER_VALUE`)."""
    import sys as _sys

    out = []
    for name, mod in list(_sys.modules.items()):
        if not name.startswith("cleaner"):
            continue
        for key, obj in vars(mod).items():
            info = getattr(obj, "cache_info", None)
            if info is not None and (info().maxsize or 0) > 1 and (every or f"{name}.{key}" not in PER_VALUE):
                out.append(obj)
    return out


def per_core(corpus: Path, repeat: int) -> list[tuple[str, str, float, float]]:
    """In-process MB/s and pages/s on one core, with the caches warm (as the generated corpus,
    which repeats lines, leaves them), with the per-line caches cleared before every page
    ("unique": as unique real pages behave) and with every bounded cache cleared before every
    page ("cold": not even a character's or a class name's work kept).  CPU seconds, median of
    ``repeat``.  What a long run builds before its first page (the automaton over every place
    name) is built first, as the CLI does for a batch of this size: otherwise the first mode
    measured would search its first 400 pages the slower way and the later ones not."""
    from cleaner import clean_bytes
    from cleaner.registry import default_chain, prepare_long_run

    prepare_long_run(default_chain())
    rows = []
    for part in ("text", "html"):
        data = [p.read_bytes() for p in sorted((corpus / part).iterdir())]
        if not data:
            continue
        clean_bytes(data[0])
        cleared = {"warm": [], "unique": line_caches(every=False), "cold": line_caches()}
        if part == "html":  # a cache renamed would silently turn the unique-pages measure colder
            assert len(cleared["cold"]) - len(cleared["unique"]) == len(PER_VALUE), "bench.PER_VALUE is stale"
        for mode, caches in cleared.items():
            secs = []
            for _ in range(repeat):
                t0 = time.process_time()
                for d in data:
                    for c in caches:
                        c.cache_clear()
                    clean_bytes(d)
                secs.append(time.process_time() - t0)
            s = statistics.median(secs)
            rows.append((part, mode, sum(map(len, data)) / s / 1e6, len(data) / s))
    return rows


TRAFILATURA = """
import sys, time
from pathlib import Path
from trafilatura import bare_extraction
for p in sorted(Path(sys.argv[1]).iterdir()):
    try:
        bare_extraction(p.read_bytes(), with_metadata=sys.argv[2] == "meta")
    except Exception:
        pass
"""


def race(pages: Path, repeat: int) -> tuple[int, list[tuple[str, float, float | None]]] | None:
    """Pages/s of whole processes (start-up included) on the same HTML pages: cleaner's CLI
    and trafilatura's ``bare_extraction``, by default and with its metadata.  The three run in
    turn, ``repeat`` rounds or more (:func:`more_rounds`), which it returns with them; each
    tool's pages/s is its median and cleaner's lead over it the median of the rounds' ratios."""
    try:
        import trafilatura  # noqa: F401
    except Exception:
        return None
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for p in pages.glob("*.htm*"):  # the pages alone (a folder may hold its README)
            shutil.copy(p, tmp)
        n = sum(1 for _ in Path(tmp).iterdir())
        runs = {
            "cleaner clean --format jsonl (-j 1, with metadata)":
                [str(BIN / "cleaner"), "clean", "--format", "jsonl", "-j", "1", tmp],
            "trafilatura bare_extraction (default)": [sys.executable, "-c", TRAFILATURA, tmp, "default"],
            "trafilatura bare_extraction (with_metadata=True)": [sys.executable, "-c", TRAFILATURA, tmp, "meta"],
        }
        secs: dict[str, list[float]] = {name: [] for name in runs}
        rounds = 0
        while more_rounds(rounds, repeat, secs):
            for name, cmd in runs.items():
                secs[name].append(timed(cmd))
            rounds += 1
        mine = secs[next(iter(runs))]
        return rounds, [(name, n / statistics.median(s),
                         None if i == 0 else statistics.median(b / a for a, b in zip(mine, s, strict=True)))
                        for i, (name, s) in enumerate(secs.items())]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    a = ap.parse_args()
    from bench.charsets import detector_table
    from bench.corpus import generate

    corpus = ROOT / "bench" / "corpus"
    counts = generate(corpus, a.pages, 0.075, 7)
    import compileall

    compileall.compile_dir(ROOT / "cleaner", quiet=1)  # as an installed package starts: from bytecode
    cores = os.cpu_count() or 1
    pace = calibrate(cores)
    lines = [f"# cleaner benchmark, {date.today().isoformat()}",
             "",
             f"Machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
             f"{platform.system()} {platform.release()}.  Corpus: {counts['text']} text pages "
             f"({counts['bytes_text'] / 1e6:.1f} MB) and {counts['html']} HTML pages "
             f"({counts['bytes_html'] / 1e6:.1f} MB), generated by bench/corpus.py (seed 7).  "
             f"Medians of {a.repeat} runs or more (the CLI's and trafilatura's rounds: as many as each says).",
             "", "PACE", "", "## Throughput (CLI, `cleaner clean --format jsonl -j N`)", "",
             "| part | -j | pages/s | MB/s | seconds |", "| --- | --- | --- | --- | --- |"]
    rows, speedups = throughput(corpus, a.repeat, cores)
    for part, jobs, pps, mbs, secs in rows:
        lines.append(f"| {part} | {jobs} | {pps:.1f} | {mbs:.2f} | {secs:.1f} |")
    for part, (ratio, rounds) in speedups.items():
        lines.append(f"\nSpeed-up on {cores} cores ({part}; median of {rounds} rounds' ratios, the runs alternating): "
                     f"{ratio:.2f}x")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines += ["", f"Peak RSS of any cleaner process: {rss:.0f} MB", "",
              f"`cleaner --help` start-up: {startup() * 1000:.0f} ms (median of 10)", "",
              f"One page through `cleaner clean -` (seed 000, wall): {one_page() * 1000:.0f} ms (median of 5)", ""]
    lines += ["## One core, in-process (CPU seconds; caches warm, per-line caches cleared before every page"
              " (unique), every bounded cache cleared before every page (cold))", "",
              "| part | caches | MB/s | pages/s |", "| --- | --- | --- | --- |"]
    for part, mode, mbs, pps in per_core(corpus, a.repeat):
        lines.append(f"| {part} | {mode} | {mbs:.2f} | {pps:.1f} |")
    shares = filter_shares(corpus)
    lines += ["", "## Time share per filter (in-process, 400 text + 50 HTML pages)", "",
              "| filter | share |", "| --- | --- |"]
    for k, v in sorted(shares.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {k} | {v * 100:.1f}% |")
    dev = ROOT.parent / "shared" / "dev-pages"
    pages = dev if dev.is_dir() else corpus / "html"
    raced = race(pages, a.repeat)
    lines += ["", f"## Against trafilatura: whole processes, start-up included, on {pages.name} "
              f"({sum(1 for _ in pages.glob('*.htm*'))} HTML pages"
              + (f"; medians of {raced[0]} rounds" if raced else "") + ")", "",
              "| tool | pages/s | cleaner's pages/s over it |", "| --- | --- | --- |"]
    if raced:
        lines += [f"| {name} | {pps:.1f} | {'' if lead is None else f'{lead:.2f}x'} |" for name, pps, lead in raced[1]]
    else:
        lines.append("| trafilatura | not installed (`pip install -e .[bench]`) | |")
    lines += ["", "## Charset detection (bench/charsets.py)", "", *detector_table()]
    from bench.linear import measure, table

    lines += ["", "## Pathological one-line pages (bench/linear.py; ratio 4 = linear)", "", table(measure())]
    from bench import scale

    lines += ["", "## Scaling: memory at 1,000 and 10,000 pages, Ray beside the process pool (bench/scale.py)",
              "", *scale.table(corpus, cores)]
    after = calibrate(cores)
    lines[lines.index("PACE")] = (
        f"Machine pace (a fixed pure-Python loop, bench.calibrate): {pace[0]:.2f} s on one core at the start, "
        f"{after[0]:.2f} s at the end; {cores} processes of it ran {pace[1]:.2f}x and {after[1]:.2f}x as fast as "
        f"one after another (the ceiling of a `-j {cores}` speed-up on this machine then).")
    text = "\n".join(lines) + "\n"
    Path(a.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
