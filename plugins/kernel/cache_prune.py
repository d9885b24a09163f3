"""Removing what a build's caches no longer need: entries unused by this build and old.

The chart cache and the slide cache gain an entry for every chart or deck ever
drawn; without pruning they grow with every edit for as long as the site
exists.  After a build, an entry this build did not use is deleted once it is
older than ``CACHE_KEEP_DAYS`` days (modification time): a recent entry may
belong to another build sharing the cache, or come back when an edit is undone.
Entries this build used are kept whatever their age.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from .settings import Setting

DEFAULT_KEEP_DAYS = 30
DAY = 24 * 60 * 60

SETTINGS = (
    Setting("CACHE_KEEP_DAYS", DEFAULT_KEEP_DAYS,
            "cached charts and slide pages a build did not use are deleted once older (None: never)"),
)


def keep_days(settings: dict) -> float | None:
    """``CACHE_KEEP_DAYS`` from the settings (None or a negative number: never prune)."""
    days = settings.get("CACHE_KEEP_DAYS", DEFAULT_KEEP_DAYS)
    return None if days is None or days < 0 else float(days)


def prune(folder: Path, used: Callable[[str], bool], days: float | None, now: float | None = None) -> int:
    """Delete the entries (files or folders) of ``folder`` that ``used(name)`` rejects and
    that are older than ``days``; return how many were deleted."""
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


__all__ = ["DEFAULT_KEEP_DAYS", "keep_days", "prune"]
