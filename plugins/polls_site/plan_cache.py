"""The survey's plan, downloads and overview rows kept between builds, as plain data.

Reading every poll file, aggregating and planning thousands of charts takes
seconds on a large archive, and most builds change no poll at all (a talk
edited, a typo fixed).  What the pages need (the chart plan, the catalog, the
downloads' text, the overview's rows) is a pure function of the survey folder's
files, the site's events as the engine sees them, the minimum cell, the trend
URL pattern, the plausible range of "~" figures, the code of the engine, of
this glue and of the kernel, and the versions of Python and the statistics
libraries; all of those make the key (kernel.cache), so any change to any of
them recomputes.  Only successful results are kept: bad poll data is read and
reported every time.

Each poll file's reading is kept on its own (:class:`FileMemo`), and each
group's trend charts and pages too, keyed by that
group's rows (:func:`group_memo`): a poll edit fits again only its own group's
trends.  The plan is stored as plain Python objects, apart from the survey and its
aggregates (pandas frames), which go in a second entry read only when a page
asks for something the plan lacks (a ``[[poll ...]]`` chart no page plans):
a build that changed no poll loads the plan without importing pandas.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import kernel
import polls
from kernel.cache import Cache, key_of, picklable, pickled_digest
from kernel.digests import tree_digest
from kernel.workers import in_forked_child
from polls.approx import DEFAULT_APPROX_RANGE

from . import page_plan as site_plan

NAME = "polls-plan"  # kernel.cache.CACHES
PLAN = "plan.pickle"  # the Light record: no pandas object in it
READS = "reads.pickle"  # each poll file's reading (FileMemo), by path
GROUP = "group-{}.pickle"  # one group's GroupPlan (page_plan.group_plan), by a key of the group's name
FRAMES = "frames.pickle"  # (survey, aggregates)
# the plan is made by the engine, this package and the kernel's YAML reader (limits, encodings)
CODE = (Path(polls.__file__).resolve().parent, Path(__file__).resolve().parent,
        Path(kernel.__file__).resolve().parent)
LIBRARIES = ("python", "pandas", "numpy", "scipy", "statsmodels")


@dataclass(frozen=True)
class Light:
    """What the pages of a build that changed no poll read: plain data only."""

    plan: site_plan.Plan
    catalog: Any  # polls.read.catalog.Catalog (plain dataclasses)
    meetups: tuple[dict, ...]  # the overview's rows
    downloads: Mapping[str, str]  # "csv", "json": the downloads' text


class Planned:
    """The plan of a survey; ``survey`` and ``aggregates`` are loaded (with pandas) on first use."""

    def __init__(self, light: Light, frames, made: bool = False):
        self.light = light
        self._frames = frames  # () -> (survey, aggregates)
        self.made = made  # read and planned afresh by this build (not from the cache)

    plan = property(lambda self: self.light.plan)
    catalog = property(lambda self: self.light.catalog)
    meetups = property(lambda self: self.light.meetups)
    downloads = property(lambda self: self.light.downloads)

    @cached_property
    def _loaded(self) -> tuple:
        return self._frames()

    @property
    def survey(self):
        return self._loaded[0]

    @property
    def aggregates(self):
        return self._loaded[1]


def plan_cache(folder: Path) -> Cache:
    """The plan cache in ``folder`` (``cache_folder(settings, "polls-plan")``)."""
    return Cache.of(NAME, folder, code=CODE, libraries=LIBRARIES)


def plan_key(cache: Cache, folder: Path, events: Mapping | None, min_cell: int, trend_url: str,
             approx_range=DEFAULT_APPROX_RANGE) -> str:
    return cache.key({"survey": tree_digest(folder), "events": events, "min_cell": min_cell,
                      "trend_url": trend_url, "approx_range": list(approx_range)})


def load_planned(folder: Path, events: Mapping | None, min_cell: int, trend_url: str,
                 cache_dir: Path | None, approx_range=DEFAULT_APPROX_RANGE) -> Planned:
    """Plan, downloads and overview rows for ``folder``: from the cache in ``cache_dir`` when its key matches."""
    cache = plan_cache(cache_dir) if cache_dir else None
    key = plan_key(cache, folder, events, min_cell, trend_url, approx_range) if cache else ""

    def frames() -> tuple:
        stored = cache.load_keyed(FRAMES, key) if cache else None
        if isinstance(stored, tuple) and len(stored) == 2:
            return stored
        return _compute(folder, events, min_cell, trend_url, approx_range, cache, key)[1]

    light = cache.load_keyed(PLAN, key) if cache else None
    if isinstance(light, Light):
        return Planned(light, frames)
    if cache is not None:
        # read and planned in a forked process that stores both entries: pandas' working set (most of a
        # large build's memory) is given back when it ends, and the plan is read back light
        in_forked_child(lambda: _compute(folder, events, min_cell, trend_url, approx_range, cache, key) and None)
        light = cache.load_keyed(PLAN, key)
        if isinstance(light, Light):
            return Planned(light, frames, made=True)
    light, made = _compute(folder, events, min_cell, trend_url, approx_range, cache, key)
    return Planned(light, lambda: made, made=True)


def _compute(folder: Path, events, min_cell: int, trend_url: str, approx_range, cache: Cache | None,
             key: str) -> tuple[Light, tuple]:
    """Read, aggregate and plan afresh; store both entries when there is a cache."""
    from polls.publish.downloads import csv_text, export_rows, json_text
    from polls.stats.aggregate import aggregate

    reads = FileMemo(cache) if cache is not None else None
    survey = load_survey(folder, events=events, memo=reads)  # raises PollDataError: nothing is stored
    if reads is not None:
        reads.save()
    aggregates = aggregate(survey, min_cell=min_cell)
    plan = site_plan.plan(survey, aggregates, min_cell, trend_url, approx_range,
                          memo=group_memo(cache) if cache is not None else None)
    rows = export_rows(aggregates)  # one conversion for both downloads
    light = Light(plan, survey.catalog, _meetup_rows(survey.meetups),
                  {"csv": csv_text(aggregates, rows), "json": json_text(aggregates, rows)})
    if cache is not None:
        for spec in plan.specs:
            spec.canonical()  # stored with the spec: the chart cache keys of the next build cost nothing
        cache.store_keyed(FRAMES, key, (survey, aggregates))
        cache.store_keyed(PLAN, key, light)
    return light, (survey, aggregates)


def group_memo(cache: Cache):
    """``page_plan.plan``'s memo: a group's plan kept in ``cache`` under a key of its inputs, one slot per group.

    A poll edit changes one group's rows: the other groups' trend fits (most of the planning time
    of a large archive) are read back instead of fitted again.  The inputs are keyed by their
    content (:func:`_content_digest`).
    """
    def memo(inputs: tuple, make):
        key = cache.key(*(_content_digest(part) for part in inputs))
        slot = GROUP.format(key_of(inputs[0]))
        kept = cache.load_keyed(slot, key)
        if isinstance(kept, site_plan.GroupPlan):
            return kept
        made = make()
        for spec in made.specs:
            spec.canonical()  # as the plan's own specs: stored with the spec
        cache.store_keyed(slot, key, made)
        return made

    return memo


class FileMemo:
    """``load_survey``'s memo: each poll file's reading kept in one entry, under a key of the file's bytes and
    of what it is read with (the catalog, the export's options), so a poll edit parses one file again.

    A reading with problems is never kept (bad poll data is read and reported every time), nor one
    that does not pickle.  The
    file's bytes are digested before and after it is read: a file that changed meanwhile is not kept.
    """

    def __init__(self, cache: Cache):
        self.cache = cache
        found = cache.load_keyed(READS, cache.key())
        self.kept: dict[str, tuple[str, object]] = found if isinstance(found, dict) else {}
        self.used: dict[str, tuple[str, object]] = {}
        self._digests: dict[int, tuple[object, str]] = {}

    def __call__(self, path: Path, inputs: tuple, read):
        before = _file_digest(path)
        key = key_of(before, *(self._digest(part) for part in inputs))
        name = str(path)
        found = self.kept.get(name)
        if found is not None and found[0] == key:
            self.used[name] = found
            return found[1]
        made = read()
        if not made.problems and before is not None and _file_digest(path) == before and picklable(made):
            self.used[name] = (key, made)
        return made

    def save(self) -> None:
        """Keep this build's readings (only theirs: a file gone is forgotten) when any changed."""
        if self.used != self.kept:
            self.cache.store_keyed(READS, self.cache.key(), self.used)

    def _digest(self, part) -> str:
        # the catalog is one object passed with every file: digested once, held so its id stays its own
        found = self._digests.get(id(part))
        if found is None or found[0] is not part:
            found = (part, pickled_digest(part))
            self._digests[id(part)] = found
        return found[1]


def _content_digest(value) -> str:
    """A digest of ``value`` by content: a frame by its columns' names, types and values, anything else by its
    pickled bytes.  Not a frame's pickle: equal frames pickle differently when their strings are shared
    differently (read afresh, or unpickled from the reads kept by FileMemo)."""
    digest = hashlib.blake2b(digest_size=16)
    columns = getattr(value, "columns", None)
    if columns is None:
        return pickled_digest(value)
    digest.update(repr((list(columns), [str(t) for t in value.dtypes], len(value))).encode())
    for name in columns:
        column = value[name]
        if column.dtype.kind in "biufcmM":  # plain numpy values: their bytes (every NaN alike)
            digest.update(column.to_numpy().tobytes())
        else:  # objects, strings and nullable types: each value with its type, so None, NA and "None" differ
            digest.update(repr([(type(v).__name__, v) for v in column.tolist()]).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def load_survey(folder: Path, events=None, memo=None):
    """``polls.read.folder.load_survey``, imported only when the survey is read (it needs pandas)."""
    from polls.read.folder import load_survey as read

    return read(folder, events=events, memo=memo)


def _meetup_rows(meetups) -> tuple[dict, ...]:
    """The overview's rows as plain values: dates as datetime, not pandas' Timestamp."""
    return tuple({name: value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
                  for name, value in row.items()} for row in meetups.to_dict("records"))


__all__ = ["FRAMES", "PLAN", "Light", "Planned", "load_planned", "plan_cache", "plan_key"]
