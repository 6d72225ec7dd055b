"""``python -m cleaner.summary PATH``: a one-screen summary of the records in PATH (a JSONL file,
or a folder of per-page ``.json`` records)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(folder: str) -> int:
    from rich.console import Console
    from rich.table import Table

    path = Path(folder)
    if path.is_file():
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.rglob("*.json"))]
    table = Table(title=f"{len(records)} page(s) cleaned into {folder}", show_lines=False)
    for col in ("page", "title", "date", "source", "place", "chars", "removed", "error"):
        table.add_column(col, no_wrap=True, overflow="ellipsis",
                         justify="right" if col in ("chars", "removed") else "left")
    for r in records:
        place = r.get("place") or {}
        where = " ".join(place.get(k) or "" for k in ("city", "district") if place.get(k)) if place else ""
        table.add_row(Path(r["path"]).name[:8], (r.get("title") or "")[:20], (r.get("date") or "")[:16],
                      (r.get("source") or "")[:8], where, str(len(r.get("text") or "")),
                      str(len(r.get("removed") or [])), (r.get("error") or "")[:30])
    console = Console(width=min(100, Console().width) if sys.stdout.isatty() else 100)
    console.print(table)
    if records:
        first = next((r for r in records if not r.get("error")), None)
        if first:
            console.print(f"[bold]{first['title']}[/bold]")
            console.print("\n".join((first["text"] or "").split("\n")[:3])[:400] + " …")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "out"))
