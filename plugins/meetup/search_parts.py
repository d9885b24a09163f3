"""Which pages go into which part of the search index: a large site's index is made in parts.

Pagefind indexes a whole folder at once, so one index of a large site is made
again from every page whenever any page changes (seconds, at thousands of
pages).  Instead the pages Pagefind would index are split into parts by a hash
of their path, each part is Pagefind's own index of its pages, and the search
page merges them (Pagefind's ``mergeIndex``: results of all parts ranked
together).  An edit then re-indexes only the parts holding a page it changed;
every other part is kept from the live site by the build's ledger.

How many parts follows from the number of pages alone (``pages_per_part``), and
a page's part from its path alone, so the same pages always make the same
parts, whatever the previous build was: an incremental build writes what a
clean one writes.  The first part that has pages is the primary: its folder is
the bundle itself, with Pagefind's scripts the search page loads; the others
keep only their index files under ``parts/<number>/`` and are listed in
``parts.json``, which the search page reads to merge them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .page_scan import Scan

PARTS = "parts"  # under the bundle: <bundle>/parts/<number>/
MANIFEST = "parts.json"  # in the bundle: the folders of the parts to merge, relative to the bundle
# searching fetches each part's entry and metadata: more parts cost every search a request more
MAX_PARTS = 32
# a merged part is searched with the primary's scripts and WebAssembly: it needs only its index files
INDEX_FILES = re.compile(r"^(pagefind-entry\.json|[^/]+\.pf_meta|(index|fragment|filter)/.*)$")


@dataclass(frozen=True)
class Part:
    number: int
    folder: str  # relative to the site, "/"-separated
    primary: bool
    pages: tuple[str, ...]  # the site's HTML files in this part, relative and "/"-separated
    key: str  # a digest of everything the part's index is made of: its role, its pages' paths and bytes


def indexed_pages(pages: Mapping[str, Scan], bundle: str) -> dict[str, str]:
    """The pages Pagefind would index, each with the digest of its bytes, from the site's page scans
    (meetup/page_scan.py): every page outside the bundle and the build's own dot folders, or only those
    marking what to index when any does (as Pagefind itself chooses)."""
    marked: dict[str, str] = {}
    unmarked: dict[str, str] = {}
    inside = bundle + "/"
    for rel in sorted(pages):
        if rel.startswith(inside) or rel.startswith(".") and "/" in rel:
            continue
        found = pages[rel]
        (marked if found.marks_body else unmarked)[rel] = found.digest
    return marked or unmarked


def part_count(pages: int, pages_per_part: int) -> int:
    return max(1, min(MAX_PARTS, math.ceil(pages / pages_per_part)))


def _bucket(rel: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(rel.encode("utf-8"), digest_size=8).digest(), "big") % count


def plan(pages: dict[str, str], bundle: str, pages_per_part: int) -> list[Part]:
    """The parts of the index of ``pages`` (from :func:`indexed_pages`); empty when there is no page."""
    count = part_count(len(pages), pages_per_part)
    buckets: list[list[str]] = [[] for _ in range(count)]
    for rel in sorted(pages):
        buckets[_bucket(rel, count)].append(rel)
    parts: list[Part] = []
    for number, members in enumerate(buckets):
        if not members:
            continue
        primary = not parts
        folder = bundle if primary else f"{bundle}/{PARTS}/{number}"
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{folder}\0{primary}\0".encode())
        for rel in members:
            digest.update(f"{rel}\0{pages[rel]}\0".encode())
        parts.append(Part(number, folder, primary, tuple(members), digest.hexdigest()))
    return parts


def manifest(parts: list[Part], bundle: str) -> bytes:
    """``parts.json``: the folders of the parts the search page merges into the primary's results."""
    merged = [part.folder[len(bundle) + 1:] + "/" for part in parts if not part.primary]
    return (json.dumps({"parts": merged}, indent=1) + "\n").encode()


def own_files(part: Part, rel: str) -> bool:
    """Whether ``rel`` (relative to the part's folder) belongs to the part, not to a part inside it."""
    if part.primary:
        return rel != MANIFEST and not rel.startswith(f"{PARTS}/")
    return True


__all__ = ["INDEX_FILES", "MANIFEST", "MAX_PARTS", "PARTS", "Part", "indexed_pages", "manifest", "own_files",
           "part_count", "plan"]
