"""URL safety: links are http(s) only, local files stay under content/, Markdown values checked like a body."""

from __future__ import annotations

import re
from pathlib import Path

from kernel.problems import Problem
from kernel.safepath import Outside, resolve_inside

from .. import imagesize
from ..sanitize import IMPORTED, render_body
from .fields import as_text
from .source import Loading, Source

WEB_SCHEMES = ("http", "https")
NO_CHART_HERE = "poll chart directive: a front matter value cannot show a chart"


def scheme(value: str) -> str:
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    return match[1].lower() if match else ""


class Links(Loading):
    """Checked links and image paths; each loader below builds on the one before."""

    def web_url(self, src: Source, path: tuple, value) -> str:
        """An http(s) link, or "" with a problem: a javascript: or data: URL must never become a link."""
        url = as_text(value)
        if url and scheme(url) not in WEB_SCHEMES:
            self.problems.add(src, path, f"{url!r} is not an http(s) URL")
            return ""
        return url

    def local_or_web(self, src: Source, path: tuple, value) -> str:
        """A file under content/ (no scheme) or an http(s) URL, for images."""
        url = as_text(value)
        if url and scheme(url) and scheme(url) not in WEB_SCHEMES:
            self.problems.add(src, path, f"{url!r} is neither a file under content/ nor an http(s) URL")
            return ""
        if url and not scheme(url) and self.content_root is not None:
            try:
                resolve_inside(self.content_root, url)
            except Outside as exc:  # ../../x.png or a symlink out: the site and the report would publish it
                self.problems.add(src, path, str(exc))
                return ""
        return url

    def image_size(self, src: Source, path: tuple, url: str) -> tuple[int, int] | None:
        """A local image's width and height (for the <img> attributes); None for a web address."""
        if not url or scheme(url) or self.content_root is None:
            return None
        file = Path(self.content_root) / url
        if not file.is_file():
            return None  # a missing file is the link checker's to report
        try:
            return imagesize.image_size(file.read_bytes())
        except imagesize.UnknownSize as exc:
            self.problems.add(src, path, f"{url!r}: cannot read the image's width and height: {exc}")
            return None

    def markdown(self, src: Source, path: tuple, value) -> str:
        """A Markdown value of the front matter rendered, its links checked like a body's.

        Kept between builds (``self.keep``) with its problems, under what they are made of: the
        text, the file and the value's place in it (the problems name both) and whether the file
        is imported (which decides cleaning); the renderer is the keeper's to key.
        """
        text, where, imported = as_text(value), src.doc.where(*path), IMPORTED in src.doc.data
        rendered, problems = self.keep(("front matter value", src.path, where, imported, text),
                                       lambda: self._render_value(src, where, text))
        self.problems.items += problems
        return rendered

    def _render_value(self, src: Source, where: tuple[int, int], text: str) -> tuple[str, list[Problem]]:
        # render_body reads of the front matter only whether it has the IMPORTED key
        rendered, problems = render_body(self.render, src.doc.data, text, src.path, 0, where)
        if getattr(self.render, "directives", ()):  # a chart stands in a body, not in a front matter value
            problems.append(Problem(src.path, *where, NO_CHART_HERE))
        return rendered, problems
