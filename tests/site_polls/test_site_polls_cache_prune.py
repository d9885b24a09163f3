"""Pruning the chart cache after a build: what the build did not use goes once it is old.

A full build of the small poll site whose chart cache holds stray files of
charts no page shows any more (the pruning itself: tests/kernel/test_cache_layer.py).
"""

from __future__ import annotations

from damage import aged, entries, stray
from pollsite import DATA, assert_built, build_polls_site

SMALL = DATA / "small"


def test_a_build_prunes_old_charts_it_no_longer_shows_and_keeps_its_own(tmp_path):
    cache = tmp_path / "cache"
    first = build_polls_site(tmp_path / "output", cache, content=SMALL / "content", survey=SMALL / "survey")
    assert_built(first)
    charts = cache / "charts"
    shown = entries(charts)
    for name in shown:  # the build's own files, however old, stay
        aged(charts / name, 400)
    stale = aged(stray(charts / "0000deadbeef0000.svg"), 40)
    stale_figure = aged(stray(charts / "0000deadbeef0000.1234abcd.figure.html"), 40)
    recent = stray(charts / "1111cafe1111.svg")

    again = build_polls_site(tmp_path / "output", cache, content=SMALL / "content", survey=SMALL / "survey")

    assert_built(again)
    assert not stale.exists() and not stale_figure.exists()
    assert recent.exists()
    assert shown <= entries(charts)
