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
    return absolute(siteurl, target) or posixpath.relpath(target, posixpath.dirname(here) or ".")


def slides_target(media) -> str:
    """Where a talk's slides are: the PDF or deck this site writes, else the hosted deck; "" for none."""
    if media is None:
        return ""
    if media.pdf:
        return media.pdf.output
    if media.deck:
        return media.deck.output
    return media.hosted_slides.url if media.hosted_slides else ""
