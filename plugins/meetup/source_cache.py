"""Parsed content files kept between builds, so an edit parses one file, not the archive.

The front matter reader's result for a file (the rendered body and the metadata
with its positioned YAML document) depends on the file's bytes, its path (which
schema it follows, how links in it resolve), the settings and the code that
parses it.  An entry is stored in the cache ``sources`` (kernel.cache) under a
key of all of them: a damaged or unloadable entry is parsed again.  Files with
problems are never stored, so their problems are reported on every build.

The Markdown values of a front matter (an inline talk's abstract, a session's
description), rendered when the site is linked (meetup.load), are kept in the
same cache on one :class:`Shelf`: one entry (keyed by the settings and the code)
holding every value of the last build, each under the text, where it stands and
the file it stands in (its problems name both) and whether the file is imported
(which decides cleaning).  A value is stored with its problems, so a broken link
in it is reported on every build the file is broken.  One entry rather than one
per value: an archive has thousands of them, and a build read and touched each.

Every generator of a build has its own readers, so no one reader sees every
entry the build uses: a hit refreshes the entry's modification time instead, and
once the build is done (:func:`prune`) entries no build touched for
``CACHE_KEEP_DAYS`` days are deleted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kernel.cache import EVERY_PACKAGE, Cache, cache_folder, keep_days
from kernel.cache import prune as prune_folder
from kernel.digests import settings_digest

NAME = "sources"  # kernel.cache.CACHES
# the code that parses a file: ours (meetup and the kernel beside it), and every installed package, since the
# MARKDOWN setting may name any package's extension and highlighting depends on Pygments' version
CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "kernel")
LIBRARIES = ("python", EVERY_PACKAGE)
T = TypeVar("T")


def source_cache(settings: dict) -> Cache:
    return Cache.of(NAME, cache_folder(settings, NAME), code=CODE, libraries=LIBRARIES)


def salt(settings: dict) -> str:
    """What every entry of this build depends on besides its file and the code: the settings parsing reads."""
    # Pelican's metadata processors read many settings (dates, slugs, languages): all of them count, but
    # where the build writes and its clock, which parsing never reads
    return settings_digest({k: v for k, v in settings.items() if k not in ("OUTPUT_PATH", "MEETUP_NOW")})


def file_parts(source_path: str, data: bytes) -> tuple[str, str]:
    """What a parsed file is made of besides the settings and the code: its path and its bytes."""
    return source_path, hashlib.blake2b(data, digest_size=16).hexdigest()


def load(cache: Cache, entry: str):
    """The value stored under ``entry``, or None; a hit counts as this build's use."""
    found = cache.load(entry)
    if found is not None:
        cache.touch(entry)
    return found


def store(cache: Cache, entry: str, value) -> None:
    cache.store_if_picklable(entry, value)  # metadata Pelican made unpicklable is parsed every build


def kept(cache: Cache, entry: str, make: Callable[[], T]) -> T:
    """The value stored under ``entry``, else ``make()``'s, stored (one that raises stores nothing)."""
    found = load(cache, entry)
    if found is None:
        found = make()
        store(cache, entry, found)
    return found


@dataclass(frozen=True)
class Keeper:
    """``keep(parts, make)``: the value made of ``parts`` by this build's settings and the code, from the
    cache, else ``make()``'s, stored.  The caller's ``parts`` must name all else the value depends on."""

    cache: Cache
    build_salt: str

    def __call__(self, parts: tuple, make: Callable[[], T]) -> T:
        return kept(self.cache, self.entry(parts), make)

    def entry(self, parts: tuple) -> str:
        return self.cache.key(self.build_salt, *parts) + ".pickle"

    def stored(self, parts: tuple) -> bool:
        """Whether an entry for ``parts`` is there (it may still be damaged: then it is made again)."""
        return self.cache.path(self.entry(parts)).is_file()


class Shelf:
    """A :data:`~meetup.load.source.Keep` of many small values in one entry of the cache.

    ``shelf(parts, make)`` is the value stored under ``parts`` by the last build with these settings and
    this code, else ``make()``'s.  :meth:`close` stores what this build used, and only that, so the entry
    holds no value of a text that is gone; it is written only when that differs from what was read.
    """

    def __init__(self, cache: Cache, build_salt: str, name: str):
        self.cache = cache
        self.entry = cache.key(build_salt, name) + ".pickle"
        found = load(cache, self.entry)
        self.found: dict = found if isinstance(found, dict) else {}
        self.used: dict = {}

    def __call__(self, parts: tuple, make: Callable[[], T]) -> T:
        if parts in self.used:
            return self.used[parts]
        value = self.found[parts] if parts in self.found else make()
        self.used[parts] = value
        return value

    def close(self) -> None:
        if self.used != self.found:
            store(self.cache, self.entry, self.used)


def shelf(settings: dict, name: str) -> Shelf | None:
    """The build's :class:`Shelf` called ``name``; None when the settings name no cache folder."""
    return Shelf(source_cache(settings), salt(settings), name) if settings.get("CACHE_PATH") else None


def keeper(settings: dict) -> Keeper | None:
    """The build's :class:`Keeper` of parsed content; None when the settings name no cache folder."""
    return Keeper(source_cache(settings), salt(settings)) if settings.get("CACHE_PATH") else None


def prune(pelican) -> None:
    """finalized handler: delete the entries no build used for CACHE_KEEP_DAYS days (every reader is done)."""
    if pelican.settings.get("CACHE_PATH"):
        # every entry this build used was touched, so "unused" is "not touched for that long"
        prune_folder(cache_folder(pelican.settings, NAME), lambda _name: False, keep_days(pelican.settings))


__all__ = ["NAME", "Keeper", "Shelf", "file_parts", "keeper", "kept", "load", "prune", "salt", "shelf",
           "source_cache", "store"]
