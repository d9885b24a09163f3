"""Code blocks and tables as keyboard-scrollable regions.

A long code line or a wide table scrolls sideways inside its box on a phone (the page
never does); a box that scrolls is a named region Tab reaches, so the keyboard can
scroll it (theme/static/css/site.css, tests/browser/test_scroll_regions_browser.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

CODE_REGION = {"tabindex": "0", "role": "region", "aria-label": "Code"}
TABLE_REGION = {"class": "table-scroll", "tabindex": "0", "role": "region", "aria-label": "Table"}
_PRE = re.compile(r"<pre(?=[\s>])(?![^>]*\btabindex\b)", re.IGNORECASE)


class _CodeRegions(Postprocessor):
    def run(self, text: str) -> str:
        attributes = "".join(f' {name}="{value}"' for name, value in CODE_REGION.items())
        return _PRE.sub(lambda m: m[0] + attributes, text)


class _TableRegions(Treeprocessor):
    """Each Markdown table inside a scroll box (raw HTML tables are the author's to wrap)."""

    def run(self, root):
        for parent in list(root.iter()):
            if parent.get("class") == TABLE_REGION["class"]:
                continue
            for index, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                box = etree.Element("div", TABLE_REGION)
                box.tail, child.tail = child.tail, None
                parent.remove(child)
                box.append(child)
                parent.insert(index, box)


class CodeRegionExtension(Extension):
    """Every <pre> of a body (fenced, indented, highlighted or raw HTML) and every Markdown table a
    scrollable region."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        # after the table extension (which is a block parser) and before inline processing ends
        md.treeprocessors.register(_TableRegions(md), "recap_table_regions", 1)
        # after raw HTML (30) and codehilite's blocks are put back
        md.postprocessors.register(_CodeRegions(md), "recap_code_regions", 5)
