"""The one cache layer: where each cache lives, how its keys are made, how entries are stored and pruned.

Every cache of the build (chart images and their figure markup, the poll plan,
link cards, calendar entries, slide renders, build stamps, link check results, parsed
content files, output ledgers)
is a :class:`Cache`: a folder under ``CACHE_PATH`` named in :data:`CACHES`,
whose entries are files (or, for slide renders, folders) named by a key.

Keys
    :meth:`Cache.key` is the one scheme: blake2b over the canonical JSON of the
    cache's version, a digest of the code that makes its entries (the source
    files the owner names, and the versions of the libraries it names) and the
    caller's parts.  The code digest replaces hand-bumped version constants: an
    edit to the drawing code changes every key, so a forgotten bump can never
    serve output of the old code.  A cache's own ``version`` in :data:`CACHES`
    only changes when its entries' layout changes in a way code digests miss.

Storage
    Each entry is written atomically with a digest of its bytes beside it
    (:mod:`kernel.cacheentry`); an entry whose bytes do not match, or that does
    not unpickle, reads as a miss: a damaged cache costs one rebuild of that
    entry, never wrong output.  Entries are bytes (:meth:`~Cache.read`,
    :meth:`~Cache.write`) or pickled objects (:meth:`~Cache.load`,
    :meth:`~Cache.store`); a cache of one record (the poll plan, the calendar
    entries) keeps its key in a pickle of its own ahead of the record, so an
    entry of another key is not read past it (:meth:`~Cache.load_keyed`).

Pruning
    A cache remembers the keys a build used (read, written or :meth:`~Cache.use`);
    :meth:`Cache.prune` then deletes the other entries once older than
    ``CACHE_KEEP_DAYS`` days.  An entry's key is its name up to the first dot, so
    one key may own several files (``<key>.svg``, ``<key>.svg.sum``,
    ``<key>.<salt>.figure.html``).

Nothing here knows what a cache holds; the owners (``polls.charts.cache``,
``polls_site.plan_cache``, ...) say that.  No state lives at module level: a
Cache belongs to one build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from . import cacheentry
from .digests import tree_digest
from .settings import Setting

DEFAULT_CACHE_PATH = ".cache"  # Pelican's CACHE_PATH when a script's settings name none
DEFAULT_KEEP_DAYS = 30
DAY = 24 * 60 * 60
KEY_BYTES = 16  # blake2b-128: 32 hex digits, file names stay short
T = TypeVar("T")

SETTINGS = (
    Setting("CACHE_KEEP_DAYS", DEFAULT_KEEP_DAYS,
            "cached charts, cards, slide pages, parsed sources and compiled templates a build did not use are "
            "deleted once older "
            "(None: never)"),
)


@dataclass(frozen=True)
class Named:
    """One cache of the build: its folder under CACHE_PATH, its entries' layout version, what it holds."""

    folder: str
    version: int
    holds: str


# every cache of the build, in one place
CACHES: Mapping[str, Named] = MappingProxyType({
    "charts": Named("charts", 1, "chart images by format and their figure markup (polls.charts.cache, "
                                 "polls_site.figures); POLLS_CHART_CACHE_DIR may move it"),
    "polls-plan": Named("polls-plan", 2, "the survey's downloads, meetups and chart plan as plain data, "
                                         "and its frames (polls_site.plan_cache)"),
    "cards": Named("cards", 1, "link card PNGs (meetup.cards)"),
    "calendars": Named("calendars", 1, "serialised iCalendar events (meetup.ical)"),
    "slides": Named("slides", 1, "rendered slide pages, one folder per PDF and settings (meetup.slides.pdf)"),
    "builds": Named("builds", 1, "build stamps and locks (recap_build.freshness)"),
    "linkcheck": Named("linkcheck", 1, "good link check results (netdata.linkcheck)"),
    "sources": Named("sources", 1, "parsed content files: rendered body and metadata, and the front matters' "
                                   "rendered Markdown values (meetup.source_cache)"),
    "templates": Named("templates", 1, "compiled theme templates, Jinja's bytecode (meetup.template_cache)"),
    "ledgers": Named("ledgers", 1, "each output folder's ledger of what its pages were made of (recap_build.ledger)"),
})


def cache_root(settings: Mapping) -> Path:
    """``CACHE_PATH`` of the settings (the one place its default is decided)."""
    return Path(settings.get("CACHE_PATH") or DEFAULT_CACHE_PATH)


def cache_folder(settings_or_root: Mapping | str | Path, name: str) -> Path:
    """Where the cache ``name`` lives: its folder under CACHE_PATH (settings) or under a given root."""
    root = cache_root(settings_or_root) if isinstance(settings_or_root, Mapping) else Path(settings_or_root)
    return root / CACHES[name].folder


def keep_days(settings: Mapping) -> float | None:
    """``CACHE_KEEP_DAYS`` from the settings (None or a negative number: never prune)."""
    days = settings.get("CACHE_KEEP_DAYS", DEFAULT_KEEP_DAYS)
    return None if days is None or days < 0 else float(days)


def code_digest(code: Iterable[str | Path] = (), libraries: Iterable[str] = ()) -> str:
    """A digest of source files or folders and of installed libraries' versions (never imported)."""
    parts = [[str(Path(path).name), tree_digest(Path(path))] for path in code]
    libraries = list(libraries)
    parts += [[name, version] for name, version in zip(libraries, _versions(libraries), strict=True)]
    return hashlib.blake2b(json.dumps(parts).encode(), digest_size=KEY_BYTES).hexdigest()


EVERY_PACKAGE = "*"  # in a cache's ``libraries``: the versions of every installed distribution


def installed_versions() -> list[str]:
    """Every installed distribution with its version, sorted: the names of their metadata folders.

    A ``name-version.dist-info`` folder names both (the wheel spec), so listing the folders on
    ``sys.path`` is enough, where reading each distribution's metadata took 0.1 s per call.  An
    ``.egg-info`` folder of a development install may name no version: its metadata file's
    modification time stands in for it.
    """
    return sorted(set(_metadata_folders()))


def _metadata_folders() -> Iterator[str]:
    """The names of the distributions' metadata folders on ``sys.path``, lower case, in its order."""
    for folder in sys.path:
        try:
            entries = list(os.scandir(folder or "."))
        except OSError:  # a zip file or a folder that is gone
            continue
        for entry in entries:
            if entry.name.endswith(".dist-info"):
                yield entry.name.lower()
            elif entry.name.endswith(".egg-info"):
                try:
                    changed = os.stat(os.path.join(entry.path, "PKG-INFO") if entry.is_dir() else entry.path)
                except OSError:
                    continue
                yield f"{entry.name.lower()}@{changed.st_mtime_ns}"


def _versions(libraries: Iterable[str]) -> list[str]:
    """The version of each of ``libraries`` ("python", a distribution's name, or EVERY_PACKAGE).

    A distribution is found by its ``.dist-info`` folder's name, which carries its version: one listing of
    ``sys.path`` for all of them, where ``importlib.metadata.version`` searched it again for each (1 to 8 ms
    a call, a dozen calls a build); a name with no such folder is asked of importlib.metadata.
    """
    libraries = list(libraries)
    found: dict[str, str] = {}
    for name in _metadata_folders() if set(libraries) - {"python", EVERY_PACKAGE} else ():
        if name.endswith(".dist-info") and "-" in name:
            project, _, version = name[:-len(".dist-info")].partition("-")
            found.setdefault(_normalised(project), version)  # the first on sys.path, as Python imports it
    return [_version(library, found) for library in libraries]


def _normalised(project: str) -> str:
    """A distribution's name as its metadata folder spells it (PEP 503's normal form, with underscores)."""
    return re.sub(r"[-_.]+", "_", project).lower()


def _version(library: str, found: dict[str, str]) -> str:
    if library == "python":
        return sys.version.split()[0]  # what platform.python_version() says, without importing platform
    if library == EVERY_PACKAGE:
        return "\n".join(installed_versions())
    if _normalised(library) in found:
        return found[_normalised(library)]
    try:
        return importlib.metadata.version(library)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def key_of(*parts: object) -> str:
    """blake2b-128 over the canonical JSON of ``parts`` (sorted keys; other objects by ``str``)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=KEY_BYTES).hexdigest()


def pickled_digest(value: object) -> str:
    """blake2b-128 of ``value``'s pickle: the same for the same values built the same way (equal values
    pickled differently, their strings shared otherwise, give another digest: a miss, never a false hit)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=KEY_BYTES).hexdigest()


def picklable(value: object) -> bool:
    """Whether ``value`` can be stored in a cache entry (it holds nothing pickle refuses)."""
    try:
        pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


def entry_key(name: str) -> str:
    """The key an entry belongs to: its name (or its folder's, for ``<key>/<file>``) up to the first dot."""
    return name.split("/", 1)[0].split(".", 1)[0]


def read_entry(path: str | Path) -> bytes | None:
    """The bytes of the entry at ``path`` (one a RenderedChart or a render names), None if damaged."""
    return cacheentry.read(path)


class Cache:
    """One cache: a folder of entries named by keys that cover its version and its code.

    ``code`` are the source files or folders that decide what an entry holds,
    ``libraries`` the distributions whose versions do (``"python"`` for Python's).
    Picklable, so worker processes can write into the same cache.
    """

    def __init__(self, folder: str | Path, *, version: int = 1, code: Iterable[str | Path] = (),
                 libraries: Iterable[str] = ()):
        self.folder = Path(folder)
        self.version = version
        self.code = tuple(Path(path) for path in code)
        self.libraries = tuple(libraries)
        self.used: set[str] = set()

    @classmethod
    def of(cls, name: str, folder: str | Path, *, code: Iterable[str | Path] = (),
           libraries: Iterable[str] = ()) -> Cache:
        """The cache ``name`` of :data:`CACHES` in ``folder`` (usually :func:`cache_folder`)."""
        return cls(folder, version=CACHES[name].version, code=code, libraries=libraries)

    @cached_property
    def code_digest(self) -> str:
        return code_digest(self.code, self.libraries)

    def key(self, *parts: object) -> str:
        """The key of an entry made of ``parts`` by this cache's code (and version)."""
        return key_of(self.version, self.code_digest, *parts)

    # -- entries ---------------------------------------------------------------------

    def path(self, name: str) -> Path:
        return self.folder / name

    def held(self) -> set[str]:
        """The names of the entries (and digests) the folder holds now: one listing, for asking about
        thousands of entries at once (a stat each costs four times as much)."""
        try:
            return set(os.listdir(self.folder))
        except OSError:  # no folder yet
            return set()

    def use(self, name: str) -> None:
        """Count the entry ``name`` (or its key) as used by this build: pruning keeps it."""
        self.used.add(entry_key(name))

    def read(self, name: str) -> bytes | None:
        """The entry's bytes, or None when it is missing or damaged."""
        self.use(name)
        return cacheentry.read(self.path(name))

    def write(self, name: str, data: bytes) -> Path:
        """Store the entry atomically with its digest beside it (no fsync: it can be made again)."""
        self.use(name)
        cacheentry.write(self.path(name), data)  # the folder is made when missing (kernel.atomicfile)
        return self.path(name)

    def load(self, name: str) -> object | None:
        """The object pickled in the entry; None when missing, damaged or not loadable by this code."""
        self.use(name)
        return cacheentry.read_pickle(self.path(name))

    def store(self, name: str, value: object) -> Path:
        self.use(name)
        cacheentry.write_pickle(self.path(name), value)
        return self.path(name)

    def store_if_picklable(self, name: str, value: object) -> Path | None:
        """:meth:`store`, or nothing stored (None) when ``value`` holds what pickle refuses."""
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        return self.write(name, data)

    def touch(self, name: str) -> None:
        """Count the entry as used, and mark it so on disk: pruning by age spares it for a while.

        For caches read by several objects of one build that share no ``used`` set
        (each Pelican generator has its own readers)."""
        self.use(name)
        for path in (self.path(name), cacheentry.digest_path(self.path(name))):
            try:
                os.utime(path)
            except OSError:
                continue  # gone meanwhile: a miss next time, never wrong output

    def load_keyed(self, name: str, key: str) -> object | None:
        """The value stored in the one-record entry ``name`` under ``key``; None for any other key (an entry
        of another key is not read past its key)."""
        self.use(name)
        return cacheentry.read_keyed(self.path(name), key)

    def store_keyed(self, name: str, key: str, value: object) -> Path:
        self.use(name)
        cacheentry.write_keyed(self.path(name), key, value)
        return self.path(name)

    def write_folder(self, name: str, fill: Callable[[Cache], T]) -> T:
        """Make the folder entry ``name`` with ``fill`` (given a Cache of a staging folder to write
        into), then move it into place whole: an interrupted fill never leaves a partial entry."""
        self.use(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.folder))
        try:
            made = fill(Cache(staging))
            target = self.path(name)
            if target.exists():  # a stale or broken entry: replace it
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
        return made

    # -- pruning ---------------------------------------------------------------------

    def prune(self, days: float | None, now: float | None = None) -> int:
        """Delete the entries no key this build used owns, once older than ``days``; how many."""
        return prune(self.folder, lambda name: entry_key(name) in self.used, days, now)


def prune(folder: Path, used: Callable[[str], bool], days: float | None, now: float | None = None) -> int:
    """Delete the entries (files or folders) of ``folder`` that ``used(name)`` rejects and that
    are older than ``days``; return how many were deleted.

    A recent unused entry may belong to another build sharing the cache, or come
    back when an edit is undone, so only old ones go.
    """
    if days is None or not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - days * DAY
    deleted = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if used(entry.name):
                continue
            try:
                if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            except OSError:
                continue  # gone already (another build pruned it) or not ours to delete
            deleted += 1
    return deleted


__all__ = ["CACHES", "DAY", "DEFAULT_CACHE_PATH", "DEFAULT_KEEP_DAYS", "EVERY_PACKAGE", "SETTINGS", "Cache", "Named",
           "cache_folder", "cache_root", "code_digest", "entry_key", "installed_versions", "keep_days", "key_of",
           "picklable", "pickled_digest", "prune", "read_entry"]
