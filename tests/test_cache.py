"""``cache``: the per-user cache misses on anything changed and never fails."""

from __future__ import annotations

from cleaner import cache


def test_a_value_comes_back_only_under_its_key(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    k = "python 3.x|engine 1"
    assert cache.load("thing", k) is None
    cache.save("thing", k, {"a": [1, 2], "b": ("x", None)})
    assert cache.load("thing", k) == {"a": [1, 2], "b": ("x", None)}
    assert cache.load("thing", "python 3.y|engine 1") is None  # another key: a miss
    for f in tmp_path.iterdir():
        f.write_bytes(b"\x00 damaged")
    assert cache.load("thing", k) is None  # a damaged file: a miss, no error


def test_switched_off_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    assert cache.folder() is None
    cache.save("thing", "k", 1)
    assert cache.load("thing", "k") is None
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocked / "cache"))
    cache.save("thing", "k", 1)  # cannot be written: nothing raised
    assert cache.load("thing", "k") is None
