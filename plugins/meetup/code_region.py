"""Code blocks as keyboard-scrollable regions.

A long code line scrolls sideways inside its block on a phone (the page never does);
a box that scrolls is a named region Tab reaches, so the keyboard can scroll it
(theme/static/css/site.css, tests/browser/test_scroll_regions_browser.py).
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

CODE_REGION = {"tabindex": "0", "role": "region", "aria-label": "Code"}
_PRE = re.compile(r"<pre(?=[\s>])(?![^>]*\btabindex\b)", re.IGNORECASE)


class _CodeRegions(Postprocessor):
    def run(self, text: str) -> str:
        attributes = "".join(f' {name}="{value}"' for name, value in CODE_REGION.items())
        return _PRE.sub(lambda m: m[0] + attributes, text)


class CodeRegionExtension(Extension):
    """Every <pre> of a body (fenced, indented, highlighted or raw HTML) a scrollable region."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        # after raw HTML (30) and codehilite's blocks are put back
        md.postprocessors.register(_CodeRegions(md), "recap_code_regions", 5)
