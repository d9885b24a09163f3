"""What the finished site's pages say about themselves: read once per page, kept by the file's identity.

The sitemap leaves out pages that ask not to be indexed, and the search index
needs each page's bytes (its digest) and whether it marks what to index.  One
read of a page answers all three.  A page an incremental build kept is a hard
link to the live file (same inode, size and modification time), so its scan of
the previous build still holds and the page is not read again.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from kernel.listing import identity


class Scan(NamedTuple):  # a tuple: the ledger stores one per page, and tuples pickle fastest
    digest: str  # of the page's bytes
    marks_body: bool  # it marks what Pagefind indexes (data-pagefind-body)
    noindex: bool  # its head carries <meta name="robots" content="noindex">


#: a page's scan, by the identity of its file (kernel.listing.identity)
Scans = dict[tuple[int, int, int], Scan]

# what Pagefind itself does: when any page marks what to index, pages that mark nothing are left out
BODY = re.compile(rb"<[A-Za-z][^<>]*?\sdata-pagefind-body(?=[\s=/>])")
NOINDEX = re.compile(rb"<meta\s+name=[\"']?robots[\"']?\s+content=[\"'][^\"']*noindex", re.IGNORECASE)


def scan(data: bytes) -> Scan:
    end = data.find(b"</head>")
    head = data if end < 0 else data[:end]  # a robots meta in the body does not count, as for crawlers
    return Scan(hashlib.blake2b(data, digest_size=16).hexdigest(), BODY.search(data) is not None,
                NOINDEX.search(head) is not None)


def scan_pages(site: str | Path, files: Mapping[str, os.stat_result], known: Scans | None = None,
               seen: Scans | None = None) -> dict[str, Scan]:
    """The scan of every HTML page among ``files`` (a listing of ``site``, kernel.listing), by path.

    ``known``: scans of an earlier build; a page that is the same file is not read.  Every
    page's scan is added to ``seen``.
    """
    known = known or {}
    pages: dict[str, Scan] = {}
    root = os.fspath(site)
    for rel, info in files.items():
        if not rel.endswith(".html"):
            continue
        key = identity(info)
        found = known.get(key)
        if found is None:
            try:
                with open(os.path.join(root, rel), "rb") as page:
                    found = scan(page.read())
            except (FileNotFoundError, IsADirectoryError):  # a broken link, a folder's link: no page
                continue
        if seen is not None:
            seen[key] = found
        pages[rel] = found
    return pages


__all__ = ["BODY", "NOINDEX", "Scan", "Scans", "scan", "scan_pages"]
