"""Fixtures for the poll-chart site tests: the sample site built cold and warm, the engine's own figures.

Builds and helpers are in pollsite.py (imported by the test modules by that name).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import polls
import pytest
from pollsite import DATA, SURVEY, PollBuild, assert_built, build_polls_site, site_events


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
