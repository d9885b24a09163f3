"""Helpers for the poll-chart site tests: full builds in temporary folders, with their chart counts.

Every build goes through :func:`meetup.build.build` with pelicanconf.py (as
``invoke build`` does), a pinned clock, and its own CACHE_PATH and chart cache,
so no test shares the repository's cache.  The number of charts a build drew
comes from the adapter's "Poll charts: N rendered, M from the cache" log line.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from meetup.standalone import load_site, poll_events
from recap_build.build import BuildResult, build, load_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
CONTENT = ROOT / "content"
SURVEY = ROOT / "survey"
DATA = ROOT / "tests" / "data" / "site_polls"
NOW = "2026-11-28T00:00:00+00:00"
ADAPTER_LOGGER = "polls_site.generator"
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
