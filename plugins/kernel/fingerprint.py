"""Values that carry a digest of their own content, made once where they are made.

The build decides whether a page still holds by digesting what it read
(recap_build/trace.py), walking each value it got.  A meetup's poll figures are
deep (topics, questions, rows of formatted cells) and read by every event page:
walking them every build cost more than the rest of the page's reads.  They are
made when the survey is planned, and the plan is kept between builds, so their
digest is made there too, once, and kept with them.

A value whose class has the attribute :data:`FINGERPRINT` carries one: the
tracer takes it instead of walking the value ("" means none: it is walked as
before).  A chart's spec has one (a digest of its canonical text, which its
chart's cache key is made of); :func:`fingerprinted` gives a tuple one, made of
its items' ``repr``: right only for values whose ``repr`` is their whole content
(frozen dataclasses, tuples, strings, numbers).  A ``repr`` that names a memory
address says nothing of the content, and such a tuple gets no fingerprint.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

FINGERPRINT = "content_fingerprint"  # the attribute: a digest of the value's whole content, or ""
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def digest_text(text: str) -> str:
    """A fingerprint of a value whose whole content is ``text``."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class Fingerprinted(tuple):
    """A tuple with a :data:`FINGERPRINT` of its items' content ("" when none could be made)."""

    content_fingerprint: str = ""

    def __new__(cls, items: Iterable = (), fingerprint: str = ""):
        made = super().__new__(cls, items)
        made.content_fingerprint = fingerprint
        return made


def fingerprinted(items: Iterable) -> Fingerprinted:
    """``items`` as a :class:`Fingerprinted` tuple, its fingerprint made of their ``repr``."""
    items = tuple(items)
    text = repr(items)
    if _ADDRESS.search(text):
        return Fingerprinted(items)
    return Fingerprinted(items, digest_text(text))


__all__ = ["FINGERPRINT", "Fingerprinted", "digest_text", "fingerprinted"]
