"""Fixtures for the poll-chart site tests: full builds in temporary folders, with their chart counts.

Every build goes through :func:`meetup.build.build` with pelicanconf.py (as
``invoke build`` does), a pinned clock, and its own CACHE_PATH and chart cache,
so no test shares the repository's cache.  The number of charts a build drew
comes from the adapter's "Poll charts: N rendered, M from the cache" log line.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import polls
import pytest
from meetup.build import BuildResult, build, load_settings
from meetup.standalone import load_site, poll_events

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
CONTENT = ROOT / "content"
SURVEY = ROOT / "survey"
DATA = ROOT / "tests" / "data" / "site_polls"
NOW = "2026-11-28T00:00:00+00:00"
ADAPTER_LOGGER = "polls.pelican_adapter"
CHART_COUNT_MESSAGE = "Poll charts: %d rendered, %d from the cache"


@dataclass(frozen=True)
class PollBuild:
    result: BuildResult
    output: Path
    rendered: int | None  # charts drawn by this build (None: the adapter logged no count)
    cached: int | None


class _ChartCounts(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.INFO)
        self.counts: list[tuple[int, int]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == CHART_COUNT_MESSAGE:
            self.counts.append(tuple(record.args))


@contextmanager
def _chart_counts() -> Iterator[_ChartCounts]:
    logger = logging.getLogger(ADAPTER_LOGGER)
    handler, level = _ChartCounts(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def build_polls_site(output: Path, cache: Path, content: Path = CONTENT, survey: Path = SURVEY) -> PollBuild:
    """Build ``content`` with the poll data in ``survey`` into ``output``, caching in ``cache``."""
    overrides = {
        "PATH": str(content),
        "POLLS_PATH": str(survey),
        "MEETUP_NOW": NOW,
        "CACHE_PATH": str(cache),
        "POLLS_CHART_CACHE_DIR": str(cache / "charts"),
        "POLLS_CHART_PROGRESS": False,
    }
    with _chart_counts() as counts:
        result = build(SETTINGS, output, overrides)
    rendered, cached = counts.counts[-1] if counts.counts else (None, None)
    return PollBuild(result, output, rendered, cached)


def assert_built(built: PollBuild) -> None:
    assert built.result.ok, [str(p) for p in built.result.problems] + built.result.errors


def site_events(content: Path = CONTENT) -> dict:
    """The events the site hands the poll engine, read through the meetup model as the build does."""
    settings = {k: v for k, v in load_settings(SETTINGS).items() if k.startswith("MEETUP_")}
    return poll_events(load_site(content, settings))


def tree_digest(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under ``folder``."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class Engine:
    """The sample polls as the engine computes them, independently of any build."""

    survey: polls.Survey
    aggregates: pd.DataFrame


@pytest.fixture(scope="session")
def engine() -> Engine:
    survey = polls.load_survey(SURVEY, events=site_events())
    return Engine(survey, polls.aggregate(survey))


@pytest.fixture(scope="session")
def cold_build(tmp_path_factory: pytest.TempPathFactory) -> PollBuild:
    """The sample site built with an empty chart cache."""
    root = tmp_path_factory.mktemp("polls-cold")
    built = build_polls_site(root / "output", root / "cache")
    assert_built(built)
    return built


@pytest.fixture(scope="session")
def chart_cache(cold_build: PollBuild) -> Path:
    """The cache the cold build filled (tests copy it, never change it)."""
    return cold_build.output.parent / "cache"


@pytest.fixture(scope="session")
def warm_build(cold_build: PollBuild, chart_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> PollBuild:
    """The same site built again into another folder, reusing the cold build's cache."""
    built = build_polls_site(tmp_path_factory.mktemp("polls-warm") / "output", chart_cache)
    assert_built(built)
    return built


@pytest.fixture
def small_site(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of tests/data/site_polls/small: (content, survey)."""
    shutil.copytree(DATA / "small", tmp_path / "small")
    return tmp_path / "small" / "content", tmp_path / "small" / "survey"
