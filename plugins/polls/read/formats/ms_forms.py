"""Microsoft Forms export (.xlsx, or CSV saved from it): ID, Start time, Completion time,
Email, Name, then one column per question; multi-select answers joined by ";"
(usually with a trailing ";")."""

from __future__ import annotations

from ..catalog import normalize
from ..privacy import is_identifying, is_key
from ..sheet import Column

NAME = "ms-forms"
HEADER_ROWS = 1
SEPARATOR = ";"


def describe(head: list[list[str]]) -> list[Column]:
    return [
        Column(i, text.strip(), "", is_identifying(text), is_key(text) and normalize(text) == "id")
        for i, text in enumerate(head[0])
    ]
