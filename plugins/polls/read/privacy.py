"""What must never leave a poll file: identifying columns and e-mail addresses.

Identifying columns (who answered, from where, exactly when) are dropped before a
file's body is even read, so they cannot leak into any table, chart, export or
error message.  Free text is dropped too unless the catalog opts a question in, and
even then e-mail addresses and URLs are blanked, because people type them anyway.
"""

from __future__ import annotations

import re

from .catalog import normalize

# Normalised header names of metadata columns the form tools add (English and Czech UIs).
IDENTIFYING_COLUMNS = frozenset(
    normalize(name)
    for name in (
        "Timestamp",
        "Časová značka",
        "Email Address",
        "E-mailová adresa",
        "Username",
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "First Name",
        "Last Name",
        "Email",
        "E-mail",
        "Name",
        "Jméno",
        "ID",
        "Start time",
        "Completion time",
        "Last modified time",
        "Čas zahájení",
        "Čas dokončení",
        "Čas poslední změny",
    )
)
IDENTIFYING_PREFIXES = ("custom data",)

# One column per format tells repeated submissions apart; it is read for the duplicate
# check and then thrown away with the rest of the identifying columns.
KEY_COLUMNS = frozenset(
    normalize(name)
    for name in (
        "Timestamp",
        "Časová značka",
        "Respondent ID",
        "ID",
    )
)

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def is_identifying(header: str) -> bool:
    key = normalize(header)
    return key in IDENTIFYING_COLUMNS or key.startswith(IDENTIFYING_PREFIXES)


def is_key(header: str) -> bool:
    return normalize(header) in KEY_COLUMNS


def redact(text: str) -> str:
    """Text with e-mail addresses and URLs blanked out."""
    return _URL.sub("[link removed]", _EMAIL.sub("[e-mail removed]", str(text)))
