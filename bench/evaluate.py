#!/usr/bin/env python3
"""``make eval``: score the cleaner on seeds/ against seeds/gold and gate on bench/floors.json.

The metrics are those of the shared scorer (keep, remove, body precision/recall/F1 on
whitespace- and width-folded text, each metadata field, traditional residue).  When
../shared/dev-pages is present (real HTML pages, no gold) it also reports pages with an
empty body, a missing title or date, and errors.  Exit 1 when any floor is missed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def prf(out: str, gold: str) -> tuple[float, float, float]:
    a, b = squash(out), squash(gold)
    if not a or not b:
        return 0.0, 0.0, 0.0
    m = sum(x.size for x in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    p, r = m / len(a), m / len(b)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def same(value: str | None, gold: str | None, alts: list[str]) -> bool:
    if gold is None:
        return value in (None, "")
    return squash(value) in {squash(g) for g in [gold, *alts]}


def date_ok(value: str | None, gold: str | None, minute: bool) -> bool:
    if gold is None:
        return value in (None, "")
    if not value:
        return False
    v = re.sub("[T ]", " ", value)[:16]
    g = re.sub("[T ]", " ", gold)[: 16 if minute else 10]
    return v[: len(g)] == g


def authors_f1(value: list[str], gold: list[str]) -> float:
    v, g = {squash(x) for x in value}, {squash(x) for x in gold}
    if not g:
        return 1.0 if not v else 0.0
    tp = len(v & g)
    return 0.0 if not tp else 2 * tp / (len(v) + len(g))


def place_score(value: dict | None, gold: dict) -> float:
    value = value or {}
    keys = [k for k in ("province", "city", "district") if gold.get(k)]
    return sum(squash(value.get(k)) == squash(gold[k]) for k in keys) / len(keys)


def trad_per_k(text: str) -> float:
    from cleaner.text.convert import converter

    t2s = converter("t2s")
    trad = {c for c in set(text) if "\u4e00" <= c <= "\u9fff" and t2s(c) != c and c not in "著乾瞭於"}
    return sum(text.count(c) for c in trad) / max(1, len(text)) * 1000


def score_seeds() -> list[dict]:
    from cleaner import clean_bytes

    rows = []
    for gp in sorted((ROOT / "seeds" / "gold").glob("*.gold.json")):
        g = json.loads(gp.read_text(encoding="utf-8"))
        doc = clean_bytes((ROOT / "seeds" / g["doc"]).read_bytes(), name=g["doc"])
        m = doc.meta
        flat = squash(doc.text)
        p, r, f = prf(doc.text, g["body"])
        rows.append({
            "doc": g["doc"],
            "keep": sum(squash(s) in flat for s in g["must_keep"]) / len(g["must_keep"]),
            "remove": sum(squash(s) not in flat for s in g["must_remove"]) / len(g["must_remove"]),
            "body_p": p, "body_r": r, "body_f1": f,
            "title": float(same(m.get("title"), g["title"], g.get("title_alternatives", []))),
            "date": float(date_ok(m.get("date"), g["date"], False)),
            "datetime": float(date_ok(m.get("date"), g["date"], True)),
            "source": float(same(m.get("source"), g["source"], g.get("source_alternatives", []))),
            "editor": float(same(m.get("editor"), g["editor"], [])),
            "authors": authors_f1(m.get("authors") or [], g["authors"]),
            "place": place_score(m.get("place"), g["place"]),
            "trad_per_k": trad_per_k(doc.text),
        })
    return rows


def dev_pages(folder: Path) -> list[str]:
    from cleaner import clean_bytes

    problems = []
    pages = sorted(folder.glob("*.html"))
    t0 = time.perf_counter()
    for p in pages:
        doc = clean_bytes(p.read_bytes(), name=p.name)
        if doc.error:
            problems.append(f"{p.name}: error: {doc.error}")
            continue
        missing = [k for k in ("title", "date") if not doc.meta.get(k)]
        if not doc.text.strip():
            missing.append("body")
        if missing:
            problems.append(f"{p.name}: no {', '.join(missing)}")
    dt = time.perf_counter() - t0
    print(f"\ndev-pages: {len(pages)} HTML pages in {dt:.1f}s, {len(pages) - len(problems)} complete")
    return problems


def slips(folder: Path, per_line: int) -> dict[str, dict[str, float]]:
    """Repair rates on GBK byte slips made in the texts of ``folder`` (see bench/slips.py)."""
    from bench.slips import OUTCOMES, measure, rates

    out = rates(measure(folder, per_line))
    for model, r in out.items():
        print(f"  {model:8} {r['cases']:5.0f} cases: " + ", ".join(f"{k} {r[k]:.1%}" for k in OUTCOMES))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--floors", default=str(ROOT / "bench" / "floors.json"))
    ap.add_argument("--dev-pages", default=str(ROOT.parent / "shared" / "dev-pages"))
    ap.add_argument("--json", help="write the scores here")
    a = ap.parse_args()
    floors = json.loads(Path(a.floors).read_text())
    rows = score_seeds()
    cols = ["keep", "remove", "body_f1", "title", "date", "datetime", "source", "editor", "authors", "place",
            "trad_per_k"]
    print(f"{'seed':28} " + " ".join(f"{c[:8]:>8}" for c in cols))
    for r in rows:
        print(f"{r['doc'][:28]:28} " + " ".join(f"{r[c]:8.3f}" for c in cols))
    mean = {c: sum(r[c] for r in rows) / len(rows) for c in cols}
    print(f"{'mean':28} " + " ".join(f"{mean[c]:8.3f}" for c in cols))
    failures = []
    for r in rows:
        for k, floor in floors["per_seed"].items():
            if r[k] < floor - 1e-9:
                failures.append(f"{r['doc']}: {k} {r[k]:.3f} < floor {floor}")
        if r["trad_per_k"] > floors["max_trad_per_k"]:
            failures.append(f"{r['doc']}: trad_per_k {r['trad_per_k']:.3f} > {floors['max_trad_per_k']}")
    for k, floor in floors["mean"].items():
        if mean[k] < floor - 1e-9:
            failures.append(f"mean {k} {mean[k]:.3f} < floor {floor}")
    print("\nslips made in the gold bodies (bench/slips.py):")
    made = slips(ROOT / "seeds" / "gold", 4)
    for model, bounds in floors["slips"].items():
        if made[model]["exact"] < bounds["min_exact"] - 1e-9:
            failures.append(f"slips {model}: exact {made[model]['exact']:.3f} < floor {bounds['min_exact']}")
        if made[model]["wrong"] > bounds["max_wrong"] + 1e-9:
            failures.append(f"slips {model}: wrong {made[model]['wrong']:.3f} > ceiling {bounds['max_wrong']}")
    if a.json:
        Path(a.json).write_text(json.dumps({"seeds": rows, "mean": mean, "slips": made}, ensure_ascii=False,
                                           indent=1))
    dev = Path(a.dev_pages)
    if dev.is_dir():
        for line in dev_pages(dev):
            print("  " + line)
        print("\nslips made in the dev pages' cleaned text (not gated):")
        slips(dev, 2)
    if failures:
        print("\nEVAL FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\neval: all floors met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
