"""``text.lexicon``: a long text searched a window at a time finds exactly what one pass finds,
and the dict lookups of a lexicon's first searches find exactly what its automaton finds."""

from __future__ import annotations

import random

import pytest

from cleaner.text import lexicon
from cleaner.text.lexicon import Lexicon


def _random_lexicon(rng: random.Random) -> Lexicon:
    return Lexicon({"".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(1, 4))): i for i in range(40)})


@pytest.mark.parametrize("seed", range(20))
def test_windows_find_what_one_pass_finds(seed, monkeypatch):
    monkeypatch.setattr(lexicon, "SCAN_PER_TERM", 0)  # the automaton from the first search
    rng = random.Random(seed)
    lex = _random_lexicon(rng)
    text = "".join(rng.choice("甲乙丙丁戊") for _ in range(rng.randint(500, 3000)))
    whole = lex.find(text), lex.longest(text)
    assert lex._all is not None and lex._longest is not None
    monkeypatch.setattr(lexicon, "WINDOW", rng.randint(5, 200))
    assert (lex.find(text), lex.longest(text)) == whole


@pytest.mark.parametrize("seed", range(30))
def test_the_first_searches_find_what_the_automaton_finds(seed, monkeypatch):
    monkeypatch.setattr(lexicon, "SCAN_PER_TERM", 1000)
    rng = random.Random(seed)
    lex = _random_lexicon(rng)
    texts = ["".join(rng.choice("甲乙丙丁戊") for _ in range(rng.randint(0, 60))) for _ in range(20)]
    scanned = [(lex.find(t), lex.longest(t)) for t in texts]
    assert lex._all is None and lex._longest is None  # no automaton yet: dict lookups
    lex._left = -1
    assert [(lex.find(t), lex.longest(t)) for t in texts] == scanned
    assert lex._all is not None and lex._longest is not None


def test_a_lexicon_builds_its_automaton_after_scan_per_term_characters_a_term(monkeypatch):
    monkeypatch.setattr(lexicon, "SCAN_PER_TERM", 4.5)  # two terms: 9 characters
    lex = Lexicon({"无码": 1, "在线": 2})
    assert [m[2] for m in lex.find("无码在线")] == ["无码", "在线"] and lex._all is None
    assert [m[2] for m in lex.find("在线无码在线")] == ["在线", "无码", "在线"] and lex._all is not None
    assert not lex._merged and [m[2] for m in lex.longest("无码在线")] == ["无码", "在线"]  # lookups let go


@pytest.mark.parametrize("seed", range(10))
def test_an_automaton_built_first_finds_what_the_lookups_find(seed, monkeypatch):
    monkeypatch.setattr(lexicon, "SCAN_PER_TERM", 1000)
    rng = random.Random(seed)
    lex = _random_lexicon(rng)
    built = Lexicon(dict(zip(lex.terms, lex.payloads, strict=True)))
    built.build_longest()
    assert built._longest is not None
    assert not built._merged  # its lookups let go
    for _ in range(20):
        text = "".join(rng.choice("甲乙丙丁戊") for _ in range(rng.randint(0, 60)))
        assert (built.longest(text), built.find(text)) == (lex.longest(text), lex.find(text))
    assert lex._longest is None and lex._all is None  # the other one still looked its terms up
    assert built._all is not None  # find built its own automaton
