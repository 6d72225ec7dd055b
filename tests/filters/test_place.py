"""``meta``'s place field: the gazetteer resolution (tests/cases/place.json) and through the chain."""

from __future__ import annotations

import pytest

from cleaner import clean_bytes
from cleaner.filters.meta.place import resolve
from tests.conftest import load_cases

CASES = load_cases("place.json")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_place(case):
    got = resolve([(case["input"], 1.0)], case.get("dateline"))
    if case["expected"] is None:
        assert got is None
        return
    assert got is not None
    for key, value in case["expected"].items():
        assert got[key] == value, key


def test_the_title_weighs_more_than_a_passing_mention():
    page = ("西固区举办春季运动会\n\n2024-04-01 来源:兰州日报\n\n"
            "本报讯 4月1日,兰州市西固区春季运动会开幕,来自各街道的运动员参加了比赛。\n\n"
            "据了解,参赛队伍中还有来自城关区的代表队,比赛气氛热烈。")
    doc = clean_bytes(page.encode())
    assert doc.meta["place"]["district"] == "西固区"


def test_the_gazetteer_matches_what_one_automaton_over_every_name_matches():
    # townships are matched by their last characters and a dict, the rest by an automaton
    # (until a long run builds one automaton over every name): the matches must be those of
    # one leftmost-longest automaton over every name
    import random
    import re

    from cleaner.datafiles import rows3, rows4, table
    from cleaner.filters.meta.place import Gazetteer, Townships, short_form
    from cleaner.text.lexicon import Lexicon
    from tests.conftest import SEEDS

    rows = rows4("divisions.tsv.gz")
    assert rows == [tuple(r) for r in table("divisions.tsv.gz")]
    packed = rows3("townships.tsv.gz")
    assert packed == [tuple(r) for r in table("townships.tsv.gz")]
    lookup = Townships(packed)
    towns = dict(lookup.items())
    assert len(towns) > 30000 and len(towns) == sum(p.count("=") for _, _, p in packed)
    assert all(lookup.get(n) == c for n, c in towns.items())
    names: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    for code, name, _parent, level in rows:
        if name:
            names.setdefault(name, []).append(code)
            for s in short_form(name, int(level)):
                short.setdefault(s, []).append(code)
    for name, codes in towns.items():  # a name shared with a district: the district's codes first
        names.setdefault(name, []).extend(codes.split())
    entries = {s: ("short", tuple(c)) for s, c in short.items()}
    entries.update((n, ("full", tuple(c))) for n, c in names.items())
    one = Lexicon(entries)
    g, full = Gazetteer(rows, Townships(packed)), Gazetteer(rows, Townships(packed), full_after=0)
    done = Gazetteer(rows, Townships(packed))
    done.complete()  # (the first page's way, a long run's way, a long run's built before its first page)
    assert done._full is not None and done._full._longest is not None
    rng = random.Random(5)
    townships = sorted(n for n, _ in g.townships.items())
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in SEEDS]
    for _ in range(200):  # names run together, cut, and glued to words: overlaps of every kind
        picks = rng.sample(townships, 3) + rng.sample(sorted(names), 3) + rng.sample(sorted(short), 2)
        glue = ["", "和", "路", "镇", "街道", "区"]
        texts.append("".join(p[rng.randrange(len(p))::] + rng.choice(glue) + p for p in picks))
    for text in texts:
        assert g.longest(text) == one.longest(text) == full.longest(text) == done.longest(text), \
            re.sub(r"\s+", " ", text)[:80]
    assert g._full is None and full._full is not None
    codes = {c for text in texts for m in g.longest(text) for c in m[3][1]}
    assert all(c in g.by_code for c in codes)  # a township met is a division, in its district
    assert all(g.by_code[c].parent in g.by_code for c in codes if g.by_code[c].level == 4)


def test_townships_become_keys_after_many_questions(monkeypatch):
    # a search in a packed string costs its length: after DICT_AFTER questions every name is
    # a key, with the same answers (and a township taken by a district stays taken)
    from cleaner.datafiles import rows3
    from cleaner.filters.meta import place

    monkeypatch.setattr(place, "DICT_AFTER", 3)
    towns = place.Townships(rows3("townships.tsv.gz"))
    names = [n for n, _ in towns.items()][:: 5000]
    towns.discard(names[0])
    searched = [towns.get(n) for n in names[:3]]
    assert towns.keyed is None and searched[0] is None and searched[1] is not None
    assert [towns.get(n) for n in names[:3]] == searched and towns.keyed is not None
    assert towns.get(names[0]) is None and towns.get("不是乡镇的名字") is None
    assert not towns.packed and len(towns.items()) == len(place.Townships(rows3("townships.tsv.gz")).items()) - 1


def test_the_gazetteer_kept_in_the_cache_is_the_one_derived(tmp_path, monkeypatch):
    import marshal

    from cleaner import cache
    from cleaner.datafiles import rows3, rows4
    from cleaner.filters.meta import place

    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    place.gazetteer.cache_clear()
    try:
        first = place.gazetteer()  # derived, and saved
        key = place._sources()
        kept = cache.load("gazetteer", key)
        derived = place.derive(rows4("divisions.tsv.gz"), place.Townships(rows3("townships.tsv.gz")))
        assert kept == derived and marshal.loads(marshal.dumps(derived)) == derived
        place.gazetteer.cache_clear()
        second = place.gazetteer()  # from the cache
        text = "甘肃省兰州市城关区雁南街道和西固区福利路街道，南沙与北京"
        assert second.longest(text) == first.longest(text) and second.by_code == first.by_code
        assert second.children == first.children and second.townships.packed == first.townships.packed
        cache.save("gazetteer", "another key", derived)  # what other tables were derived into: a miss
        assert cache.load("gazetteer", key) is None
    finally:
        place.gazetteer.cache_clear()
