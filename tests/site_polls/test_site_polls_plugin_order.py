"""The two plugins meet only through their contract (kernel.contract), so the order of PLUGINS does not matter.

Before, the polls glue read the site model from a context key that the site plugin
had to have filled already: listed first, it failed with "no date for meetup".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pollsite import assert_built, build_polls_site

EVENT_PAGE = Path("events") / "docker-brno-2" / "index.html"


def files(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("plugins", [["meetup", "polls_site"], ["polls_site", "meetup"]],
                         ids=["site-plugin-first", "polls-glue-first"])
def test_the_site_is_the_same_whatever_the_order_of_plugins(cold_build, chart_cache, tmp_path, plugins):
    cache = tmp_path / "cache"
    shutil.copytree(chart_cache, cache)
    built = build_polls_site(tmp_path / "output", cache, PLUGINS=plugins)
    assert_built(built)
    page = BeautifulSoup((built.output / EVENT_PAGE).read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("section.polls figure.chart")) >= 2  # the event page has its meetup's charts
    assert page.select_one('nav a[href$="polls/index.html"]') is not None
    assert files(built.output) == files(cold_build.output)
