"""Damaging a cache entry the way a disk or a stray tool does, for the caches' tests."""

from __future__ import annotations

from pathlib import Path


def flip_a_bit(path: Path) -> None:
    """One bit of the middle byte inverted: same size, same name, wrong content."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    """The second half cut off, as an interrupted copy leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def aged(path: Path, days: float) -> Path:
    """The file's (or folder's) modification time set ``days`` back, as an entry unused that long."""
    import os
    import time

    then = time.time() - days * 24 * 60 * 60
    os.utime(path, (then, then))
    return path


def stray(path: Path) -> Path:
    """A small file at ``path`` (its folders made): an entry no build wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", "utf-8")
    return path


def entries(folder: Path) -> set[str]:
    """The names in a cache folder."""
    return {p.name for p in folder.iterdir()}
