"""Addresses of the site's files as written into files other programs read (schedules, PyVideo records).

Absolute when the site has an absolute http(s) SITEURL; otherwise relative to the file
they are written into, the way the feed and the pages link without one.
"""

from __future__ import annotations

import posixpath

from .slides.jsonld import absolute


def address(siteurl: str, here: str, target: str) -> str:
    """``target`` (an output path, or a URL elsewhere) as seen from the file at output path ``here``."""
    if "://" in target:
        return target
    return absolute(siteurl, target) or relative(target, posixpath.dirname(here))


def relative(target: str, folder: str) -> str:
    """posixpath.relpath(target, folder) for output paths, without its two getcwd() calls.

    A schedule names thousands of addresses; an absolute path or ".." (never an output
    path) is left to posixpath.
    """
    steps = [part for part in target.split("/") if part not in ("", ".")]
    start = [part for part in folder.split("/") if part not in ("", ".")]
    if target.startswith("/") or folder.startswith("/") or ".." in steps or ".." in start:
        return posixpath.relpath(target, folder or ".")
    common = 0
    while common < min(len(steps), len(start)) and steps[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + steps[common:]) or "."


def slides_target(media) -> str:
    """Where a talk's slides are: the PDF or deck this site writes, else the hosted deck; "" for none."""
    if media is None:
        return ""
    if media.pdf:
        return media.pdf.output
    if media.deck:
        return media.deck.output
    return media.hosted_slides.url if media.hosted_slides else ""
