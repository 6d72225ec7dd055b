#!/usr/bin/env python3
"""``make fuzz``: the fuzz properties of tests/test_fuzz.py, randomised, for a set time.

    python bench/fuzz.py [--seconds 600] [--batch 500]

Runs rounds of ``--batch`` examples per property (random bytes, mutated and re-encoded
seeds, random HTML) until the time is up; stops at the first failure (Hypothesis prints
the shrunk input) and prints how many inputs ran.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERTIES = 3  # tests in tests/test_fuzz.py


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--batch", type=int, default=500)
    a = ap.parse_args()
    env = {**os.environ, "CLEANER_FUZZ_EXAMPLES": str(a.batch), "CLEANER_FUZZ_RANDOM": "1"}
    start, inputs, rounds = time.monotonic(), 0, 0
    while time.monotonic() - start < a.seconds:
        res = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                              "tests/test_fuzz.py"], cwd=ROOT, env=env, check=False)
        rounds += 1
        if res.returncode != 0:
            print(f"fuzz: FAILED in round {rounds} after about {inputs:,} inputs")
            return 1
        inputs += a.batch * PROPERTIES
    print(f"fuzz: {inputs:,} inputs in {rounds} round(s), {time.monotonic() - start:.0f} s, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
