"""Place extraction over the 2023 division codes (``data/divisions.tsv.gz``).

Full division names (甘肃省, 兰州市, 西固区, 福利路街道) are matched leftmost-longest with
one Aho-Corasick automaton; province and city short forms (甘肃, 兰州) count only as
context for resolving ambiguous names, never as a street prefix (白银路).  The place is
the most specific division the article mentions most, resolved upward through the codes;
an ambiguous district (朝阳区) is settled by the other places on the page, else left null.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...datafiles import table, terms
from ...text.han import HAN
from ...text.lexicon import Lexicon
from .common import Field, Found, Page, dateline

SHORT_SUFFIX = re.compile(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|地区|盟|"
                          rf"(?:[{HAN}]{{1,6}}族)+自治州)$")
GATED_REGIONS = ("71", "81", "82")  # Taiwan, Hong Kong, Macao: only with their region named
STREET_TAIL = re.compile(r"^(路|街|大道|大街|巷|道|号|桥|站|村|小区|广场|公园|中学|小学|大学|机场|宾馆|饭店)")


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    parent: str
    level: int


class Gazetteer:
    def __init__(self, rows: list[Division]):
        self.by_code = {d.code: d for d in rows}
        names: dict[str, list[str]] = defaultdict(list)
        short: dict[str, list[str]] = defaultdict(list)
        for d in rows:
            if not d.name:
                continue
            names[d.name].append(d.code)
            if d.level <= 2:
                s = SHORT_SUFFIX.sub("", d.name)
                if len(s) >= 2 and s != d.name:
                    short[s].append(d.code)
        self.names = dict(names)
        entries: dict[str, tuple[str, tuple[str, ...]]] = {}
        for s, codes in short.items():
            entries[s] = ("short", tuple(codes))
        for n, codes in names.items():
            entries[n] = ("full", tuple(codes))
        self.lexicon = Lexicon(entries)

    def chain(self, code: str) -> list[Division]:
        out = []
        d = self.by_code.get(code)
        while d is not None:
            out.append(d)
            d = self.by_code.get(d.parent) if d.parent else None
        return out[::-1]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer([Division(code, name, parent, int(level))
                      for code, name, parent, level in table("divisions.tsv.gz")])


def mentions(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(name, kind, codes)`` for each division named in ``text``."""
    g = gazetteer()
    out = []
    for _start, end, name, (kind, codes) in g.lexicon.longest(text):
        if kind == "short" and STREET_TAIL.match(text[end : end + 2]):
            continue
        out.append((name, kind, codes))
    return out


def resolve(weighted_texts: list[tuple[str, float]], dateline: str | None = None) -> dict[str, Any] | None:
    """The place a text is about, as ``{province, city, district, township, dateline}``.

    >>> p = resolve([("西青区西营门街的文瑞家园小区,是红桥区拆迁定向安置小区。南开区移交到西青区。", 1.0)])
    >>> p["province"], p["city"], p["district"]
    ('天津市', '天津市', '西青区')
    >>> resolve([("城关区的事情", 1.0)]) is None  # 兰州 or 拉萨? not stated
    True
    """
    g = gazetteer()
    score: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    context: dict[str, float] = defaultdict(float)  # every code named, full or short, for disambiguation
    named: list[tuple[tuple[str, ...], float, str]] = []
    grouped: dict[float, list[str]] = defaultdict(list)
    for text, w in weighted_texts:
        grouped[w].append(text)
    provinces: dict[str, float] = defaultdict(float)  # short forms of provinces (香港, 甘肃)
    for w, texts in grouped.items():  # one automaton pass per weight, not per line
        for _name, kind, codes in mentions("\n".join(texts)):
            for c in codes:
                context[c] += w / len(codes)
            if kind == "full":
                named.append((codes, w, kind))
            elif len(codes) == 1 and g.by_code[codes[0]].level == 1:
                provinces[codes[0]] += 1
    if dateline:
        for _name, _kind, codes in mentions(dateline):
            for c in codes:
                context[c] += 0.5 / len(codes)
    if not named:
        # only short forms: one province clearly dominant (2+ mentions, twice any other)
        by_count = sorted(provinces.items(), key=lambda kv: -kv[1])
        if by_count and by_count[0][1] >= 2 and (len(by_count) == 1 or by_count[0][1] >= 2 * by_count[1][1]):
            return {"province": g.by_code[by_count[0][0]].name, "city": None, "district": None,
                    "township": None, "dateline": dateline}
        return None

    def support(code: str) -> float:
        """How much the rest of the page backs this code: its ancestors and descendants."""
        s = 0.0
        for anc in g.chain(code)[:-1]:
            s += context.get(anc.code, 0.0)
        prefix = code
        s += sum(v for c, v in context.items() if c != code and c.startswith(prefix)) * 0.5
        return s

    stop = terms("place_stoplist.txt")

    def needs_ancestor(code: str) -> bool:
        return code.startswith(GATED_REGIONS) or g.by_code[code].name in stop

    def ancestor_named(code: str) -> bool:
        return any(context.get(a.code, 0.0) > 0 for a in g.chain(code)[:-1])

    for order, (codes, w, _kind) in enumerate(named):
        codes = tuple(c for c in codes if not needs_ancestor(c) or ancestor_named(c))
        if not codes:
            continue
        if len(codes) == 1:
            chosen_code = codes[0]
        else:
            ranked = sorted(((support(c), c) for c in codes), reverse=True)
            if not (ranked[0][0] > 0 and ranked[0][0] > ranked[1][0]):
                continue
            chosen_code = ranked[0][1]
        score[chosen_code] += w
        first_seen.setdefault(chosen_code, order)
    # one passing mention of a district or township with none of its ancestors named is
    # too weak (南沙湾区块 is not 沙湾区): it needs a second mention or its city/province
    def siblings(code: str) -> bool:
        parent = g.by_code[code].parent
        return any(c != code and g.by_code[c].parent == parent for c in score)

    weak = [c for c in score if g.by_code[c].level >= 3 and score[c] < 2 and not ancestor_named(c)
            and not siblings(c)]
    for code in weak:
        del score[code]
    if not score:
        return None
    # the level-3 (district) code the page is most about, else city, else province
    by_level: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for code, s in score.items():
        d = g.by_code[code]
        by_level[d.level][code] += s
        for anc in g.chain(code)[:-1]:
            by_level[anc.level][anc.code] += s * 0.5
            first_seen[anc.code] = min(first_seen.get(anc.code, 10**9), first_seen[code])
    township = None
    chosen = None
    for level in (3, 2, 1):
        if by_level[level]:
            # most mentioned; a tie goes to the one named first (a lead names its subject first)
            best = sorted(by_level[level].items(), key=lambda kv: (-kv[1], first_seen.get(kv[0], 10**9)))
            if len(best) > 1 and best[0][1] == best[1][1] and level < 3:
                parents = {g.by_code[c].parent for c, v in best if v == best[0][1]}
                if len(parents) > 1:
                    continue  # cities or provinces tied: not stated precisely enough
            chosen = best[0][0]
            break
    if chosen is None:
        return None
    streets = [(s, c) for c, s in by_level[4].items() if g.by_code[c].parent == chosen]
    if streets:
        township = g.by_code[max(streets)[1]].name
    place: dict[str, Any] = {"province": None, "city": None, "district": None, "township": township,
                             "dateline": dateline}
    for d in g.chain(chosen):
        key = {1: "province", 2: "city", 3: "district"}.get(d.level)
        if key and d.name:
            place[key] = d.name
    return place


def extract(page: Page, found: dict[str, Any]) -> Found | None:
    """The place of the title (weighted 3) and the article core's lines, with the dateline's."""
    _, dl_place, _ = dateline(page)
    texts: list[tuple[str, float]] = []
    if found.get("title"):
        texts.append((found["title"], 3.0))
    first, last = page.core if page.core else (len(page.lines), len(page.lines))
    for ln in page.lines:
        if ln.text and not ln.cue and first <= ln.index <= last:
            texts.append((ln.text, 1.0))
    place = resolve(texts, dl_place)
    return Found(place, None, "gazetteer: most-mentioned division, resolved upward") if place else None


FIELD = Field("place", extract, convert=False)
