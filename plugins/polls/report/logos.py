"""Sponsor logos from content/: as data URIs for the HTML report (no external request)."""

from __future__ import annotations

import base64
from pathlib import Path

MIME_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".gif": "image/gif", ".webp": "image/webp"}


def data_uri(path: Path) -> str:
    """The logo inlined as a data URI; "" for a type browsers cannot show.

    An ``<img>`` with a data URI, not the SVG pasted into the page: an SVG shown
    as an image runs no script and cannot clash with the page's ids or styles.
    """
    mime = MIME_TYPES.get(path.suffix.lower())
    if mime is None:
        return ""
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
