"""SurveyMonkey CSV: two header rows, then one row per respondent.

Row 1 holds the question text on the first column of each question only (the cells
to its right are empty until the next question); row 2 holds "Response" (or
"Open-Ended Response") for a one-column question, the option label for each column
of a multi-select question, or the row label of a matrix ("Production", or
"Production - Currently Using" in expanded exports).  Metadata columns (Respondent
ID, Collector ID, dates, IP address, e-mail, names, custom data) come first.
"""

from __future__ import annotations

from ..privacy import is_identifying, is_key
from ..sheet import Column

NAME = "surveymonkey"
HEADER_ROWS = 2
SEPARATOR = None


def describe(head: list[list[str]]) -> list[Column]:
    questions = head[0]
    items = head[1] if len(head) > 1 else []
    columns, current = [], ""
    for i, text in enumerate(questions):
        if text.strip():
            current = text.strip()
        item = items[i].strip() if i < len(items) else ""
        identifying = bool(text.strip()) and is_identifying(text)
        columns.append(Column(i, current, item, identifying, identifying and is_key(text), bool(text.strip())))
    return columns
