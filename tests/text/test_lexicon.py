"""``text.lexicon``: a long text searched a window at a time finds exactly what one pass finds."""

from __future__ import annotations

import random

import pytest

from cleaner.text import lexicon
from cleaner.text.lexicon import Lexicon


@pytest.mark.parametrize("seed", range(20))
def test_windows_find_what_one_pass_finds(seed, monkeypatch):
    rng = random.Random(seed)
    lex = Lexicon({"".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(1, 4))): i for i in range(40)})
    text = "".join(rng.choice("甲乙丙丁戊") for _ in range(rng.randint(500, 3000)))
    whole = lex.find(text), lex.longest(text)
    monkeypatch.setattr(lexicon, "WINDOW", rng.randint(5, 200))
    assert (lex.find(text), lex.longest(text)) == whole
