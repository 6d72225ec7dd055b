"""Metadata extractors on realistic Chinese news headers and footers (tests/cases/meta.json)."""

from __future__ import annotations

import pytest

from cleaner import clean_bytes
from cleaner.filters.meta.date import parse_date
from cleaner.filters.meta.people import is_name, split_names
from cleaner.text.title import clean_title
from tests.conftest import load_cases

CASES = load_cases("meta.json")


def test_there_are_forty_cases_beyond_the_seeds():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_meta_case(case):
    doc = clean_bytes(case["input"].encode("utf-8"))
    assert doc.error is None
    for field, want in case["expected"].items():
        got = doc.meta.get(field)
        if field == "place" and want is not None:
            assert got is not None, "no place"
            for k, v in want.items():
                assert got.get(k) == v, (k, got)
        elif field == "authors":
            assert sorted(got or []) == sorted(want)
        else:
            assert got == want, field


def test_explain_names_line_and_rule():
    doc = clean_bytes(CASES[0]["input"].encode())
    how = doc.provenance["date"]
    assert how["line"] == 3 and "labelled" in how["rule"]


@pytest.mark.parametrize(("text", "iso"), [
    ("2024-03-22 21:02:00", "2024-03-22T21:02:00+08:00"), ("2020/01/20/ 08:50", "2020-01-20T08:50+08:00"),
    ("2024年5月30日 07:27", "2024-05-30T07:27+08:00"), ("二〇二四年五月三十日", "2024-05-30"),
    ("2024.05.30", "2024-05-30"), ("2024年13月1日", None), ("发布于 2023-2-5", "2023-02-05"),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_names():
    assert is_name("司马光") and not is_name("记者") and not is_name("报道")
    assert split_names("张三 李四、王五") == ["张三", "李四", "王五"]
    assert split_names("刘强报道") == ["刘强"]


def test_clean_title():
    assert clean_title("标题很长很长很长_网易新闻") == "标题很长很长很长"
    assert clean_title("短") == "短"


def _fetched_date(data: bytes, fetched: str | None) -> str | None:
    from cleaner.config import DEFAULT
    from cleaner.pipeline import clean_data
    from cleaner.registry import chain
    from cleaner.warc import Origin

    origin = Origin("https://news.example.com/1", "<urn:uuid:1>", fetched)
    return clean_data(data, "crawl.warc.gz#1", chain(), DEFAULT, origin).meta["date"]


def test_a_crawled_page_gives_a_year_less_date_the_year_it_was_fetched_in():
    case = next(c for c in CASES if c["label"].startswith("date: a labelled year-less date with no stamp"))
    data = case["input"].encode()
    assert "发布时间：10-08 12:00" in case["input"] and case["expected"]["date"] is None
    assert _fetched_date(data, "2019-12-28T04:05:06Z") == "2019-10-08T12:00+08:00"
    assert _fetched_date(data, "2020-01-02T04:05:06Z") == "2019-10-08T12:00+08:00"  # 2020-10-08 is after it
    assert _fetched_date(data, "2019-10-08T05:00:00Z") == "2019-10-08T12:00+08:00"  # 13:00 in China
    assert _fetched_date(data, "2019-10-08T03:00:00Z") == "2018-10-08T12:00+08:00"  # 11:00: not yet posted
    assert _fetched_date(data, "not a date") is None


def test_a_crawled_page_gives_a_lone_dateline_the_year_it_was_fetched_in():
    text = ("县城新建公园向市民开放\n\n本报讯 3月2日，县城新建的滨河公园正式向市民开放，"
            "公园占地两百亩，设有步道、广场和儿童游乐区，吸引了大批市民前来游玩。\n\n"
            "公园管理处负责人介绍，公园还将陆续增设健身器材和休息座椅，方便周边居民使用。")
    data = text.replace("本报讯 3月2日，", "新华社合肥3月2日电 ").encode()
    assert _fetched_date(data, None) is None
    assert _fetched_date(data, "2021-05-01T00:00:00Z") == "2021-03-02"
    assert _fetched_date(data, "2021-02-01T00:00:00Z") == "2020-03-02"
