"""Pruning the caches after a build: what the build did not use goes once it is old.

Unit behaviour of kernel.cache_prune.prune, then a full build of the small poll
site whose chart cache holds stray files of charts no page shows any more.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kernel.cache import DAY, keep_days, prune
from pollsite import DATA, assert_built, build_polls_site

SMALL = DATA / "small"


def aged(path: Path, days: float) -> Path:
    then = time.time() - days * DAY
    os.utime(path, (then, then))
    return path


def _file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", "utf-8")
    return path


def entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_an_unused_entry_older_than_the_limit_is_deleted(tmp_path):
    aged(_file(tmp_path / "stale.svg"), 40)
    assert prune(tmp_path, lambda name: False, 30) == 1
    assert entries(tmp_path) == set()


def test_an_unused_but_recent_entry_is_kept(tmp_path):
    _file(tmp_path / "recent.svg")
    assert prune(tmp_path, lambda name: False, 30) == 0
    assert entries(tmp_path) == {"recent.svg"}


def test_a_used_entry_is_kept_however_old(tmp_path):
    aged(_file(tmp_path / "used.svg"), 400)
    assert prune(tmp_path, lambda name: name == "used.svg", 30) == 0
    assert entries(tmp_path) == {"used.svg"}


def test_an_old_unused_folder_is_deleted_with_its_files(tmp_path):
    folder = tmp_path / "0123abcd"
    _file(folder / "page-001.webp")
    aged(folder, 40)
    assert prune(tmp_path, lambda name: False, 30) == 1
    assert entries(tmp_path) == set()


def test_keep_days_none_or_negative_never_prunes():
    assert keep_days({}) == 30
    assert keep_days({"CACHE_KEEP_DAYS": None}) is None
    assert keep_days({"CACHE_KEEP_DAYS": -1}) is None


def test_a_build_prunes_old_charts_it_no_longer_shows_and_keeps_its_own(tmp_path):
    cache = tmp_path / "cache"
    first = build_polls_site(tmp_path / "output", cache, content=SMALL / "content", survey=SMALL / "survey")
    assert_built(first)
    charts = cache / "charts"
    shown = entries(charts)
    for name in shown:  # the build's own files, however old, stay
        aged(charts / name, 400)
    stale = aged(_file(charts / "0000deadbeef0000.svg"), 40)
    stale_figure = aged(_file(charts / "0000deadbeef0000.1234abcd.figure.html"), 40)
    recent = _file(charts / "1111cafe1111.svg")

    again = build_polls_site(tmp_path / "output", cache, content=SMALL / "content", survey=SMALL / "survey")

    assert_built(again)
    assert not stale.exists() and not stale_figure.exists()
    assert recent.exists()
    assert shown <= entries(charts)
