"""Whether the site in the output folder is still what a build would write now.

A build records a stamp: a digest of everything the site is made from (the
resolved settings, every file of the content, survey, theme and plugin folders,
the settings files, the installed package versions), a digest of the output it
wrote (paths, sizes, modification times), and the moment its "upcoming" and
"past" lists expire (the end of the next upcoming event).  A later build whose
inputs hash the same, whose output is untouched and whose clock has not passed
that moment has nothing to do, like ``make`` with every target newer than its
sources.  Content-hashed rather than mtime-based, so a fresh checkout of the
same commit is still up to date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kernel import listing
from kernel.cache import CACHES, Cache, cache_folder, installed_versions
from kernel.digests import settings_digest, tree_digest

NAME = "builds"  # kernel.cache.CACHES; the stamp's own code is in the inputs (the plugin folders)
STAMP_VERSION = CACHES[NAME].version


@dataclass(frozen=True)
class Stamp:
    inputs: str  # digest of every input
    output: str  # digest of the output folder's listing
    valid_until: dt.datetime | None  # None: the output does not depend on the clock

    def to_json(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else None
        return json.dumps({"version": STAMP_VERSION, "inputs": self.inputs, "output": self.output,
                           "valid_until": until}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Stamp | None:
        try:
            data = json.loads(text)
            if data.get("version") != STAMP_VERSION:
                return None
            until = dt.datetime.fromisoformat(data["valid_until"]) if data["valid_until"] else None
            return cls(str(data["inputs"]), str(data["output"]), until)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged stamp only costs a full build


def input_roots(settings: dict, settings_file: Path, survey_folder: Path) -> list[Path]:
    """The folders and files a build reads: content, survey, theme, plugins, the settings files."""
    roots = [Path(settings["PATH"]), survey_folder, Path(settings["THEME"])]
    roots += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    # publishconf.py imports pelicanconf.py: every settings module beside the one used counts
    roots += [settings_file, *sorted(settings_file.resolve().parent.glob("*conf.py"))]
    return [r.resolve() for r in roots]


def inputs_digest(settings: dict, roots: list[Path], skip: list[Path]) -> str:
    """One digest over the settings, the bytes of every input file, Python and package versions."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{STAMP_VERSION}\0{sys.version.split()[0]}\0{settings_digest(settings)}\0".encode())
    digest.update("\n".join(installed_versions()).encode())
    skipped = [p.resolve() for p in skip]
    for root in dict.fromkeys(roots):  # a root listed twice counts once
        digest.update(f"\0root\0{root}\0{tree_digest(root, skipped)}".encode())
    return digest.hexdigest()


def output_digest(output: Path) -> str:
    """A digest of the output's listing: any file added, removed, resized or rewritten changes it."""
    return listing_digest(listing.take(output)) if output.is_dir() else ""


def listing_digest(site: listing.Listing) -> str:
    """:func:`output_digest` of the folder ``site`` lists (kernel.listing), without walking it again."""
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(site):
        info = site[name]
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _output_key(output: Path) -> str:
    # the folder's own name, not where it links to: the fallback swap makes output/ a link
    # that points elsewhere after every build
    where = Path(output).absolute().parent.resolve() / Path(output).name
    return hashlib.blake2b(str(where).encode(), digest_size=8).hexdigest()


def stamp_path(cache: Path, output: Path) -> Path:
    """Where the stamp of ``output`` lives: in the cache, never in the published folder."""
    return cache_folder(cache, NAME) / f"{_output_key(output)}.json"


def lock_path(cache: Path, output: Path) -> Path:
    """The lock file a build of ``output`` holds, beside its stamp."""
    return cache_folder(cache, NAME) / f"{_output_key(output)}.lock"


def read_stamp(path: Path) -> Stamp | None:
    data = _stamps(path).read(path.name)  # a damaged stamp could claim a stale site is current: only a whole one counts
    return Stamp.from_json(data.decode("utf-8")) if data is not None else None


def write_stamp(path: Path, stamp: Stamp) -> None:
    _stamps(path).write(path.name, stamp.to_json().encode("utf-8"))  # a lost stamp costs one full build


def _stamps(path: Path) -> Cache:
    return Cache.of(NAME, Path(path).parent)


def up_to_date(stamp: Stamp | None, inputs: str, output: Callable[[], str], now: dt.datetime) -> bool:
    """True when a build now would write exactly what the output holds (``output()``: its digest, asked
    only when the inputs are the stamp's, since walking a large output takes a while)."""
    if stamp is None or stamp.inputs != inputs:
        return False
    digest = output()
    if not digest or stamp.output != digest:
        return False
    return stamp.valid_until is None or now <= stamp.valid_until


__all__ = ["Stamp", "input_roots", "inputs_digest", "listing_digest", "output_digest", "read_stamp", "settings_digest",
           "lock_path", "stamp_path", "tree_digest", "up_to_date", "write_stamp"]
