from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

# the compiled-pattern cache (cleaner/text/rx.py) of this test session, not the user's
os.environ.setdefault("CLEANER_CACHE_DIR", tempfile.mkdtemp(prefix="cleaner-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = {g["doc"]: g for g in (json.loads(p.read_text(encoding="utf-8"))
                             for p in (ROOT / "seeds" / "gold").glob("*.gold.json"))}
DEV_PAGES = ROOT.parent / "shared" / "dev-pages"


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    assert SEEDS, "seeds/ is empty"
    return SEEDS


def gold_for(path: Path) -> dict:
    return GOLD[path.name]


def outputs(folder: Path) -> list[Path]:
    """The page outputs under an -o folder (the run's manifest is not one)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "_cleaner_manifest.jsonl")


def load_cases(name: str) -> list[dict]:
    return json.loads((ROOT / "tests" / "cases" / name).read_text(encoding="utf-8"))
