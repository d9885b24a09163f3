"""Paths named by content or poll data stay inside their folder, symlinks included.

An organizer's file may name another file (a logo, a slide deck, a poll export) or
be a symlink; either way what the build reads or copies must lie inside the
folder it came from, or a contributor could publish /etc/passwd or a file beside
the project.  Callers turn :class:`Outside` into a positioned problem.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple


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


class LinkProblem(NamedTuple):
    link: Path  # the symlink itself (its folder resolved, its own name kept)
    message: str
    broken: bool  # its target does not exist: nothing can be read through it (yet)


def link_problems(folder: str | Path) -> list[LinkProblem]:
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
                    found.append(problem)
    return sorted(found)


def _link_problem(root: Path, link: Path) -> LinkProblem | None:
    pointee = os.readlink(link)
    target = _resolved(link)
    if target is None:
        return LinkProblem(link, f"symlink loop: points to {pointee}, which leads back to itself", False)
    if not target.exists():
        return LinkProblem(link, f"broken symlink: {pointee} does not exist", True)
    if not target.is_relative_to(root):
        return LinkProblem(link, f"symlink points outside {root.name}/ (to {target})", False)
    if target.is_dir() and link.parent.resolve().is_relative_to(target):
        # a folder link to a folder that contains it: following it never ends
        return LinkProblem(link, f"symlink loop: points to {pointee}, a folder that contains it", False)
    return None
