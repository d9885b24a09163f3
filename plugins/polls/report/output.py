"""Write a finished report into its folder all at once: a failure never leaves half a report.

The files are written into a fresh folder beside ``out`` (same file system) and
renamed into place; an earlier report in ``out`` is swapped out and removed
only after the new one is there.  A folder holding anything but report files
is never replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import Problem, ReportError
from .options import FILE_NAMES


def check_out(out: Path) -> None:
    """ReportError when ``out`` is something the report must not replace."""
    if out.exists() and not out.is_dir():
        raise ReportError(Problem("--out", 0, 0, f"{out} is a file; name a folder for the report"))
    if out.is_dir():
        others = sorted(p.name for p in out.iterdir() if p.name not in FILE_NAMES.values())
        if others:
            raise ReportError(Problem("--out", 0, 0, f"{out} holds other files ({', '.join(others[:5])}); "
                                      "name a new or empty folder, or one holding only an earlier report"))


def write_files(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Put ``files`` (name -> bytes) into ``out`` as one step; returns the written paths."""
    out = Path(out).absolute()
    check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-writing-", dir=out.parent))
    old = None
    try:
        for name, data in sorted(files.items()):
            (staging / name).write_bytes(data)
        # mkdtemp makes a private folder; a report folder gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            os.rename(out, old / out.name)
        os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and (old / out.name).exists() and not out.exists():
            os.rename(old / out.name, out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return [out / name for name in sorted(files)]
