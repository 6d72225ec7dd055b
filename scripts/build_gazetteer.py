#!/usr/bin/env python3
"""Build cleaner/data/divisions.tsv.gz and townships.tsv.gz from ../shared/data/divisions
(2023 division codes).

divisions.tsv.gz rows: code, name, parent code, level (1 province, 2 city, 3 district).
townships.tsv.gz rows: a name's last two characters, its length, and the names so ending and
so long packed as ``|name=codes|name=codes|`` (codes: of every township so named, in table
order, space-separated); a township's district is its code's first six digits (checked here).
The 41,000 townships load as 4,400 lines, and a name is looked up in its line only when a page
names something ending so (see cleaner/filters/meta/place.py, ``Townships``).
A municipality's placeholder city (市辖区 / 县) takes the province's name, so 西青区 resolves
to 天津市 天津市 西青区.  Hong Kong, Macao and Taiwan get codes 81, 82, 71 as in GB/T 2260.
Run: python scripts/build_gazetteer.py [DIVISIONS_DIR]
"""

import csv
import gzip
import json
import sys
from pathlib import Path

src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/divisions")
data = Path(__file__).resolve().parent.parent / "cleaner" / "data"
out, town_out = data / "divisions.tsv.gz", data / "townships.tsv.gz"
rows = []
provinces = {}
for r in csv.DictReader(open(src / "provinces.csv", encoding="utf-8")):
    provinces[r["code"]] = r["name"]
    rows.append((r["code"], r["name"], "", "1"))
for r in csv.DictReader(open(src / "cities.csv", encoding="utf-8")):
    name = r["name"]
    if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
        name = provinces[r["provinceCode"]] if name in ("市辖区", "县") else ""
    rows.append((r["code"], name, r["provinceCode"], "2"))
for r in csv.DictReader(open(src / "areas.csv", encoding="utf-8")):
    rows.append((r["code"], r["name"], r["cityCode"], "3"))
for r in csv.DictReader(open(src / "streets.csv", encoding="utf-8")):
    rows.append((r["code"], r["name"], r["areaCode"], "4"))
special = json.load(open(src / "HK-MO-TW.json", encoding="utf-8"))
codes = {"台湾省": "71", "香港特别行政区": "81", "澳门特别行政区": "82"}
for prov, cities in special.items():
    pc = codes.get(prov)
    if not pc:
        continue
    rows.append((pc, prov, "", "1"))
    for i, (city, districts) in enumerate(cities.items(), 1):
        cc = f"{pc}{i:02d}"
        rows.append((cc, city, pc, "2"))
        for j, d in enumerate(districts, 1):
            rows.append((f"{cc}{j:02d}", d.split("（")[0], cc, "3"))
towns: dict[str, list[str]] = {}
for code, name, parent, level in rows:
    if level == "4":
        assert code[:6] == parent and len(code) > 6, (code, parent)
        if name:
            towns.setdefault(name, []).append(code)
upper = [row for row in rows if row[3] != "4"]
with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
    fh.write("# code\tname\tparent\tlevel  (built by scripts/build_gazetteer.py from the 2023 division codes;"
             " townships in townships.tsv.gz)\n")
    for row in upper:
        fh.write("\t".join(row) + "\n")
with gzip.open(town_out, "wt", encoding="utf-8", compresslevel=9) as fh:
    fh.write("# last two characters\tlength\t|name=codes|... (the township names so ending and so long;"
             " codes space-separated, a township's district is its code's first six digits)\n")
    groups: dict[tuple[str, int], dict[str, list[str]]] = {}
    for name, codes in towns.items():
        assert not set(name) & set("|=\t\n"), name
        groups.setdefault((name[-2:], len(name)), {})[name] = codes
    for (tail, size), named in groups.items():
        packed = "".join(f"|{name}={' '.join(codes)}" for name, codes in named.items())
        fh.write(f"{tail}\t{size}\t{packed}|\n")
for path, n, what in ((out, len(upper), "rows"), (town_out, len(towns), "township names")):
    print(f"{path}: {n} {what}, {path.stat().st_size} bytes")
