"""Replacing a file so that readers see the old content or the new, never half of either.

Shared by the site build (stamps, caches), the chart cache and the network tasks.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``: write a temp file in the same folder, then rename it.

    The temp file lives beside the target because ``os.replace`` is only atomic
    within one file system; it is removed again if anything fails before the rename.
    ``durable`` also flushes the data to disk before the rename: what the network
    tasks store must survive a power cut, while a cache entry can be made again.
    """
    path = Path(path)
    mode = _mode_for(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:  # the folder is made only when missing: a mkdir costs as much as the write
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); the result should look like any other file
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with UTF-8 ``text`` atomically (newlines kept as given)."""
    write_bytes(path, text.encode("utf-8"), durable=durable)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


__all__ = ["write_bytes", "write_text"]
