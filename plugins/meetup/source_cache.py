"""Parsed content files kept between builds, so an edit parses one file, not the archive.

The front matter reader's result for a file (the rendered body and the metadata
with its positioned YAML document) depends on the file's bytes, its path (which
schema it follows, how links in it resolve), the settings and
the code that parses it.  An entry is stored under a digest of all of them, as
a verified cache entry (kernel.cacheentry): a damaged or unloadable entry is
parsed again.  Files with problems are never stored, so their problems are
reported on every build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import pickle
from pathlib import Path

from kernel import cacheentry
from kernel.digests import settings_digest, tree_digest

logger = logging.getLogger(__name__)

FOLDER = "sources"
VERSION = 1
# the packages whose code parses a file: ours (meetup and the kernel beside it) and the libraries below it
CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "kernel")
LIBRARIES = ("markdown", "pyyaml", "bleach", "nh3", "pelican")


def salt(settings: dict) -> str:
    """What every entry of this build depends on besides its file: the settings, the parsing code."""
    # Pelican's metadata processors read many settings (dates, slugs, languages): all of them count, but
    # where the build writes and its clock, which parsing never reads
    read_by_parsing = {k: v for k, v in settings.items() if k not in ("OUTPUT_PATH", "MEETUP_NOW")}
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    text = "\0".join([str(VERSION), settings_digest(read_by_parsing), *versions, *(tree_digest(p) for p in CODE)])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def key(source_path: str, data: bytes, build_salt: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (build_salt.encode(), source_path.encode(), data):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def load(cache_dir: Path, entry: str):
    """The (body, metadata) stored under ``entry``, or None."""
    return cacheentry.read_pickle(cache_dir / FOLDER / f"{entry}.pickle")


def store(cache_dir: Path, entry: str, value) -> None:
    try:
        cacheentry.write_pickle(cache_dir / FOLDER / f"{entry}.pickle", value)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # metadata Pelican made unpicklable
        logger.debug("not caching a parsed file: %s", exc)


__all__ = ["key", "load", "salt", "store"]
