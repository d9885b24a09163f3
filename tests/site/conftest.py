"""Fixtures for the full-build tests: the sample site built once, and small scenario sites.

Every build goes through :func:`meetup.build.build` with pelicanconf.py, the way
``invoke build`` does, with PATH pointed at the content under test and the clock
pinned by MEETUP_NOW so "upcoming" and "past" do not drift with the calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from builtsite import html_pages, page
from meetup.build import BuildResult, build

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
SAMPLE_CONTENT = ROOT / "content"
SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "site"
NOW = "2026-11-28T00:00:00+00:00"


def build_content(content: Path, output: Path, scratch: Path, **overrides) -> BuildResult:
    """Build ``content`` into ``output`` with the project's settings, a pinned clock and no poll data.

    ``scratch`` holds the build's caches, so no test reads what an earlier run left in .cache/.
    """
    settings = {
        "PATH": str(content),
        "MEETUP_NOW": NOW,
        "POLLS_PATH": str(scratch / "no-polls"),  # the polls plugin skips a missing folder
        "CACHE_PATH": str(scratch / "cache"),
        **overrides,
    }
    return build(SETTINGS, output, settings)


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., BuildResult]:
    """build_site(content, output=None, **settings): a build into tmp_path (or ``output``)."""

    def run(content: Path, output: Path | None = None, **overrides) -> BuildResult:
        return build_content(content, output or tmp_path / "output", tmp_path, **overrides)

    return run


@pytest.fixture(scope="session")
def sample_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caches (poll charts, slide images) of the sample builds: empty when the session starts."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, sample_cache: Path) -> Path:
    """The output folder of the real sample content (content/), built once per test session."""
    return build_sample(tmp_path_factory.mktemp("sample") / "output", sample_cache)


def build_sample(output: Path, cache: Path) -> Path:
    """Build content/ as pelicanconf.py says (polls and slides included); only the clock and caches pinned."""
    result = build(SETTINGS, output, {"PATH": str(SAMPLE_CONTENT), "MEETUP_NOW": NOW, "CACHE_PATH": str(cache)})
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return output


@pytest.fixture(scope="session")
def sample_pages(sample_site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the sample site, parsed once: {output-relative path: soup}. Do not modify."""
    return {rel: page(sample_site, rel) for rel in html_pages(sample_site)}


@pytest.fixture
def scenario() -> Callable[[str], Path]:
    """scenario("unknown-event") -> tests/data/site/unknown-event/content."""

    def content(name: str) -> Path:
        path = SCENARIOS / name / "content"
        assert path.is_dir(), f"no scenario folder {path}"
        return path

    return content
