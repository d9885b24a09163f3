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
