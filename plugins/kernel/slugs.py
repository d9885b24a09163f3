"""Slugs for URLs: ASCII, lower case, words joined by hyphens ("Václav Pavlín" -> "vaclav-pavlin")."""

import re
import unicodedata


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
