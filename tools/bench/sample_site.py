"""The sample site (content/, survey/) against plain Pelican on its own Markdown: cold, one talk edited, and
the same edit on the page livereload serves.

A copy of the sample is built, so the checkout's own output and caches stay as they are.
Plain Pelican reads every Markdown file of the sample as an ordinary article (its title
and date from the front matter, the same body), the pages as pages: as many documents as
the site reads, with no plugin and Pelican's "simple" theme.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from tools.bench.site_build import ROOT, SETTINGS, site_job

SAMPLE_CONTENT = ROOT / "content"
SAMPLE_SURVEY = ROOT / "survey"
EDITED_TALK = Path("talks") / "ceph-and-docker.md"
NAMES = ("plain Pelican", "cold", "one talk edited")


def _split(text: str) -> tuple[dict, str]:
    """(front matter, body) of a Markdown file; no front matter is an empty mapping."""
    if text.startswith("---\n"):
        _, front, body = text.split("---\n", 2)
        return yaml.safe_load(front) or {}, body
    return {}, text


def plain_copy(content: Path, plain: Path) -> int:
    """Write every Markdown file of ``content`` into ``plain`` as a plain Pelican document; how many."""
    count = 0
    for path in sorted(content.rglob("*.md")):
        front, body = _split(path.read_text(encoding="utf-8"))
        rel = path.relative_to(content)
        section = rel.parts[0]
        title = str(front.get("title") or front.get("name") or path.stem)
        date = front.get("date") if isinstance(front.get("date"), datetime.date) else datetime.date(2015, 1, 1)
        slug = "-".join([*rel.with_suffix("").parts])
        target = plain / ("pages" if section == "pages" else "") / f"{slug}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        title = " ".join(title.split())
        target.write_text(f"Title: {title}\nDate: {date.isoformat()} 18:00\nCategory: {section}\nSlug: {slug}\n\n"
                          f"{body}\n", encoding="utf-8")
        count += 1
    return count


def edit_talk(content: Path) -> None:
    """Reword the sample talk's abstract: one more sentence at its end."""
    path = content / EDITED_TALK
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + " Reworded.\n", encoding="utf-8")


def talk_page(base: str, content: Path) -> tuple[str, Callable[[], None]]:
    """The edited talk's page on the server at ``base``, found by its title in the served talk index (whatever
    the talk URL setting says), and the edit itself: what ``live_latency.measure`` watches."""
    from lxml import html

    from tools.bench.live_latency import served_path, wait_for

    title = " ".join(str(_split((content / EDITED_TALK).read_text(encoding="utf-8"))[0]["title"]).split())
    index = "/talks/"
    links = html.fromstring(wait_for(base + index)).xpath("//a[@href]")
    hrefs = [a.get("href") for a in links if " ".join(a.text_content().split()) == title]
    if not hrefs:
        raise LookupError(f"no link to the talk {title!r} on {index}")
    return served_path(index, hrefs[0]), lambda: edit_talk(content)


def run(root: Path, timed, settings: Path = SETTINGS, live: bool = True) -> tuple[list, object]:
    """Copy the sample into ``root`` and time plain Pelican, the cold build and one talk edited there; with
    ``live``, the same edit onto the page livereload serves (a ``live_latency.Live``, else None)."""
    content, survey, plain = root / "content", root / "survey", root / "plain"
    shutil.copytree(SAMPLE_CONTENT, content)
    shutil.copytree(SAMPLE_SURVEY, survey)
    plain_copy(content, plain)

    def job(kind: str, source: Path, output: str) -> dict:
        return site_job(kind, root, source, survey, output, settings)

    builds = [timed(f"sample {NAMES[0]}", job("plain", plain, "plain-output")),
              timed(f"sample {NAMES[1]}", job("site", content, "output"))]
    edit_talk(content)
    builds.append(timed(f"sample {NAMES[2]}", job("site", content, "output")))
    if not live:
        return builds, None
    from tools.bench import live_latency

    return builds, live_latency.measure(job("site", content, "output"), lambda base: talk_page(base, content))
