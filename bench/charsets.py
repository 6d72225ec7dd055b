#!/usr/bin/env python3
"""Charset detection on a labelled set: accuracy and speed of cleaner's ``decode`` against
chardet, charset-normalizer and cchardet (faust-cchardet), where installed.

The set: every seed and three 500-character excerpts of it in each charset that can hold
it (UTF-8, UTF-8 with BOM, UTF-16, GB18030, GBK, Big5 for the traditional seeds and for
traditional renderings of the others), seven kinds of damaged pages, and mislabelled HTML.
A sample counts as right when the decoded text equals the original (damaged pages: the
real charset family with at most the damaged bytes replaced).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _can(text: str, enc: str) -> bytes | None:
    try:
        return text.encode(enc)
    except UnicodeEncodeError:
        return None


def labelled() -> tuple[list[tuple[bytes, str]], list[tuple[bytes, str, int]]]:
    from cleaner.text.convert import converter

    clean: list[tuple[bytes, str]] = []
    s2t = converter("s2t")
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        texts = [t] + [t[s : s + 500] for s in (0, len(t) // 3, len(t) // 2)]
        for text in texts:
            for enc in ("utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"):
                data = _can(text, enc)
                if data is not None:
                    clean.append((data, text))
            trad = text if p.name.startswith(("002", "004")) else s2t(text)
            big5 = "".join(ch for ch in trad if _can(ch, "big5") is not None)
            clean.append((big5.encode("big5"), big5))
    t = "".join(ch for ch in (ROOT / "seeds").glob("000*.txt").__next__().read_text("utf-8")[:3000]
                if _can(ch, "gbk") is not None)
    u8, gbk = t.encode(), t.encode("gbk")
    damaged = [(u8[:1500] + b"\xff" + u8[1500:], t, 1), (u8[:-1], t[:-1], 1),
               (u8.replace("“".encode(), b"\x93", 1), t.replace("“", "", 1), 1),
               (t[:300].encode() + "兰州新闻".encode("gbk") + t[300:].encode(), t[:300] + "兰州新闻" + t[300:], 8),
               (gbk[:1000] + b"\xff" + gbk[1000:], t, 1), (gbk[:-1], t[:-1], 1),
               (gbk[:500] + b"\x80\xff" + gbk[500:], t, 2)]
    html = f'<html><head><meta charset="gb2312"></head><body><p>{t[:1200]}</p></body></html>'
    clean.append((html.encode(), html))
    clean.append((html.encode("gbk"), html))
    return clean, damaged


def _right(text: str | None, want: str, slack: int = 0) -> bool:
    if text is None:
        return False
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if slack == 0:
        return text == want
    import difflib

    m = difflib.SequenceMatcher(None, text, want, autojunk=False)
    same = sum(b.size for b in m.get_matching_blocks())
    return len(want) - same <= slack and text.count("\ufffd") <= slack


def detectors() -> dict[str, Callable[[bytes], str | None]]:
    out: dict[str, Callable[[bytes], str | None]] = {}
    from cleaner.filters.decode import detect

    out["cleaner decode"] = lambda b: detect(b)[0]
    try:
        import chardet

        def cd(b: bytes) -> str | None:
            enc = chardet.detect(b)["encoding"]
            return b.decode(enc, "replace") if enc else None

        out[f"chardet {chardet.__version__}"] = cd
    except ImportError:
        pass
    try:
        import charset_normalizer

        def cn(b: bytes) -> str | None:
            best = charset_normalizer.from_bytes(b).best()
            return str(best) if best is not None else None

        out[f"charset-normalizer {charset_normalizer.__version__}"] = cn
    except ImportError:
        pass
    try:
        import cchardet

        def cc(b: bytes) -> str | None:
            enc = cchardet.detect(b)["encoding"]
            return b.decode(enc, "replace") if enc else None

        out["cchardet"] = cc
    except ImportError:
        pass
    return out


def _safe(fn: Callable[[bytes], str | None], data: bytes) -> str | None:
    try:
        return fn(data)
    except Exception:
        return None


def detector_table() -> list[str]:
    clean, damaged = labelled()
    gbk = [d for d, _ in clean if len(d) > 2000][:20]
    rows = ["| detector | clean samples right | damaged pages right | MB/s (GBK/UTF-8 pages) |",
            "| --- | --- | --- | --- |"]
    for name, fn in detectors().items():
        ok = sum(_right(_safe(fn, d), want) for d, want in clean)
        dok = sum(_right(_safe(fn, d), want, slack) for d, want, slack in damaged)
        t0 = time.perf_counter()
        for d in gbk:
            _safe(fn, d)
        rate = sum(map(len, gbk)) / (time.perf_counter() - t0) / 1e6
        rows.append(f"| {name} | {ok}/{len(clean)} | {dok}/{len(damaged)} | {rate:.2f} |")
    return rows


if __name__ == "__main__":
    print("\n".join(detector_table()))
