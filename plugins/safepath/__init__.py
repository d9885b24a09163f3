"""Paths named by content or poll data stay inside their folder, symlinks included.

An organizer's file may name another file (a logo, a slide deck, a poll export) or
be a symlink; either way what the build reads or copies must lie inside the
folder it came from, or a contributor could publish /etc/passwd or a file beside
the project.  Callers turn :class:`Outside` into a positioned problem.
"""

from __future__ import annotations

import os
from pathlib import Path


class Outside(ValueError):
    """A path that leaves its folder or cannot be resolved (a symlink loop); the message says which."""


def resolve_inside(folder: str | Path, name: str | Path) -> Path:
    """``name`` (relative to ``folder``, or absolute) resolved, symlinks followed; it must lie inside ``folder``."""
    root = Path(folder).resolve()
    target = _resolved(root / name)
    if target is None:
        raise Outside(f"{name} is a symlink loop")
    if not target.is_relative_to(root):
        raise Outside(f"{name} points outside {root.name}/ (to {target})")
    return target


def _resolved(path: Path) -> Path | None:
    """The real path, None for a symlink loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python before 3.13 reports a loop as RuntimeError
        return None


def link_problems(folder: str | Path) -> list[tuple[Path, str]]:
    """Every symlink under ``folder`` that is broken, loops, or leads out of it, with what is wrong.

    The folder is walked without following links, so a loop cannot make the walk itself hang.
    """
    root = Path(folder).resolve()
    found = []
    for dirpath, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            link = Path(dirpath) / name
            if link.is_symlink():
                problem = _link_problem(root, link)
                if problem:
                    found.append((link, problem))
    return sorted(found)


def _link_problem(root: Path, link: Path) -> str:
    pointee = os.readlink(link)
    target = _resolved(link)
    if target is None:
        return f"symlink loop: points to {pointee}, which leads back to itself"
    if not target.is_relative_to(root):
        return f"symlink points outside {root.name}/ (to {target})"
    if not target.exists():
        return f"broken symlink: {pointee} does not exist"
    if target.is_dir() and link.parent.resolve().is_relative_to(target):
        # a folder link to a folder that contains it: following it never ends
        return f"symlink loop: points to {pointee}, a folder that contains it"
    return ""
