"""The slide cache after a build: folders of PDFs no talk shows any more go once they are old."""

from __future__ import annotations

import os
import time

from builtsite import build_sample
from kernel.cache import DAY


def test_a_build_prunes_old_slide_renders_it_no_longer_shows_and_keeps_its_own(tmp_path):
    cache = tmp_path / "cache"
    build_sample(tmp_path / "output", cache)
    slides = cache / "slides"
    own = {p.name for p in slides.iterdir()}
    assert own  # the sample's PDF deck was rendered
    stale = slides / "0000deadbeef0000"
    stale.mkdir()
    (stale / "page-001.webp").write_bytes(b"old")
    then = time.time() - 40 * DAY
    for path in [stale, *(slides / name for name in own)]:
        os.utime(path, (then, then))

    build_sample(tmp_path / "output", cache)

    assert not stale.exists()
    assert {p.name for p in slides.iterdir()} == own
