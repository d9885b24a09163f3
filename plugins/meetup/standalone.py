"""Read the site's content without Pelican: for tasks (survey-check, survey-report) and scripts.

The same checks and the same model as a Pelican build; Markdown is rendered with
the `markdown` library's defaults instead of the site's MARKDOWN setting.
"""

from __future__ import annotations

from pathlib import Path

import markdown
from kernel.problems import display_path

from . import schema
from .errors import ContentError
from .load import Source, build_site
from .model import Site
from .sanitize import render_body
from .settings import DEFAULTS


def _render(text: str) -> str:
    return markdown.markdown(text, extensions=["extra"]) if text else ""


def load_site(content_dir: Path, settings: dict | None = None) -> Site:
    """The checked :class:`Site` of a content folder; raises ContentError listing every problem."""
    settings = {**DEFAULTS, **(settings or {})}
    content_dir = Path(content_dir)
    sources, problems = [], []
    for kind, folder in sorted(settings["MEETUP_PATHS"].items()):
        for path in sorted((content_dir / folder).glob("**/*.md")):
            if not path.exists():
                continue  # a broken link: nothing to read (a site build names it)
            shown = display_path(path, content_dir.parent)
            doc, found = schema.read(path.read_bytes(), kind, shown)
            problems += found
            if doc is not None:
                body, found = render_body(_render, doc.data, doc.body, shown, doc.body_line)
                problems += found
                slug = str(doc.data.get("slug") or path.stem)
                sources.append(Source(kind, shown, slug, doc, body))
    if problems:
        raise ContentError(problems)
    return build_site(sources, _render, {**settings, "PATH": str(content_dir)})


def poll_events(site: Site) -> dict[str, dict]:
    """What the poll engine needs to know of each event (see docs/polls-engine-contract.md)."""
    return {
        event.slug: {
            "title": event.title,
            "date": event.date,
            "group": event.group.slug if event.group else "",
            "attendance": event.attendance.count if event.attendance else None,
            "attendance_approx": bool(event.attendance and event.attendance.approx),
            "demo": event.demo,
        }
        for event in site.events
    }
