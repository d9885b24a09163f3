"""sitemap.xml of every HTML page in the finished output, whichever plugin wrote it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from .urls import url_of


def sitemap_xml(paths: list[str], siteurl: str) -> str:
    base = siteurl.rstrip("/") if siteurl else ""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(set(paths)):
        # a file name with a space or a non-ASCII letter (a Pelican page, a static file) is percent-encoded
        loc = f"{base}/{url_of(path)}" if base else url_of(path)
        lines.append(f"  <url><loc>{escape(loc)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


#: A page that asks not to be indexed (example data) is not offered to search engines either.
NOINDEX = re.compile(rb"<meta\s+name=[\"']?robots[\"']?\s+content=[\"'][^\"']*noindex", re.IGNORECASE)


def html_pages(output: Path) -> list[str]:
    # walked as strings, not Path objects: at a thousand events the tree holds tens of thousands of files
    root = os.fspath(output)
    pages = []
    for folder, subfolders, files in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        if relative == ".":
            relative = ""
            # decks and theme files are not pages of their own worth listing
            subfolders[:] = [name for name in subfolders if name != "theme"]
        subfolders.sort()
        for name in files:
            if name.endswith(".html") and not noindex(os.path.join(folder, name)):
                pages.append(f"{relative}/{name}" if relative else name)
    return pages


_HEAD_CHUNK = 16384  # a page's head (title, meta, stylesheet links) fits in the first read as a rule


def noindex(page: str | Path) -> bool:
    """True when the page's head carries <meta name="robots" content="noindex">."""
    # only the head is read: the body of a large page cannot hold the meta tag
    head = b""
    with open(page, "rb") as handle:
        while chunk := handle.read(_HEAD_CHUNK):
            head += chunk
            end = head.find(b"</head>", max(0, len(head) - len(chunk) - 6))
            if end >= 0:
                head = head[:end]
                break
    return NOINDEX.search(head) is not None


def robots_txt(siteurl: str, sitemap: str) -> str:
    """Every page may be crawled; the sitemap's absolute address (robots.txt needs one)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl.rstrip('/')}/{url_of(sitemap)}\n"


def on_finalized(pelican) -> None:
    output = Path(pelican.output_path)
    save_as = pelican.settings["MEETUP_SITEMAP"]
    siteurl = pelican.settings.get("SITEURL", "")
    (output / save_as).write_text(sitemap_xml(html_pages(output), siteurl), "utf-8")
    # Only a site with its public address gets one: robots.txt lives at the root of a
    # host, which a development build (relative links, file://) does not have.
    if siteurl.startswith(("http://", "https://")):
        (output / "robots.txt").write_text(robots_txt(siteurl, save_as), "utf-8")
