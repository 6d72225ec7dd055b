"""Robustness on 48 real HTML pages (../shared/dev-pages, no gold): nothing crashes, every
page gets a record with a title and a non-empty body, and the edit log replays."""

from __future__ import annotations

import pytest

from cleaner import clean_bytes
from cleaner.document import replay
from tests.conftest import DEV_PAGES

PAGES = sorted(DEV_PAGES.glob("*.html")) if DEV_PAGES.is_dir() else []
pytestmark = pytest.mark.skipif(
    not PAGES, reason=f"no dev pages: {DEV_PAGES} (the shared folder beside this checkout) is missing")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_dev_page(path):
    doc = clean_bytes(path.read_bytes(), name=path.name)
    assert doc.error is None
    assert doc.kind == "html"
    assert doc.meta.get("title")
    assert len(doc.text) >= 40
    assert replay(doc.source, doc.edits) == doc.text
    assert "<p>" not in doc.text and "<div" not in doc.text
    for a in doc.meta.get("authors") or []:
        assert 2 <= len(a) <= 12
