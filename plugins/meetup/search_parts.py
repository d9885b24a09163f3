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
import os
import re
from dataclasses import dataclass
from pathlib import Path

PARTS = "parts"  # under the bundle: <bundle>/parts/<number>/
MANIFEST = "parts.json"  # in the bundle: the folders of the parts to merge, relative to the bundle
# searching fetches each part's entry and metadata: more parts cost every search a request more
MAX_PARTS = 32
# what Pagefind itself does: when any page marks what to index, pages that mark nothing are left out
BODY = re.compile(rb"<[A-Za-z][^<>]*?\sdata-pagefind-body(?=[\s=/>])")
# a merged part is searched with the primary's scripts and WebAssembly: it needs only its index files
INDEX_FILES = re.compile(r"^(pagefind-entry\.json|[^/]+\.pf_meta|(index|fragment|filter)/.*)$")


@dataclass(frozen=True)
class Part:
    number: int
    folder: str  # relative to the site, "/"-separated
    primary: bool
    pages: tuple[str, ...]  # the site's HTML files in this part, relative and "/"-separated
    key: str  # a digest of everything the part's index is made of: its role, its pages' paths and bytes


# what a page's scan found: (its digest, whether it marks what to index), by (inode, size, mtime_ns)
Scans = dict[tuple[int, int, int], tuple[str, bool]]


def indexed_pages(site: Path, bundle: str, known: Scans | None = None, seen: Scans | None = None) -> dict[str, str]:
    """The HTML pages of ``site`` Pagefind would index, each with a digest of its bytes.

    ``known``: the scans of an earlier build, by file identity; a page that is the same file
    (a page the build kept is a hard link to the live one) is not read again.  Every page's
    scan is added to ``seen``.
    """
    marked: dict[str, str] = {}
    unmarked: dict[str, str] = {}
    for folder, dirs, names in os.walk(site):
        rel_folder = os.path.relpath(folder, site).replace(os.sep, "/")
        if rel_folder == bundle or rel_folder.startswith(".") and rel_folder != ".":
            dirs[:] = []
            continue
        dirs.sort()
        for name in names:
            if not name.endswith(".html"):
                continue
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            path = os.path.join(folder, name)
            info = os.stat(path)
            identity = (info.st_ino, info.st_size, info.st_mtime_ns)
            scan = (known or {}).get(identity)
            if scan is None:
                with open(path, "rb") as page:
                    data = page.read()
                scan = (hashlib.blake2b(data, digest_size=16).hexdigest(), BODY.search(data) is not None)
            if seen is not None:
                seen[identity] = scan
            (marked if scan[1] else unmarked)[rel] = scan[0]
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


__all__ = ["BODY", "INDEX_FILES", "MANIFEST", "MAX_PARTS", "PARTS", "Part", "Scans", "indexed_pages", "manifest",
           "own_files", "part_count", "plan"]
