"""What must never leave a poll file: identifying columns and e-mail addresses.

Identifying columns (who answered, from where, exactly when) are dropped before a
file's body is even read, so they cannot leak into any table, chart, export or
error message.  Free text is dropped too unless the catalog opts a question in, and
even then e-mail addresses, links and phone numbers are blanked, because people type
them anyway (and disguise them).
"""

from __future__ import annotations

import re
import unicodedata

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

# People disguise addresses from harvesters: "jana at example dot cz", "jana(at)example.cz",
# "[at]", "{at}", "<at>", Czech "zavináč"/"tečka"; the full-width "＠" folds to "@" (NFKC).
_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|zavin[aá][cč])\s*[)\]}>]\s*|\s+(?:at|zavin[aá][cč])\s+)"
_DOT = r"(?:\s*\.\s*|\s*[(\[{<]\s*(?:dot|te[cč]ka)\s*[)\]}>]\s*|\s+(?:dot|te[cč]ka)\s+)"
_EMAIL = re.compile(rf"[\w.%+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,}}\b", re.IGNORECASE)
# Any scheme (https, ftp, sftp, ssh, file, ...), "www." anything, an address with a path
# ("linkedin.com/in/jana"), a bare host under a common top-level domain, an IPv4 address.
_TLDS = (
    "com|org|net|io|cz|sk|de|at|pl|hu|eu|uk|fr|it|es|nl|be|ch|se|no|dk|fi|ru|ua|us|ca|au|jp|cn|in|br|"
    "info|biz|me|dev|app|co|tv|ly|gl|gg|ai|xyz|cloud|tech|online|site|page|sh|to|link|blog|edu|gov|name"
)
_URL = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S+"
    r"|\bwww\.\S+"
    r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*"
    rf"|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b"
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b",
    re.IGNORECASE,
)
# Nine or more digits in phone-like groups (+420 777 123 456, 777-123-456, (555) 123-4567,
# 00420777123456); fewer digits are counts, years and dates.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d(?:[ \-.()]{0,2}\d){8,}(?!\w)")
QUOTE_LIMIT = 80


def is_identifying(header: str) -> bool:
    key = normalize(header)
    return key in IDENTIFYING_COLUMNS or key.startswith(IDENTIFYING_PREFIXES)


def is_key(header: str) -> bool:
    return normalize(header) in KEY_COLUMNS


def redact(text: object) -> str:
    """Text with e-mail addresses (disguised ones too), links and phone numbers blanked out.

    The one redaction for everything typed by respondents: free text that is kept,
    and any cell value a problem message quotes.  The text is NFKC-folded first, so
    full-width letters, digits and "＠" cannot slip past.
    """
    folded = str(text)
    if not folded.isascii():
        # Zero-width and other invisible format characters could hide an address from the patterns.
        folded = "".join(c for c in unicodedata.normalize("NFKC", folded) if unicodedata.category(c) != "Cf")
    folded = _EMAIL.sub("[e-mail removed]", folded)
    folded = _URL.sub("[link removed]", folded)
    return _PHONE.sub("[phone removed]", folded)


def quoted(value: object) -> str:
    """A cell value as a problem message may show it: redacted, shortened, in quotes."""
    text = " ".join(redact(value).split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1] + "…"
    return repr(text)
