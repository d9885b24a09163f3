"""Helpers for the poll-chart site tests: full builds in temporary folders, with their chart counts.

Every build goes through :func:`recap_build.build.build` with pelicanconf.py (as
``invoke build`` does), a pinned clock, and its own CACHE_PATH and chart cache,
so no test shares the repository's cache.  The number of charts a build drew
comes from the build's result (``BuildResult.figures``).
"""

from __future__ import annotations

import hashlib
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


@dataclass(frozen=True)
class PollBuild:
    result: BuildResult
    output: Path
    rendered: int | None  # charts drawn by this build (None: the glue reported none)
    cached: int | None


def build_polls_site(output: Path, cache: Path, content: Path = CONTENT, survey: Path = SURVEY,
                     settings: dict | None = None, **more) -> PollBuild:
    """Build ``content`` with the poll data in ``survey`` into ``output``, caching in ``cache``.

    ``settings`` (a dict) and keyword arguments override more of pelicanconf.py's settings.
    """
    overrides = {
        **(settings or {}),
        **more,
        "PATH": str(content),
        "POLLS_PATH": str(survey),
        "MEETUP_NOW": NOW,
        "CACHE_PATH": str(cache),
        "POLLS_CHART_CACHE_DIR": str(cache / "charts"),
        "POLLS_CHART_PROGRESS": False,
    }
    result = build(SETTINGS, output, overrides)
    return PollBuild(result, output, result.figures.get("charts_rendered"), result.figures.get("charts_cached"))


def rebuild_after(change, content: Path, survey: Path, output: Path, cache: Path) -> tuple[PollBuild, dict, dict]:
    """Build, ``change()`` the sources, build again: (the second build, the output's digests before it and after)."""
    assert_built(build_polls_site(output, cache, content=content, survey=survey))
    before = tree_digest(output)
    change()
    built = build_polls_site(output, cache, content=content, survey=survey)
    return built, before, tree_digest(output)


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
