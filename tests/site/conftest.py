"""Fixtures for the full-build tests: the sample site built once, and small scenario sites.

Every build goes through :func:`recap_build.build.build` with pelicanconf.py, the way
``invoke build`` does, with PATH pointed at the content under test and the clock
pinned by MEETUP_NOW so "upcoming" and "past" do not drift with the calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from builtsite import PUBLISHED, SCENARIOS, build_content, build_sample, build_scenario, html_pages, page
from recap_build.build import BuildResult


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


@pytest.fixture(scope="session")
def schedules_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/site/schedules built with an absolute SITEURL, as publishconf.py does."""
    return build_scenario("schedules", tmp_path_factory.mktemp("published") / "output", **PUBLISHED)


@pytest.fixture(scope="session")
def schedules_development(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/site/schedules built as pelicanconf.py says: relative links, no site address."""
    return build_scenario("schedules", tmp_path_factory.mktemp("development") / "output")
