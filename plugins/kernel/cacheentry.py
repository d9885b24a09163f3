"""Cache entries that are checked before they are trusted: the storage of :mod:`kernel.cache`.

Every cache of the build (calendars, the poll plan, chart files, figure markup,
slide renders, build stamps) keeps files that the next build reuses instead of
making them again; the cache layer writes and reads them through this module.
A file damaged on disk (a flipped bit, a truncated write by a tool outside the
build, a pickle of code that no longer exists) must cost one rebuild of that
entry, never wrong output on every build.  So each entry is written with a
digest of its bytes in a small file beside it, and read back only when the
bytes still match: anything else reads as "not cached".

The digest goes beside the entry, not inside it, so chart images and slide
pictures stay plain files a caller may open by path.  The entry is written
first and its digest second, each atomically: a build killed in between leaves
an entry whose digest does not match, which is rebuilt like a missing one.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path

from kernel.atomicfile import write_bytes, write_text

SUFFIX = ".sum"  # <entry>.sum holds "<algorithm> <hex digest>" of <entry>'s bytes
ALGORITHM = "blake2b-128"


def digest_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + SUFFIX)


def digest(data: bytes) -> str:
    return f"{ALGORITHM} {hashlib.blake2b(data, digest_size=16).hexdigest()}"


def write(path: str | Path, data: bytes) -> None:
    """Store ``data`` at ``path`` with its digest (no fsync: an entry can always be made again)."""
    write_bytes(path, data, durable=False)
    write_text(digest_path(path), digest(data) + "\n", durable=False)


def read(path: str | Path) -> bytes | None:
    """The bytes of the entry at ``path``, or None when it is missing or does not match its digest."""
    try:
        data = Path(path).read_bytes()
        expected = digest_path(path).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return data if digest(data) == expected else None


def write_pickle(path: str | Path, value: object) -> None:
    write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def write_keyed(path: str | Path, key: object, value: object) -> None:
    """Store ``value`` under ``key``: two pickles, the key's first, so a reader can tell from the head of the
    file alone whether the entry is for the key it has."""
    write(path, pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL)
          + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def read_keyed(path: str | Path, key: object) -> object | None:
    """The value stored at ``path`` under ``key``; None for another key, or when missing, damaged or not
    loadable by this code.

    An entry of another key is left unread past its head: the poll plan of a large archive, a 19 MB
    pickle, was unpickled whole on every poll edit only to find its key stale (0.24 s).  The head is
    read before the digest is checked, so it is read as plain data only (a key names no class): a
    damaged head, or an entry of the old layout (one pickle of key and value), imports and runs
    nothing and reads as a miss.  The entry is checked against its digest before its value is
    trusted, as every entry is.
    """
    try:
        with open(path, "rb") as handle:
            if _PlainData(handle).load() != key:
                return None
    except Exception:  # noqa: BLE001 - a missing file, a head that is not a plain key: not this key's entry
        return None
    data = read(path)
    if data is None:
        return None
    stream = io.BytesIO(data)
    try:
        if pickle.load(stream) != key:  # written again since the head was read
            return None
        return pickle.load(stream)
    except Exception:  # noqa: BLE001 - whatever unpickling raises (a renamed module, a changed class), rebuild
        return None


class _PlainData(pickle.Unpickler):
    """An unpickler of plain data only (strings, numbers, tuples, ...): it finds no class, so it imports and
    calls nothing."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"a cache key is plain data, not {module}.{name}")


def read_pickle(path: str | Path) -> object | None:
    """The object pickled at ``path``; None when missing, damaged or not loadable by this code."""
    data = read(path)
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - whatever unpickling raises (a renamed module, a changed class), rebuild
        return None


__all__ = ["ALGORITHM", "SUFFIX", "digest", "digest_path", "read", "read_keyed", "read_pickle", "write", "write_keyed",
           "write_pickle"]
