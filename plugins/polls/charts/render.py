"""Batch rendering: only cache misses, in parallel worker processes, with a progress bar.

A site has one chart per (meetup, question) plus trends, easily hundreds;
matplotlib is single-threaded, so misses are spread over a process pool in
chunks (each worker process imports matplotlib once and draws many charts).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kernel.cache import Cache, read_entry
from kernel.workers import chunks, process_pool, worker_count

from . import cache
from .spec import ChartSpec
from .table import ChartTable, chart_table

PROGRESS_THRESHOLD = 50  # more due charts than this show a bar (on a terminal)
IN_PROCESS_LIMIT = 16  # fewer misses than this are drawn here: a pool costs more to start
CHUNKS_PER_WORKER = 4  # enough chunks to balance uneven charts and move the bar
MAX_CHUNK = 50


@dataclass(frozen=True)
class RenderedChart:
    """A chart in the cache: its spec, cache key and one file per format."""

    spec: ChartSpec
    cache_key: str
    files: tuple[tuple[str, Path], ...]

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def caption(self) -> str:
        return self.spec.label("caption")

    def path(self, fmt: str = "svg") -> Path:
        return dict(self.files)[fmt]

    @property
    def svg(self) -> str:
        """The inline ``<svg>`` element (read from the cache; drawn again if damaged since)."""
        data = read_entry(self.path("svg"))
        return (data if data is not None else cache.image_bytes(self.spec, "svg")).decode("utf-8")

    @cached_property  # a template reads .columns, .rows, .caption and .notes of one table
    def table(self) -> ChartTable:
        return chart_table(self.spec)


@dataclass(frozen=True)
class RenderReport:
    """The charts of one batch by spec key, and how many were drawn versus reused."""

    charts: dict[str, RenderedChart]
    rendered: int
    cached: int


def render_charts(specs: Sequence[ChartSpec], cache_dir: str | Path, workers: int | None = None,
                  progress: bool | str = True, formats: Iterable[str] = ("svg",)) -> RenderReport:
    """Make sure every chart is in the cache; draw only the ones that are not.

    ``workers`` defaults to one per CPU core; ``progress`` True shows a bar when
    more than :data:`PROGRESS_THRESHOLD` charts are due and stdout is a terminal,
    "always" shows it regardless, False never.
    """
    cache_dir = Path(cache_dir)
    formats = cache.check_formats(formats)
    store = cache.chart_cache(cache_dir)
    unique = _unique(specs)
    keys = {spec.key: cache.cache_key(spec, store) for spec in unique}
    # one listing of the cache instead of a stat per chart and format; what is listed is
    # then checked against its digest, so a damaged chart is drawn again
    present = set(os.listdir(cache_dir)) if cache_dir.is_dir() else set()
    due = [(spec, keys[spec.key]) for spec in unique
           if any(cache.file_name(keys[spec.key], fmt) not in present for fmt in formats)
           or cache.missing(store, keys[spec.key], formats)]

    if due:
        cache_dir.mkdir(parents=True, exist_ok=True)
        workers = worker_count(workers)
        show = progress == "always" or (progress is True and len(due) > PROGRESS_THRESHOLD
                                         and sys.stdout.isatty())
        _render(due, store, formats, workers, show)

    charts = {
        spec.key: RenderedChart(spec, keys[spec.key],
                                tuple((fmt, cache_dir / cache.file_name(keys[spec.key], fmt)) for fmt in formats))
        for spec in unique
    }
    return RenderReport(charts=charts, rendered=len(due), cached=len(unique) - len(due))


def render_chunk(due: Sequence[tuple[ChartSpec, str]], store: Cache,
                 formats: tuple[str, ...]) -> int:
    """Draw a chunk of charts into the cache (run in a worker process); return how many."""
    for spec, key in due:
        cache.fill(store, spec, key, formats)
    return len(due)


def _unique(specs: Sequence[ChartSpec]) -> list[ChartSpec]:
    """Specs by key, first seen first; the same key with other data is a caller's bug."""
    seen: dict[str, ChartSpec] = {}
    for spec in specs:
        earlier = seen.setdefault(spec.key, spec)
        if earlier is not spec and earlier != spec:
            raise ValueError(f"two different charts share the key {spec.key!r}")
    return list(seen.values())


def _render(due: list[tuple[ChartSpec, str]], store: Cache, formats: tuple[str, ...],
            workers: int, show: bool) -> None:
    from rich.progress import Progress  # only needed, and only imported, for a visible bar

    with Progress(transient=True, disable=not show) as bar:
        task = bar.add_task("Rendering charts", total=len(due))
        if workers == 1 or len(due) < IN_PROCESS_LIMIT:
            for chunk in chunks(due, 1, CHUNKS_PER_WORKER, MAX_CHUNK):
                bar.advance(task, render_chunk(chunk, store, formats))
            return
        with process_pool(workers) as pool:
            futures = [pool.submit(render_chunk, chunk, store, formats)
                       for chunk in chunks(due, workers, CHUNKS_PER_WORKER, MAX_CHUNK)]
            for future in as_completed(futures):
                bar.advance(task, future.result())
