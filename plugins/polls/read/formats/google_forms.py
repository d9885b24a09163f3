"""Google Forms CSV: one header row, first column Timestamp, checkbox answers in one cell.

Checkbox answers are joined by ", " and an option may itself contain a comma, so
cells are split by matching the catalog's known options (see mapping.split_choices),
never by splitting on the comma.
"""

from __future__ import annotations

from ..privacy import is_identifying, is_key
from ..sheet import Column

NAME = "google-forms"
HEADER_ROWS = 1
SEPARATOR = ", "


def describe(head: list[list[str]]) -> list[Column]:
    return [
        Column(i, text.strip(), "", is_identifying(text), is_key(text) and i == 0) for i, text in enumerate(head[0])
    ]
