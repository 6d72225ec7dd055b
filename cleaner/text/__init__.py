"""Shared text helpers that no filter owns: Han classes and plausibility, line features and the
article core, pinyin tables, the OpenCC adapter, the lexicon matcher, spam scoring, titles.

Filters import from here (and from the model, the registry and data), never from each other.
"""
