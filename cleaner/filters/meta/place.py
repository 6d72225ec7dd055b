"""Place extraction over the 2023 division codes (``data/divisions.tsv.gz``, ``data/townships.tsv.gz``).

Full division names (甘肃省, 兰州市, 西固区, 福利路街道) and short forms (甘肃, 兰州; a
district's, 南沙, only where its city or province is named) are matched leftmost-longest
(see :class:`Gazetteer`); a short form that is an everyday word or begins another name
(白银路, 北京时间) is no place.  Mentions count upward through the codes and the place is
chosen top-down (see :func:`resolve`); an ambiguous name (朝阳区) is settled by the other
places on the page, else left out.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ... import cache
from ...datafiles import DATA, lines, rows3, rows4, terms
from ...text import rx
from ...text.han import word_count
from ...text.lexicon import Lexicon
from .common import Field, Found, Page, dateline

PEOPLES = "ethnic_groups.txt"  # the peoples autonomous divisions are named for (a gazetteer source too)


@lru_cache(maxsize=1)
def _suffixes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What a province's or city's name and a district's name end in beyond their short form:
    ``省``, ``市``, ``地区``, an autonomous division's peoples (``data/ethnic_groups.txt``; 蒙古,
    哈萨克 also without their 族: 巴音郭楞蒙古自治州) and ``自治州``/``自治县``/``自治旗``."""
    names = lines(PEOPLES)
    forms = set(names) | {n[:-1] for n in names if len(n) >= 3}
    peoples = "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")+"
    return (rx.compile(rf"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|地区|盟|{peoples}自治州)$"),
            rx.compile(rf"(区|县|市|旗|{peoples}自治[县旗])$"))


def short_form(name: str, level: int) -> tuple[str, ...]:
    """The short forms of a division's name: without its suffix (兰州 for 兰州市, 甘孜 for
    甘孜藏族自治州), and an autonomous division's also with 州, 县 or 旗 (甘孜州, 长阳县).

    >>> short_form("甘孜藏族自治州", 2), short_form("长阳土家族自治县", 3), short_form("兰州市", 2)
    (('甘孜', '甘孜州'), ('长阳', '长阳县'), ('兰州',))
    >>> short_form("巴音郭楞蒙古自治州", 2), short_form("城关区", 3)
    (('巴音郭楞', '巴音郭楞州'), ('城关',))
    """
    s = _suffixes()[0 if level <= 2 else 1].sub("", name)
    if len(s) < 2 or s == name:
        return ()
    if "自治" in name[len(s):] and name[-1] in "州县旗":
        return s, s + name[-1]
    return (s,)


SAR = "特别行政区"
GATED_REGIONS = ("71", "81", "82")  # Taiwan, Hong Kong, Macao: only with their region named
LEAD = 2.0  # the place chosen at one level outweighs the next one at least this much (or was named first)
MIN_SHORT = 2.0  # short forms alone need this much weight (two mentions, or the title)
SHARE = 0.5  # a city is chosen when it holds at least this share of its province's weight
FULL_AFTER = 1 << 20  # characters searched (about 400 pages) before one automaton over every name pays


class Division(NamedTuple):
    code: str
    name: str
    parent: str
    level: int


class Townships:
    """The township names (``data/townships.tsv.gz``): one packed string per last two characters
    and length, ``|name=codes|name=codes|``, a name found in its string when asked.

    The 33,000 names load as 4,400 strings in a few milliseconds, against 50 ms to make each
    name a key, and one page through ``clean -`` asks for a few dozen; a search costs up to
    the length of its string (the four-character ``…街道`` hold 87,000 characters), so after
    ``DICT_AFTER`` questions (a long run, or a page naming thousands) the names become keys
    after all.

    >>> t = Townships([("街道", "4", "|雁南街道=620102017|东岗街道=620102009 620502001|")])
    >>> t.get("东岗街道"), t.get("西岗街道"), t.lengths["街道"]
    ('620102009 620502001', None, (4,))
    """

    def __init__(self, rows: Iterable[tuple[str, str, str]]):
        packed: dict[tuple[str, int], str] = {}
        lengths: dict[str, list[int]] = defaultdict(list)
        for tail, size, names in rows:
            n = int(size)
            packed[tail, n] = names
            lengths[tail].append(n)
        self._set(packed, {t: tuple(sorted(ns)) for t, ns in lengths.items()})

    @classmethod
    def of(cls, packed: dict[tuple[str, int], str], lengths: dict[str, tuple[int, ...]]) -> Townships:
        """Townships from their packed strings (copied) and lengths."""
        out = cls.__new__(cls)
        out._set(dict(packed), lengths)
        return out

    def _set(self, packed: dict[tuple[str, int], str], lengths: dict[str, tuple[int, ...]]) -> None:
        self.packed = packed
        self.lengths = lengths
        """A name's last two characters -> the lengths of the names so ending."""
        self.keyed: dict[str, str] | None = None
        self._left = DICT_AFTER

    def get(self, name: str) -> str | None:
        """The space-separated codes of the townships so named, or None."""
        if self.keyed is None:
            self._left -= 1
            if self._left >= 0:
                return self._search(name)
            self.keyed = dict(self.items())
            self.packed = {}  # the names are keys now: their strings are not searched again
        return self.keyed.get(name)

    def _search(self, name: str) -> str | None:
        packed = self.packed.get((name[-2:], len(name)))
        if packed is None:
            return None
        i = packed.find("|" + name + "=")
        if i < 0:
            return None
        i += len(name) + 2
        return packed[i : packed.index("|", i)]

    def discard(self, name: str) -> None:
        key = (name[-2:], len(name))
        codes = self._search(name)
        if codes is not None:
            self.packed[key] = self.packed[key].replace(f"|{name}={codes}|", "|", 1)
        if self.keyed is not None:
            self.keyed.pop(name, None)

    def items(self) -> list[tuple[str, str]]:
        """Every ``(name, codes)``."""
        if self.keyed is not None:
            return list(self.keyed.items())
        return [m for packed in self.packed.values() for m in _PACKED.findall(packed)]


DICT_AFTER = 2000
"""Names :class:`Townships` searches for in its packed strings before it makes every name a key."""

_PACKED = rx.compile(r"\|([^|=]+)=([^|]*)(?=\|)")


class Gazetteer:
    """Division names and their short forms (甘肃 for 甘肃省, 南沙 for 南沙区).

    Provinces, cities and districts, their short forms and any name they share with a
    township are matched with one Aho-Corasick automaton; the 33,000 township names
    (:class:`Townships`) by their last two characters, and a township becomes a
    :class:`Division` (its district: the code's first six digits) when a page names it.  Both
    give the matches one automaton over every name would (see :meth:`longest`), and loading
    and building take about 0.04 s against 0.6 s for the automaton over every name: one page
    through ``clean -`` does not wait for it.  Searching
    that way costs more per page, so after ``full_after`` characters (a long run) the
    automaton over every name is built after all.
    """

    def __init__(self, rows: list[tuple[str, str, str, str]], towns: Townships,
                 full_after: int = FULL_AFTER):
        self._setup(derive(rows, towns), full_after)

    @classmethod
    def from_state(cls, state: State, full_after: int = FULL_AFTER) -> Gazetteer:
        """The gazetteer :func:`derive` gave ``state`` for (kept in the per-user cache)."""
        g = cls.__new__(cls)
        g._setup(state, full_after)
        return g

    def _setup(self, state: State, full_after: int) -> None:
        divisions, children, entries, packed, lengths = state
        self.by_code: dict[str, Division] = {c: Division._make(d) for c, d in divisions.items()}
        self.children = children
        self.lexicon = Lexicon(entries)
        self.townships = towns = Townships.of(packed, lengths)
        self._tail_lexicon = Lexicon({t: None for t in towns.lengths})  # 2,900 two-character ends: 6 ms to build
        self._chains: dict[str, tuple[Division, ...]] = {}
        self._entries = entries
        self._full: Lexicon | None = None
        self._left = full_after  # characters to search before building the automaton over every name

    def longest(self, text: str) -> list[tuple[int, int, str, tuple[str, tuple[str, ...]]]]:
        """Leftmost-longest, non-overlapping names in ``text`` as ``(start, end, name, (kind,
        codes))``: every match of the automaton and every township name, the leftmost then
        longest taken first (what one automaton in leftmost-longest mode returns).

        >>> [m[2] for m in gazetteer().longest("兰州市城关区雁南街道和甘肃")]
        ['兰州市', '城关区', '雁南街道', '甘肃']
        """
        if self._full is None:
            self._left -= len(text)
            if self._left < 0:
                self._full = self._every_name()
        found = self._full.longest(text) if self._full is not None else self._merged(text)
        for m in found:
            if m[3][1][-1] not in self.by_code:  # a township named for the first time
                self._add_towns(m[2], m[3][1])
        return found

    def _every_name(self) -> Lexicon:
        return Lexicon({**self._entries, **{n: ("full", tuple(c.split())) for n, c in self.townships.items()}})

    def complete(self) -> None:
        """Build the automaton over every name now: a run long enough that it would be built
        anyway is coming (each process of a pool would build its own after ``full_after``
        characters, and search its first pages the slower way; forked after this, they
        share it).  The matches are the same either way."""
        if self._full is None:
            self._full = self._every_name()
        self._full.build_longest()

    def _merged(self, text: str) -> list[tuple[int, int, str, tuple[str, tuple[str, ...]]]]:
        """:meth:`longest` from the small automaton and the townships' ends."""
        found = self.lexicon.longest(text)
        towns = self._township_names(text)
        if not towns:
            return found
        starts = [m[0] for m in found]
        for t in towns:
            i = bisect_right(starts, t[0])
            if (i and found[i - 1][1] > t[0]) or (i < len(found) and found[i][0] < t[1]):
                # a township overlaps a name the automaton chose: its choice may change, so
                # every match it has competes (on pages without such overlaps, the same result)
                found = self.lexicon.find(text)
                break
        out = []
        reach = 0
        for m in sorted(found + towns, key=lambda m: (m[0], -m[1])):
            if m[0] >= reach:
                out.append(m)
                reach = m[1]
        return out

    def _township_names(self, text: str) -> list[tuple[int, int, str, tuple[str, tuple[str, ...]]]]:
        out = []
        for _start, end, tail, _ in self._tail_lexicon.find(text):
            for size in self.townships.lengths[tail]:
                if size > end:
                    break
                name = text[end - size : end]
                codes = self.townships.get(name)
                if codes:
                    out.append((end - size, end, name, ("full", tuple(codes.split()))))
        return out

    def _add_towns(self, name: str, codes: Iterable[str]) -> None:
        for code in codes:
            if code not in self.by_code:
                self.by_code[code] = Division._make(_township(code, name))

    def chain(self, code: str) -> tuple[Division, ...]:
        """The division and the ones above it, province first (worked out once per code)."""
        found = self._chains.get(code)
        if found is None:
            out = []
            d = self.by_code.get(code)
            while d is not None:
                out.append(d)
                d = self.by_code.get(d.parent) if d.parent else None
            found = self._chains[code] = tuple(out[::-1])
        return found


State = tuple[dict[str, tuple[str, str, str, int]], dict[str, list[str]], dict[str, tuple[str, tuple[str, ...]]],
              dict[tuple[str, int], str], dict[str, tuple[int, ...]]]
"""What a :class:`Gazetteer` is made from: the divisions by code, the codes under each one,
the names and short forms for the automaton, the townships' packed strings and lengths."""


def _township(code: str, name: str) -> tuple[str, str, str, int]:
    """A township's division row: its district is its code's first six digits."""
    return code, name, code[:6], 4


def derive(rows: list[tuple[str, str, str, str]], towns: Townships) -> State:
    """A gazetteer's :data:`State` from the division rows and the townships."""
    divisions: dict[str, tuple[str, str, str, int]] = {}
    names: dict[str, list[str]] = defaultdict(list)  # of provinces, cities and districts
    short: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)  # of provinces and cities
    for code, name, parent, level in rows:
        lv = int(level)
        divisions[code] = (code, name, parent, lv)
        if parent:
            children[parent].append(code)
        if not name:
            continue
        names[name].append(code)
        if name.endswith(SAR):  # 香港特区: the region named as such, not a short form
            names[name[: -len(SAR)] + "特区"].append(code)
        for s in short_form(name, lv):
            short[s].append(code)
    entries: dict[str, tuple[str, tuple[str, ...]]] = {s: ("short", tuple(codes)) for s, codes in short.items()}
    entries.update((n, ("full", tuple(codes))) for n, codes in names.items())
    towns = Townships.of(towns.packed, towns.lengths)
    for n in [n for n in entries if (n[-2:], len(n)) in towns.packed]:
        town = towns._search(n)
        if town is not None:  # a township named like a district or a short form
            codes = names.get(n, []) + town.split()  # the district's codes, then the townships'
            entries[n] = ("full", tuple(codes))
            for code in codes:
                if code not in divisions:
                    divisions[code] = _township(code, n)
            towns.discard(n)
    return divisions, dict(children), entries, towns.packed, towns.lengths


DIVISIONS, TOWNSHIPS = "divisions.tsv.gz", "townships.tsv.gz"  # the tables a gazetteer is derived from


def _sources() -> str:
    """A checksum of what a gazetteer's state is derived from: the two tables, and the code
    that reads them and derives it (this module, ``datafiles``, ``text.han``'s classes)."""
    from ... import datafiles
    from ...text import han

    crc = 0
    for path in (DATA / DIVISIONS, DATA / TOWNSHIPS, DATA / PEOPLES, Path(__file__),
                 Path(datafiles.__file__), Path(han.__file__)):
        crc = zlib.crc32(path.read_bytes(), crc)
    return f"{crc:08x}"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, its state kept in the per-user cache (``cleaner.cache``): loading it
    takes about 0.03 s against 0.06 s to derive it from the tables."""
    key = _sources()
    state = cache.load("gazetteer", key)
    if state is None:
        state = derive(rows4(DIVISIONS), Townships(rows3(TOWNSHIPS)))
        cache.save("gazetteer", key, state)
    return Gazetteer.from_state(state)


@lru_cache(maxsize=1)
def _not_after() -> re.Pattern[str]:
    """What makes a short form part of another name: 白银路, 北京时间, 南京大学 (``data/place_tails.txt``)."""
    return rx.compile("(?:" + "|".join(map(re.escape, sorted(terms("place_tails.txt"), key=len, reverse=True))) + ")")


def mentions(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(name, kind, codes)`` for each division named in ``text``: ``full`` names, and ``short``
    forms that are not the start of a street, a time zone or an institution, nor everyday words
    (``data/place_words.txt``)."""
    g = gazetteer()
    tail = _not_after()
    everyday = terms("place_words.txt")
    out = []
    for _start, end, name, (kind, codes) in g.longest(text):
        if kind == "short" and (name in everyday or tail.match(text, end) or _district_word(name, codes)):
            continue
        out.append((name, kind, codes))
    return out


COMMON_WORD = 3  # log10 count from which a two-character word is an everyday one (新建, 资源, 南部)


def _district_word(name: str, codes: tuple[str, ...]) -> bool:
    """Whether a district's short form is an everyday word (新建 for 新建区, 南部 for 南部县)."""
    if len(name) != 2 or any(len(c) <= 4 for c in codes):
        return False
    return word_count(name[0], name[1]) >= COMMON_WORD


def resolve(weighted_texts: list[tuple[str, float]], dateline: str | None = None) -> dict[str, Any] | None:
    """The place a text is about, as ``{province, city, district, township, dateline}``.

    Every mention counts for its division and the ones above it; the province that leads
    clearly is chosen, then the city that holds most of that province's weight (a story
    about a province that names one city in passing stays at the province), then the
    district that leads among that city's.  A dateline (``新华社北京…电``) says where the
    page is from: its province is the place's, and its city stands where the story names
    none of that province's own.

    >>> p = resolve([("西青区西营门街的文瑞家园小区,是红桥区拆迁定向安置小区。南开区移交到西青区。", 1.0)])
    >>> p["province"], p["city"], p["district"]
    ('天津市', '天津市', '西青区')
    >>> resolve([("城关区的事情", 1.0)]) is None  # 兰州 or 拉萨? not stated
    True
    """
    g = gazetteer()
    found: list[tuple[str, str, tuple[str, ...], float]] = []  # name, kind, codes, weight; in page order
    grouped: dict[float, list[str]] = defaultdict(list)
    for text, w in weighted_texts:
        grouped[w].append(text)
    for w, texts in grouped.items():  # one automaton pass per weight, not per line
        found += [(name, kind, codes, w) for name, kind, codes in mentions("\n".join(texts))]
    context: dict[str, float] = defaultdict(float)  # every code named, for disambiguation
    for _name, _kind, codes, w in found + [(n, k, c, 1.0) for n, k, c in mentions(dateline or "")]:
        for c in codes:
            context[c] += w / len(codes)

    def support(code: str) -> float:
        """How much the rest of the page backs this code: its ancestors and descendants."""
        s = sum(context.get(anc.code, 0.0) for anc in g.chain(code)[:-1])
        return s + sum(v for c, v in context.items() if c != code and c.startswith(code)) * 0.5

    stop = terms("place_stoplist.txt")

    def ancestor_named(code: str) -> bool:
        return any(context.get(a.code, 0.0) > 0 for a in g.chain(code)[:-1])

    def allowed(code: str, kind: str) -> bool:
        d = g.by_code[code]
        if kind == "short" and d.level >= 3:  # 南沙 is 南沙区 only where 广州 or 广东 is named
            return ancestor_named(code)
        return not ((d.level > 1 and code.startswith(GATED_REGIONS)) or d.name in stop) or ancestor_named(code)

    score: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    full: set[str] = set()  # divisions named in full somewhere (德州 alone may be 德州仪器)
    for order, (_name, kind, codes, w) in enumerate(found):
        codes = tuple(c for c in codes if allowed(c, kind))
        codes = _outer(codes) or codes
        if len(codes) > 1:
            ranked = sorted(((support(c), c) for c in codes), reverse=True)
            if not (ranked[0][0] > 0 and ranked[0][0] > ranked[1][0]):
                # nothing on the page decides: a province before a city (北京市, 海南, 吉林)
                high = min(g.by_code[c].level for c in codes)
                top = [c for c in codes if g.by_code[c].level == high]
                if len(top) != 1 or high > 1:
                    continue
                codes = tuple(top)
            else:
                codes = (ranked[0][1],)
        if codes:
            score[codes[0]] += w
            first_seen.setdefault(codes[0], order)
            if kind == "full":
                full.add(codes[0][:2])

    # one passing mention of a district or township with none of its ancestors named is
    # too weak (南沙湾区块 is not 沙湾区): it needs a second mention or its city/province
    def siblings(code: str) -> bool:
        parent = g.by_code[code].parent
        return any(c != code and g.by_code[c].parent == parent for c in score)

    for code in [c for c in score if g.by_code[c].level >= 3 and score[c] < 2 and not ancestor_named(c)
                 and not siblings(c)]:
        del score[code]
    anchor = _dateline_code(g, dateline, score) if dateline else None
    if not score and anchor is None:
        return None
    total: dict[str, float] = defaultdict(float)  # a division's mentions with those of the ones in it
    for code, s in score.items():
        for d in g.chain(code):
            total[d.code] += s
            first_seen[d.code] = min(first_seen.get(d.code, 10**9), first_seen[code])

    def pick(candidates: list[str], whole: float | None, tie: bool = False) -> str | None:
        """The candidate that leads: ``LEAD`` times the next, or ahead (with ``tie``: level) and
        named first; with ``whole``, also at least ``SHARE`` of it."""
        ranked = sorted(candidates, key=lambda c: (-total[c], first_seen.get(c, 10**9)))
        if not ranked:
            return None
        best = ranked[0]
        if whole is not None and total[best] < SHARE * whole:
            return None
        if len(ranked) > 1:
            nxt = ranked[1]
            ahead = total[best] > total[nxt] or (tie and total[best] == total[nxt])
            if total[best] < LEAD * total[nxt] and not (
                    ahead and first_seen.get(best, 10**9) < first_seen.get(nxt, 10**9)):
                return None
        return best

    # the dateline's province, else the one the page leads with; then the city and the
    # district that lead within it, else the dateline's
    chain = g.chain(anchor) if anchor else ()
    province = chain[0].code if chain else pick([c for c in total if g.by_code[c].level == 1], None)
    if province is None or (not chain and total[province] < MIN_SHORT and province not in full):
        return None
    chosen = province
    for level in (2, 3):
        kids = [c for c in g.children.get(chosen, ()) if c in total]
        same = [c for c in g.children.get(chosen, ()) if g.by_code[c].name == g.by_code[chosen].name]
        if level == 2 and same:  # a municipality: the city is the province
            chosen = max(same, key=lambda c: total.get(c, 0.0))
            continue
        # districts of one city tie to the one named first (a lead names its subject first)
        nxt = pick(kids, total[chosen], False) if level == 2 else pick(kids, None, True)
        if nxt is None and len(chain) >= level and chain[level - 2].code == chosen:
            nxt = chain[level - 1].code
        if nxt is None:
            break
        chosen = nxt
    township = None
    streets = [(s, c) for c, s in score.items() if g.by_code[c].level == 4 and g.by_code[c].parent == chosen]
    if streets:
        township = g.by_code[max(streets)[1]].name
    place: dict[str, Any] = {"province": None, "city": None, "district": None, "township": township,
                             "dateline": dateline}
    for d in g.chain(chosen):
        key = {1: "province", 2: "city", 3: "district"}.get(d.level)
        if key and d.name:
            place[key] = d.name
    return place


def _outer(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Of a name shared by a division and one inside it (南昌: 南昌市, 南昌县), the outer one."""
    return tuple(c for c in codes if not any(c != o and c.startswith(o) for o in codes))


def _dateline_code(g: Gazetteer, dateline: str, score: dict[str, float]) -> str | None:
    """The division a dateline names: as resolved among the page's mentions, else the one
    its name means alone (北京: 北京市, the province; 兰州: 兰州市)."""
    for _n, _k, codes in mentions(dateline):
        outer = _outer(codes)
        named = [c for c in codes if c in score] or (list(outer) if len(outer) == 1 else [])
        if named:
            return max(named, key=lambda c: g.by_code[c].level)
    return None


def extract(page: Page, found: dict[str, Any]) -> Found | None:
    """The place of the title (weighted 3) and the article core's lines, with the dateline's."""
    _, dl_place, _ = dateline(page)
    texts: list[tuple[str, float]] = []
    if found.get("title"):
        texts.append((found["title"], 3.0))
        raw = page.html.title if page.html is not None else None
        if raw and found["title"] in raw:  # the site's name beside the headline: its own news happens there
            texts.append((raw.replace(found["title"], " "), 1.0))
    first, last = page.core if page.core else (len(page.lines), len(page.lines))
    for ln in page.lines:
        if ln.text and not ln.cue and first <= ln.index <= last:
            texts.append((ln.text, 1.0))
    place = resolve(texts, dl_place)
    if not place:
        return None
    rule = "gazetteer: most-mentioned division, resolved upward"
    if place["province"] and not place["city"]:
        city = _address_city(page, place["province"])
        if city:
            place["city"] = city
            rule += "; the city from the site's address in that province"
    return Found(place, None, rule)


_ADDRESS = rx.compile(r"(?=[地址])(?:地址|地点|址)\s*[:：]")


def _address_city(page: Page, province: str) -> str | None:
    """The one city that the site's own address (``地址：湖南省长沙市…`` outside the article)
    names in the province the article is about: a local institution's news happens where it
    is.  An address in another province (a portal's seat) says nothing of the story."""
    g = gazetteer()
    cities: set[str] = set()
    for ln in page.lines:
        label = _ADDRESS.search(ln.text) if ln.text and page.zone(ln.index) != "core" else None
        if label is not None:
            for _name, _kind, codes in mentions(ln.text[label.end():]):
                for c in codes:
                    chain = g.chain(c)
                    if len(chain) >= 2 and chain[0].name == province and chain[1].name != province:
                        cities.add(chain[1].name)
    return cities.pop() if len(cities) == 1 else None


FIELD = Field("place", extract, convert=False)
