"""Reading a built site the way a browser would: parsed pages and links resolved on disk."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup
from recap_build.build import BuildResult, build

# (tag, attribute) pairs that make a browser load or navigate to another file
LINK_ATTRIBUTES = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"),
                   ("object", "data"), ("form", "action")]


def html_pages(output: Path) -> list[str]:
    """Every HTML page of the site (relative POSIX paths), theme assets left out."""
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html")
                  if not p.relative_to(output).as_posix().startswith("theme/"))


def beside(output: Path) -> list[str]:
    """What lies beside the site folder, by name; the frame the next build starts in (an emptied earlier site,
    recap_build/swap.py) as "frame", once it is checked to hold folders only."""
    names = []
    for path in sorted(output.parent.iterdir()):
        if path.name.startswith(f".{output.name}-frame-"):
            assert [p for p in path.rglob("*") if not p.is_dir() or p.is_symlink()] == [], "a frame holds no file"
            names.append("frame")
        else:
            names.append(path.name)
    return sorted(names)


def noindex(output: Path, rel: str) -> bool:
    """True when the page asks search engines not to index it (example data)."""
    return page(output, rel).find("meta", attrs={"name": "robots", "content": "noindex"}) is not None


def item_pages(pages: Iterable[str], section: str) -> list[str]:
    """The pages of single items of a section: events/<slug>/index.html, not the index, decks or tags."""
    return sorted(rel for rel in pages if re.fullmatch(rf"{section}/[^/]+/index\.html", rel))


def talk_pages(pages: dict[str, BeautifulSoup]) -> list[str]:
    """Talk pages, found the way a visitor finds them: from the programmes of the event pages."""
    return sorted({target for rel in item_pages(pages, "events")
                   for target in link_targets(rel, pages[rel].select("ol.programme a.title"))})


def page(output: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((output / rel).read_text("utf-8"), "html.parser")


def is_external(url: str) -> bool:
    """True for URLs a static file server does not answer: other hosts and other schemes."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(page_rel: str, url: str) -> str:
    """The output-relative path a relative ``url`` on page ``page_rel`` points to ('' = the page itself)."""
    path = unquote(urlsplit(url).path)
    if not path:
        return page_rel
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
    if path.endswith("/") or target == ".":
        target = posixpath.join("" if target == "." else target, "index.html")
    return target


def local_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(tag name, url) for every link in the page that stays on this site."""
    out = []
    for tag, attribute in LINK_ATTRIBUTES:
        for element in soup.find_all(tag):
            url = element.get(attribute)
            if url and not is_external(url):
                out.append((tag, url))
    return out


def link_targets(page_rel: str, links) -> list[str]:
    """The output-relative targets of ``links`` (anchors or urls) found on ``page_rel``."""
    urls = [link if isinstance(link, str) else link["href"] for link in links]
    return [resolve(page_rel, url) for url in urls]


def front_matter(path: Path) -> dict:
    """The YAML front matter of a content file, read independently of the plugin."""
    text = path.read_text("utf-8")
    _, block, _ = text.split("---\n", 2)
    return yaml.safe_load(block) or {}


# -- building (shared by conftest.py and the tests; a plain module so imports are unambiguous) --

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
SAMPLE_CONTENT = ROOT / "content"
SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "site"
NOW = "2026-11-28T00:00:00+00:00"


def build_content(content: Path, output: Path, scratch: Path, **overrides) -> BuildResult:
    """Build ``content`` into ``output`` with the project's settings, a pinned clock and no poll data.

    ``scratch`` holds the build's caches, so no test reads what an earlier run left in .cache/.
    """
    settings = {
        "PATH": str(content),
        "MEETUP_NOW": NOW,
        "POLLS_PATH": str(scratch / "no-polls"),  # the polls plugin skips a missing folder
        "CACHE_PATH": str(scratch / "cache"),
        **overrides,
    }
    return build(SETTINGS, output, settings)


def build_sample(output: Path, cache: Path) -> Path:
    """Build content/ as pelicanconf.py says (polls and slides included); only the clock and caches pinned."""
    result = build(SETTINGS, output, {"PATH": str(SAMPLE_CONTENT), "MEETUP_NOW": NOW, "CACHE_PATH": str(cache)})
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return output


def settings_file(folder: Path, content: Path, **extra: str) -> Path:
    """A settings file like a user's own: pelicanconf.py's values, another content folder (for `invoke`)."""
    path = folder / "badconf.py"
    lines = [
        "import runpy",
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items()"
        " if k.isupper()})",
        f"PATH = {str(content)!r}",
        f"MEETUP_NOW = {NOW!r}",
        f"POLLS_PATH = {str(folder / 'no-polls')!r}",  # no poll data: the polls plugin skips a missing folder
        *(f"{name} = {value!r}" for name, value in extra.items()),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def invoke_build(settings: Path, output: Path) -> subprocess.CompletedProcess:
    """`invoke build --settings ... --output ...` as an organizer runs it, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--settings", str(settings), "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


# -- the schedules scenario: two groups, built as published (absolute SITEURL) and for development --

PUBLISHED_SITEURL = "https://meetup.example.org"
PUBLISHED = {"SITEURL": PUBLISHED_SITEURL, "RELATIVE_URLS": False}  # what publishconf.py changes


def build_scenario(name: str, output: Path, **overrides) -> Path:
    """Build tests/data/site/<name>/content into ``output`` (caches beside it) and insist it succeeds."""
    result = build_content(SCENARIOS / name / "content", output, output.parent / f"{output.name}-scratch",
                           **overrides)
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return output
