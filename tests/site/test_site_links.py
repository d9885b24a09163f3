"""Every link works from file:// and from any sub-path, and nothing loads from another host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from builtsite import is_external, local_links, resolve

EXTERNAL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?)(?:https?:)?//""", re.IGNORECASE)


def test_every_local_link_resolves_to_a_file_in_the_output(sample_site, sample_pages):
    broken = []
    for rel, soup in sample_pages.items():
        for tag, url in local_links(soup):
            target = resolve(rel, url)
            if not (sample_site / target).is_file():
                broken.append(f"{rel}: <{tag}> {url}")
    assert broken == []


def test_no_link_is_relative_to_the_server_root(sample_pages):
    # "/events/..." breaks when the site is opened from disk or deployed under a sub-path
    rooted = [f"{rel}: {url}" for rel, soup in sample_pages.items()
              for _, url in local_links(soup) if urlsplit(url).path.startswith("/")]
    assert rooted == []


def test_every_in_page_anchor_has_a_target(sample_pages):
    anchors = [(rel, soup, a) for rel, soup in sample_pages.items()
               for a in soup.find_all("a", href=re.compile(r"^#."))]
    assert anchors  # the skip links at least: the check is not vacuous
    missing = [f"{rel}: {a['href']}" for rel, soup, a in anchors if soup.find(id=a["href"][1:]) is None]
    assert missing == []


def test_no_page_loads_scripts_styles_or_fonts_from_another_host(sample_pages):
    external = []
    for rel, soup in sample_pages.items():
        external += [f"{rel}: script {s['src']}" for s in soup.find_all("script", src=True) if is_external(s["src"])]
        for link in soup.find_all("link", href=True):
            loads = {"stylesheet", "preload", "modulepreload", "icon", "prefetch"} & set(link.get("rel", []))
            if loads and is_external(link["href"]):
                external.append(f"{rel}: link {link['href']}")
        for style in soup.find_all("style"):
            if EXTERNAL.search(style.get_text()):
                external.append(f"{rel}: <style> loads from another host")
        for element in soup.find_all(style=True):
            if EXTERNAL.search(element["style"]):
                external.append(f"{rel}: style attribute loads from another host")
    assert external == []


def test_no_stylesheet_imports_from_another_host(sample_site):
    sheets = sorted(sample_site.rglob("*.css"))
    assert sheets
    assert [css.relative_to(sample_site).as_posix() for css in sheets if EXTERNAL.search(css.read_text("utf-8"))] == []
