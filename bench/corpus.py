#!/usr/bin/env python3
"""Generate a benchmark corpus deterministically from seeds/ and ../shared/dev-pages.

Text dumps: the seeds with paragraphs shuffled, repeated and cut, in UTF-8, GB18030,
GBK and Big5 (traditional via OpenCC), with and without spam lines injected.  HTML: the
dev pages as they are, re-encoded to GB18030 with a matching <meta charset>, and with a
spam title.  Same --seed, same corpus.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPAM = ["中文无字幕一本码专区_泷泽萝拉无码精品AV在线_国内午夜无码不卡在线观看",
        "威斯尼斯人wns145585-正版威斯尼斯人8206下载安装 |",
        "主站蜘蛛池模板: 欧美成人久久久| 成人试看120秒体验区| 欧美成人午夜影院| 精品久久久久久成人AV"]


def _encode(text: str, enc: str) -> bytes | None:
    try:
        return text.encode(enc)
    except UnicodeEncodeError:
        return None


def text_page(rng: random.Random, seeds: list[str], to_trad) -> tuple[bytes, str]:
    base = rng.choice(seeds)
    lines = base.split("\n")
    body = [ln for ln in lines if len(ln) > 60]
    extra = rng.sample(body, k=min(len(body), rng.randint(0, 4)))
    mid = len(lines) // 2
    lines = lines[:mid] + extra + lines[mid:]
    if rng.random() < 0.3:
        lines.insert(0, rng.choice(SPAM))
        lines.append(rng.choice(SPAM))
    text = "\n".join(lines)
    kind = rng.random()
    if kind < 0.2:
        text = to_trad(text)
        for enc in ("big5", "big5hkscs", "utf-8"):
            data = _encode(text, enc)
            if data is not None:
                return data, enc
    enc = rng.choice(["utf-8", "utf-8", "gb18030", "gbk"])
    data = _encode(text, enc)
    return (data, enc) if data is not None else (text.encode("gb18030"), "gb18030")


def html_page(rng: random.Random, pages: list[Path]) -> tuple[bytes, str]:
    path = rng.choice(pages)
    raw = path.read_bytes()
    r = rng.random()
    if r < 0.3:
        text = raw.decode("utf-8", "replace")
        text = re.sub(r"charset=[\"']?[\w-]+", "charset=gb18030", text, count=1, flags=re.I)
        return text.encode("gb18030", "replace"), "gb18030"
    if r < 0.45:
        text = raw.decode("utf-8", "replace")
        text = re.sub(r"<title>", "<title>" + rng.choice(SPAM)[:30] + "_", text, count=1)
        return text.encode("utf-8"), "utf-8"
    return raw, "utf-8"


def generate(out: Path, pages: int, html_share: float, seed: int) -> dict[str, int]:
    from cleaner.text.convert import converter

    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    dev = sorted((ROOT.parent / "shared" / "dev-pages").glob("*.html"))
    if out.exists():
        shutil.rmtree(out)
    (out / "text").mkdir(parents=True)
    (out / "html").mkdir(parents=True)
    s2t = converter("s2t")
    counts = {"text": 0, "html": 0, "bytes_text": 0, "bytes_html": 0}
    n_html = int(pages * html_share) if dev else 0
    for i in range(pages):
        if i < n_html:
            data, enc = html_page(rng, dev)
            (out / "html" / f"{i:05d}_{enc}.html").write_bytes(data)
            counts["html"] += 1
            counts["bytes_html"] += len(data)
        else:
            data, enc = text_page(rng, seeds, s2t)
            (out / "text" / f"{i:05d}_{enc}.txt").write_bytes(data)
            counts["text"] += 1
            counts["bytes_text"] += len(data)
    return counts


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "bench" / "corpus"))
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--html-share", type=float, default=0.075)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    print(generate(Path(a.out), a.pages, a.html_share, a.seed))
