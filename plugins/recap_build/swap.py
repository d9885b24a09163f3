"""Putting a freshly built site in place of the old one, so that output/ always holds a whole site.

On Linux the new folder and output/ trade places in one system call
(``renameat2`` with ``RENAME_EXCHANGE``): at every moment output/ is the old
site or the new one, whatever happens to the build.  Where that call is missing
(another system, or a filesystem that refuses it) output/ becomes a symbolic
link to the current build's folder, replaced by one rename of a new link; only
the very first such swap, which turns a real folder into the link, has a moment
without output/.

A replaced site is not deleted but emptied of its files and kept as the next
build's *frame* (``.<name>-frame-*``): its folders, without a file in them.  A
build starts in the frame when there is one, so it does not make again the
thousands of folders a site has (one per page), which on some filesystems cost
more than the rest of an edit's build; the folders it did not fill are removed
before the swap (:func:`trim`), as from any build.  A frame holds no file, so
nothing written into it can reach a live file through a hard link.

A lock file held for the whole build keeps two builds of one output apart; the
second waits a little, then gives up (:class:`Busy`).  Each build also holds an
flock on its own staging folder, so a staging folder nobody holds belongs to a
build that died and can be deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1


class Busy(Exception):
    """Another build holds the lock of this output."""


class NoLock(Exception):
    """The lock file cannot be made; the message says where and why."""


@contextmanager
def build_lock(path: Path, wait: float) -> Iterator[None]:
    """Hold the lock file ``path`` (an flock, released by the kernel when the process dies)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a read-only project or cache folder
        raise NoLock(f"{path}: cannot create the build lock ({exc.strerror})") from None
    try:
        try:
            _flock(fd, wait)
        except BlockingIOError:
            raise Busy from None
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _flock(fd: int, wait: float) -> None:
    """An exclusive flock on ``fd``, waited for up to ``wait`` seconds (BlockingIOError after that)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


@contextmanager
def claimed(folder: Path, wait: float = 2.0) -> Iterator[None]:
    """Mark ``folder`` as the staging folder of a live build (an flock on the folder itself).

    The build lock is per output and cache; this one also keeps a build that uses
    another cache (another working directory, another settings file) from
    sweeping a folder that is still being written.
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        _flock(fd, wait)  # a frame just taken may still be held for an instant by the process that made it
        yield
    finally:
        os.close(fd)


def _in_use(folder: Path) -> bool:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and with it the lock just taken


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when this system or filesystem cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _prefix(final: Path, kind: str) -> str:
    return f".{final.name}-{kind}-"


def link_target(final: Path) -> Path | None:
    """The build folder ``final`` links to when an earlier fallback swap made it a link, else None."""
    if not final.is_symlink():
        return None
    target = Path(os.readlink(final))
    if target.parent != Path(".") or not target.name.startswith(_prefix(final, "building")):
        return None  # a link the user made: not ours to replace
    return final.parent / target


def replace(staging: Path, final: Path) -> None:
    """Make ``staging`` the site at ``final``; what was there is renamed ``.<name>-old-*``."""
    if not os.path.lexists(final):
        staging.rename(final)
        return
    previous = link_target(final)
    old = final.with_name(f"{_prefix(final, 'old')}{staging.name}")
    if exchange(staging, final):
        if previous is None:
            staging.rename(old)  # now the old site
        else:
            staging.unlink()  # now the old link
            previous.rename(old)
        return
    link = final.with_name(f"{_prefix(final, 'link')}{staging.name}")
    link.symlink_to(staging.name)  # relative: the project folder can move
    if previous is None:
        final.rename(old)  # the first fallback swap: the one moment without output/
    os.replace(link, final)
    if previous is not None:
        previous.rename(old)


def stale(final: Path) -> list[Path]:
    """Staging folders and links of builds that died: not the site, not claimed by a live build."""
    current = link_target(final)
    found = [*final.parent.glob(_prefix(final, "building") + "*"), *final.parent.glob(_prefix(final, "link") + "*")]
    return sorted(p for p in found if p != current and (p.is_symlink() or not _in_use(p)))


def leftovers(final: Path) -> list[Path]:
    """Replaced outputs not yet emptied, and folders an emptying process that died left half done."""
    emptying = [p for p in final.parent.glob(_prefix(final, "emptying") + "*") if not _in_use(p)]
    return sorted([*final.parent.glob(_prefix(final, "old") + "*"), *emptying])


_TOKEN_BYTES = 6
# the suffix _named gives: a frame is told by it from another output's folder named alike
_FRAME_TAIL = re.compile(f"[0-9a-f]{{{2 * _TOKEN_BYTES}}}")


def _named(final: Path, kind: str) -> Path:
    """A new name beside ``final`` for a folder of ``kind`` (building, emptying, frame)."""
    return final.with_name(f"{_prefix(final, kind)}{secrets.token_hex(_TOKEN_BYTES)}")


def frames(final: Path) -> list[Path]:
    """Emptied earlier sites, kept to build in."""
    prefix = _prefix(final, "frame")
    return sorted(p for p in final.parent.glob(prefix + "*") if _FRAME_TAIL.fullmatch(p.name[len(prefix):]))


def staging_folder(final: Path, frame: bool = True) -> tuple[Path, bool]:
    """A new staging folder for ``final``, and whether it is a frame: a frame taken by one rename (unless not
    ``frame``), or else a new empty folder."""
    for found in frames(final) if frame else []:
        taken = _named(final, "building")
        try:
            found.rename(taken)  # a concurrent build that took it first makes this fail
        except OSError:
            continue
        return taken, True
    return Path(tempfile.mkdtemp(prefix=_prefix(final, "building"), dir=final.parent)), False


def make_frame(folder: Path, final: Path) -> None:
    """Empty ``folder`` (a replaced site, a killed build's staging folder) of every file and keep its folders as
    the next build's frame; with a frame already kept, or a file that would not go, delete it instead.

    The folder is first locked and renamed to a name of this process's own, so no other process (a second
    sweep, a build taking frames) works on it at the same time; a folder another process holds is left to it.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # gone: another process has it
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a live build's folder, or another process emptying it
        own = _named(final, "emptying")
        try:
            folder.rename(own)
        except OSError:
            return
        if frames(final) or not _emptied(own):
            shutil.rmtree(own, ignore_errors=True)
            return
        try:
            own.rename(_named(final, "frame"))
        except OSError:
            shutil.rmtree(own, ignore_errors=True)
    finally:
        os.close(fd)


def _emptied(folder: Path) -> bool:
    """Unlink every file and link under ``folder``; False when one would not go or a folder could not be read,
    since a file left in a frame may be a hard link to a live file that the next build would write through."""
    def stop(error: OSError):
        raise error

    try:
        for parent, dirs, names in os.walk(folder, onerror=stop):
            for name in names + [d for d in dirs if os.path.islink(os.path.join(parent, d))]:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(parent, name))  # a link's own entry: never what it points to
    except OSError:
        return False
    return True


def trim(folder: Path, folders: list[str], files: Iterable[str]) -> None:
    """Remove the ``folders`` of ``folder`` (relative, "/"-separated) that hold none of ``files``: what the
    frame had that this build did not fill."""
    filled = set()
    for rel in files:
        cut = rel.rfind("/")
        while cut > 0 and rel[:cut] not in filled:
            filled.add(rel[:cut])
            cut = rel.rfind("/", 0, cut)
    for rel in sorted(set(folders) - filled, key=len, reverse=True):  # the deepest first
        with contextlib.suppress(OSError):
            os.rmdir(os.path.join(folder, rel))


def remove(final: Path) -> list[Path]:
    """Delete the site at ``final`` (the link and its folder, or the folder) and every folder
    a build left beside it; return what was there, for the caller to name."""
    target = link_target(final)
    found = [p for p in (final, target) if p is not None and os.path.lexists(p)]
    found += [p for p in stale(final) + leftovers(final) + frames(final) if p != target]
    for path in found:
        if path.is_symlink():
            path.unlink()
        else:
            shutil.rmtree(path)
    return found


__all__ = ["Busy", "NoLock", "build_lock", "claimed", "exchange", "frames", "leftovers", "link_target", "make_frame",
           "remove", "replace", "stale", "staging_folder", "trim"]


if __name__ == "__main__":  # the build empties a replaced site in a process of its own: python swap.py FOLDER FINAL
    make_frame(Path(sys.argv[1]), Path(sys.argv[2]))
