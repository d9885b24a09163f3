"""sitemap.xml of every HTML page in the finished output, whichever plugin wrote it.

Made by the build's last step (recap_build/build.py), from the scans of the finished pages, beside the
search index: both need every page, and a page kept from the live site is not read again.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .page_scan import Scan
from .urls import url_of


def sitemap_xml(paths: list[str], siteurl: str) -> str:
    base = siteurl.rstrip("/") if siteurl else ""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(set(paths)):
        # a file name with a space or a non-ASCII letter (a Pelican page, a static file) is percent-encoded
        loc = f"{base}/{url_of(path)}" if base else url_of(path)
        lines.append(f"  <url><loc>{escape(loc, quote=False)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def listed(pages: Mapping[str, Scan]) -> list[str]:
    """The pages (by path, from their scans: meetup/page_scan.py) a sitemap offers: not the theme's files,
    not a page that asks not to be indexed (example data)."""
    return sorted(rel for rel, found in pages.items() if not rel.startswith("theme/") and not found.noindex)


def robots_txt(siteurl: str, sitemap: str) -> str:
    """Every page may be crawled; the sitemap's absolute address (robots.txt needs one)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl.rstrip('/')}/{url_of(sitemap)}\n"


def files(pages: Mapping[str, Scan], siteurl: str, save_as: str) -> dict[str, bytes]:
    """The sitemap of ``pages`` at ``save_as``, and robots.txt beside it when the site has its address."""
    made = {save_as: sitemap_xml(listed(pages), siteurl).encode("utf-8")}
    # Only a site with its public address gets one: robots.txt lives at the root of a
    # host, which a development build (relative links, file://) does not have.
    if siteurl.startswith(("http://", "https://")):
        made["robots.txt"] = robots_txt(siteurl, save_as).encode("utf-8")
    return made


__all__ = ["files", "listed", "robots_txt", "sitemap_xml"]
