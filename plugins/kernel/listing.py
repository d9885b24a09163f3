"""A folder's files with their stats, taken in one walk.

A build's last steps (the sitemap, the search index, the counts of files
written, the stamp's digest of the output, the ledger) all need to know which
files the finished site holds and which of them are the same files as before.
At a thousand events that is some 20,000 files: each step walking the folder
and statting every file again cost more than the steps' own work, so the build
takes one listing after the generators ran and hands it to each of them.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: relative, "/"-separated path -> the file's own stat (a link's, not its target's)
Listing = dict[str, os.stat_result]


def take(folder: str | Path, prefix: str = "", folders: list[str] | None = None) -> Listing:
    """Every file and link under ``folder`` (no folder link followed), its path prefixed with ``prefix``;
    every folder under it added to ``folders`` (prefixed the same way)."""
    found: Listing = {}
    # os.scandir with plain strings: Path objects made such a walk several times slower than the stats
    pending = [(prefix, os.fspath(folder))]
    while pending:
        rel, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except FileNotFoundError:
            continue
        for entry in entries:
            name = rel + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((name + "/", entry.path))
                if folders is not None:
                    folders.append(name)
            else:
                found[name] = entry.stat(follow_symlinks=False)
    return found


def identity(info: os.stat_result) -> tuple[int, int, int]:
    """What tells one file from another across builds: a hard link kept from the live site keeps all three."""
    return info.st_ino, info.st_size, info.st_mtime_ns


def regular(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode)


__all__ = ["Listing", "identity", "regular", "take"]
