"""``repair``: the seeds' GBK byte slips, other mojibake kinds, and clean text left alone."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean_bytes
from cleaner.config import DEFAULT
from cleaner.document import Document
from cleaner.filters.repair import repair
from cleaner.text.convert import converter
from tests.conftest import SEEDS


def _repair(text: str) -> Document:
    return repair(Document("x", source=text, text=text), DEFAULT)


SEED = {p.name[:3]: p for p in SEEDS}
# (seed, garbled text in the seed, what the gold body says)
SPOTS = [
    ("002", "這些都沒問題?!鄙鐓^", "这些都没问题。”社区党委书记"),
    ("002", "反哺社區(qū)?!拔覀兒芨吲d能加入", "反哺社区。“我们很高兴能加入"),
    ("002", "家政力量,?!钡缕技艺", "家政力量。”德萍家政负责人刘"),
    ("002", "轉(zhuǎn)變,?!遍Z愷說", "转变。”闫恺说"),
    # A reading injected inside a character: the reading names the misaligned character
    # (規 = 家's second byte + 庫's first), which gives back the lost byte.
    ("002", "小區(qū)管家?guī)臁?,協(xié)助", "小区管家库”,协助"),
    ("004", "老人們?nèi)\ue437宄扇海\ue104e坐", "老人们三五成群,闲坐"),
    ("004", "當(dāng)?shù)剞r(nóng)特產", "当地农特产"),
]


def _cleaned(seed: str) -> str:
    """The seed after the filters that touch characters (captions and layout kept)."""
    doc = clean_bytes(SEED[seed].read_bytes(), only=("decode", "repair", "despam", "simplify", "punct"))
    return doc.text.replace("，", ",").replace("：", ":")


@pytest.mark.parametrize(("seed", "garbled", "gold"), SPOTS, ids=[s[2][:8] for s in SPOTS])
def test_byte_slips_repaired(seed, garbled, gold):
    assert garbled in SEED[seed].read_text(encoding="utf-8")
    assert gold in _cleaned(seed)


def test_each_fix_is_an_edit_with_a_reason():
    doc = _repair("這些都沒問題?!鄙鐓^(qū)黨委書記")
    assert doc.text.startswith("這些都沒問題。”社區")
    assert [e.reason for e in doc.edits] == ["GBK byte slip repaired"]


def test_a_real_question_mark_is_kept():
    for text in ("社区能不能支持一下?”", "社区缘何如此之快?还敢打破常规处置", "真的吗?我不知道。",
                 "八次全會精?神和?", "全會精神和?“?1", "??共治?\xa0讓社區", "到哪裏?;共建共?",
                 "這叫什麼?(shén)我不知道", "真的?！?", "為什麼?guī)的"):
        assert _repair(text).text == text


def test_a_reading_after_the_run_restores_the_last_character_and_its_parenthesis():
    # 負責(zé)人 with the comma slip: the run ends in 責's orphaned lead byte, and the reading
    # injected after 責 (its "(" swallowed with the orphan) names it
    doc = _repair("家政力量,?!钡缕技艺\ue49f撠?zé)人")
    assert doc.text == "家政力量,。”德萍家政負責(zé)人"


def test_a_reading_that_fits_no_misaligned_character_is_left_alone():
    # 家 (BC D2) + any lead byte never reads xué, so this is not the misaligned-reading slip
    text = "管家?xué)臁?,協助"
    assert _repair(text).text == text


def test_a_closing_quote_is_restored_only_when_an_open_quote_asks_for_it():
    assert "庫”," in _repair("社區“小區管家?guī)臁?,協助").text
    assert "?," in _repair("社區小區管家?guī)臁?,協助").text  # 」 ” ’ … equally likely: left


def test_unrepaired_slips_are_flagged():
    doc = _repair("近日\n街道社區的?mù)?00餘人參加")
    assert doc.text == "近日\n街道社區的?mù)?00餘人參加"
    assert len(doc.warnings) == 1 and "line 2" in doc.warnings[0]


def test_made_slips_are_mostly_repaired_and_rarely_misrepaired():
    """The damage model of bench/slips.py on the gold bodies (make eval reports the rates)."""
    from bench.slips import measure

    counts = measure(SEEDS[0].parent / "gold", per_line=2)
    reading = counts["reading"]
    n = sum(reading.values())
    assert n >= 100
    assert reading["exact"] / n >= 0.75
    assert reading["wrong"] / n <= 0.05


def _lossless_gbk_mojibake(min_len: int = 6) -> list[tuple[str, str]]:
    """Phrases of the seeds whose UTF-8 bytes happen to decode as GBK without loss."""
    out = []
    text = SEEDS[0].read_text(encoding="utf-8")
    for i in range(0, 3000, 37):
        s = text[i : i + min_len + i % 5]
        try:
            g = s.encode().decode("gbk")
        except UnicodeDecodeError:
            continue
        if g.encode("gbk").decode() == s and "\n" not in s and not s.isascii():
            out.append((s, g))
    return out


@pytest.mark.parametrize(("good", "garbled"), _lossless_gbk_mojibake()[:8])
def test_utf8_read_as_gbk(good, garbled):
    doc = _repair("前文。" + garbled)
    assert good.strip() in doc.text
    assert doc.edits and {e.reason for e in doc.edits} == {"UTF-8 text decoded as GBK"}


def test_there_are_such_phrases():
    assert len(_lossless_gbk_mojibake()) >= 3


def test_utf8_read_as_gbk_with_bytes_lost():
    """A lossy decode (GBK with U+FFFD for each byte that did not pair, as most tools save a
    misread page) is repaired run by run, each lost byte costing one character."""
    import difflib

    ratios = []
    for p in sorted((SEEDS[0].parent / "gold").glob("*.gold.json")):
        body = json.loads(p.read_text(encoding="utf-8"))["body"]
        for k in (0, 400, 800):
            piece = body[k : k + 300]
            garbled = piece.encode().decode("gbk", "replace")
            assert "\ufffd" in garbled
            ratios.append(difflib.SequenceMatcher(None, piece, _repair(garbled).text).ratio())
    assert sum(ratios) / len(ratios) >= 0.8, ratios  # (the garbled pieces: about 0.03)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2), st.integers(0, 10_000), st.integers(20, 400), st.lists(st.integers(0, 399), max_size=5))
def test_clean_text_with_replacement_characters_loses_only_them(which, start, length, at):
    """A GBK page's own lost bytes (U+FFFD among good characters) never start a lossy repair."""
    text = CLEAN[which]
    piece = text[start % len(text) : start % len(text) + length]
    holed = piece
    for i in sorted(at, reverse=True):
        holed = holed[: i % (len(holed) + 1)] + "\ufffd" + holed[i % (len(holed) + 1) :]
    assert _repair(holed).text == piece


def _as_windows_1252(data: bytes) -> str:
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data)


@pytest.mark.parametrize("text", ["中文新闻报道", "兰州市西固区福利路街道", "“微治理”串起为民服务"])
def test_utf8_read_as_cp1252(text):
    doc = _repair("Title: " + _as_windows_1252(text.encode()))
    assert doc.text == "Title: " + text


def test_kunkin_replacement_and_private_use():
    doc = _repair("正文锟斤拷锟斤拷内容\ufffd结束\ue123。")
    assert doc.text == "正文内容结束。"
    assert sorted({e.reason for e in doc.edits}) == ["private-use character", "replacement character",
                                                     "锟斤拷 run (lost characters)"]


CLEAN = [p.read_text(encoding="utf-8") for p in SEEDS[:2]] + [SEEDS[3].read_text(encoding="utf-8")]
TRAD = [converter("s2t")(json.loads(p.read_text(encoding="utf-8"))["body"])
        for p in sorted((SEEDS[0].parent / "gold").glob("*.gold.json"))]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(CLEAN) - 1), st.integers(0, 10_000), st.integers(1, 800))
def test_clean_chinese_text_is_never_changed(which, start, length):
    text = CLEAN[which]
    piece = text[start % len(text) : start % len(text) + length]
    assert _repair(piece).text == piece


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(TRAD) - 1), st.integers(0, 10_000), st.integers(20, 300),
       st.lists(st.tuples(st.integers(0, 299), st.sampled_from(["?", "?", "(shù)", "(zhōng)?", "?“", "”?", "?,"])),
                max_size=4))
def test_question_marks_and_readings_between_characters_are_never_touched(which, start, length, inserts):
    """Real question marks and aligned readings (a page with pinyin aids) are not slips."""
    text = TRAD[which]
    piece = text[start % len(text) : start % len(text) + length]
    for at, mark in sorted(inserts, reverse=True):
        if mark.startswith("(") and not "\u4e00" <= piece[at - 1 : at] <= "\u9fff":
            continue  # readings follow Han characters
        piece = piece[:at] + mark + piece[at:]
    assert _repair(piece).text == piece


def _every_pass(text: str) -> Document:
    """The repairs run one after another over the whole text, each looking for itself."""
    from cleaner.filters.repair import gbk_slip, junk, misdecoded

    doc = Document("x", source=text, text=text)
    if "?" in text:
        doc.replace_spans("repair", gbk_slip.slips(text, []))
    doc.replace_spans("repair", misdecoded.utf8_read_as_gbk(doc.text))
    doc.replace_spans("repair", misdecoded.latin_mojibake(doc.text))
    doc.replace_spans("repair", junk.kunkin(doc.text))
    doc.replace_spans("repair", junk.stray(doc.text))
    return doc


@pytest.mark.parametrize("seed", sorted(SEED))
def test_one_scan_for_the_signs_repairs_what_every_pass_repairs(seed):
    # repair scans a page once for where each repair would start and runs only those: the
    # same edits as running every pass over the whole text, on pages that mix every kind
    gbk = "新闻报道说明天有雨".encode().decode("gbk", "replace")
    latin = "中文标题".encode().decode("cp1252", "replace")
    body = SEED[seed].read_bytes().decode("utf-8", "replace")[:3000]
    for mix in (body, f"{gbk}\n{body}", f"{latin}×\ue000{body}锟斤拷\ufffd", f"瑜{latin}{gbk}烫烫烫\ue123"):
        ours, theirs = _repair(mix), _every_pass(mix)
        assert ours.text == theirs.text
        assert [(e.reason, e.before, e.after, e.pos) for e in ours.edits] == \
            [(e.reason, e.before, e.after, e.pos) for e in theirs.edits]
