#!/usr/bin/env python3
"""``make eval``: score the seeds, the dev pages (HTML) and the dev dumps; gate on bench/floors.json.

``make eval ERRORS=1`` (``--errors``) lists every miss of the dev sets as ``page field gold got``.

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
from typing import Any

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


SHARED = ROOT.parent / "shared"
SETS = {"dev-pages": ("dev-gold", "dev-pages"), "dev-dumps": ("dev-dumps", "dev-dumps")}
FIELDS = ("title", "date", "datetime", "source", "editor", "authors", "place")


def shared_metrics():
    """The shared yardstick's own functions (../shared/eval/score.py), so the numbers agree."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def field_score(m: Any, k: str, rec: dict, g: dict) -> float | None:
    """One metadata field of one page, as the shared scorer scores it."""
    if k == "title":
        return float(m.same(rec["title"], g["title"], g.get("title_alternatives", [])))
    if k in ("date", "datetime"):
        return float(m.date_ok(rec["date"], g["date"], to_minute=k == "datetime"))
    if k == "source":
        return float(m.same(rec["source"], g["source"], g.get("source_alternatives", [])))
    if k == "editor":
        return float(m.same(rec["editor"], g["editor"]))
    if k == "authors":
        return float(m.authors_f1(rec["authors"], g["authors"]))
    return m.place_score(rec["place"], g["place"])


def score_set(gold_dir: Path, inputs: Path) -> tuple[dict[str, float], list[str]]:
    """Mean scores of one gold set with the shared metrics, and every miss as
    ``page field gold got``."""
    from cleaner import clean_bytes

    m = shared_metrics()
    rows, misses = [], []
    for gp in sorted(gold_dir.glob("*.gold.json")):
        g = json.loads(gp.read_text(encoding="utf-8"))
        rec = clean_bytes((inputs / g["doc"]).read_bytes(), name=g["doc"]).to_record()
        flat = m.squash(rec["text"])
        row: dict[str, float] = {}
        keep, remove = g.get("must_keep", []), g.get("must_remove", [])
        if keep:
            row["keep"] = sum(m.squash(k) in flat for k in keep) / len(keep)
            misses += [f"{g['doc']} keep {k!r} (lost)" for k in keep if m.squash(k) not in flat]
        if remove:
            row["remove"] = sum(m.squash(k) not in flat for k in remove) / len(remove)
            misses += [f"{g['doc']} remove {k!r} (left in)" for k in remove if m.squash(k) in flat]
        if g.get("body"):
            row["body_f1"] = m.char_prf(rec["text"], g["body"])[2]
            if row["body_f1"] < 0.95:
                misses.append(f"{g['doc']} body_f1 {row['body_f1']:.3f}")
        for k in FIELDS:
            key = "date" if k == "datetime" else k
            if key not in g:
                continue
            v = field_score(m, k, rec, g)
            if v is None:
                continue
            row[k] = float(v)
            if float(v) < 1:
                got = rec.get(key)
                misses.append(f"{g['doc']} {k} {json.dumps(g[key], ensure_ascii=False)} "
                              f"{json.dumps(got, ensure_ascii=False)}")
        rows.append(row)
    cols = sorted({k for r in rows for k in r})
    mean = {c: sum(r[c] for r in rows if c in r) / max(1, sum(c in r for r in rows)) for c in cols}
    return mean, misses


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
    ap.add_argument("--errors", action="store_true", help="list every miss as: page field gold got")
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
    for name, (gold, inputs) in SETS.items():
        if not (SHARED / gold).is_dir():
            print(f"\n{name}: {SHARED / gold} is missing: not scored")
            continue
        mean_set, misses = score_set(SHARED / gold, SHARED / inputs)
        print(f"\n{name} (shared metrics): " + "  ".join(f"{k} {v:.3f}" for k, v in mean_set.items()))
        for k, floor in floors.get("sets", {}).get(name, {}).items():
            if mean_set.get(k, 0.0) < floor - 1e-9:
                failures.append(f"{name} {k} {mean_set.get(k, 0.0):.3f} < floor {floor}")
        if a.errors:
            print("\n".join(f"  {line}" for line in misses))
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
