"""Which tool made a poll file, told from its name and its header rows."""

from __future__ import annotations

from pathlib import Path

from ..catalog import normalize
from . import google_forms, ms_forms, surveymonkey

TALLY_SUFFIXES = (".yaml", ".yml")
EXPORT_SUFFIXES = (".csv", ".xlsx")
POLL_SUFFIXES = TALLY_SUFFIXES + EXPORT_SUFFIXES
EXPORT_FORMATS = {m.NAME: m for m in (google_forms, surveymonkey, ms_forms)}
FORMATS = ("tally", *EXPORT_FORMATS)

_TIMESTAMPS = {normalize(t) for t in ("Timestamp", "Časová značka", "Zeitstempel", "Marca temporal")}
_MS_START = {normalize(t) for t in ("Start time", "Čas zahájení")}
_SM_ITEMS = {normalize(t) for t in ("Response", "Open-Ended Response")}

EXPECTED = (
    "expected a Google Forms export (first column Timestamp), a SurveyMonkey export "
    "(two header rows, Respondent ID or Response), or a Microsoft Forms export "
    "(ID, Start time, Completion time, ...)"
)


def detect_format(path: Path, head: list[list[str]]) -> str | None:
    """The format name for a poll file, or None when the header matches no known tool."""
    if path.suffix.lower() in TALLY_SUFFIXES:
        return "tally"
    if not head or not head[0]:
        return None
    first = [normalize(c) for c in head[0]]
    second = [normalize(c) for c in head[1]] if len(head) > 1 else []
    if first[0] in _TIMESTAMPS:
        return google_forms.NAME
    if first[0] == "id" and any(c in _MS_START for c in first):
        return ms_forms.NAME
    if "respondent id" in first or any(c in _SM_ITEMS for c in second):
        return surveymonkey.NAME
    return None
