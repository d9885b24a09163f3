"""The keys each kind of content file may have and what each holds, declared once.

The reader checks every front matter against its kind's schema before anything
else sees it, so the loader, Pelican and the templates only ever get the types
declared here: a misspelt key (``attendence:``) is reported with the key it was
probably meant to be instead of vanishing, and a list or a ``No`` where text
belongs is reported instead of rendering as ``['a', 'b']`` or "False".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kernel.positioned_yaml import decode, unknown_key
from kernel.problems import Problem

from .frontmatter import Document, parse
from .sanitize import IMPORTED as MARKER


def describe(value) -> str:
    """How a wrong value is named in a message."""
    if isinstance(value, bool):
        return "a true/false value (put text such as No or Yes in quotes)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


@dataclass(frozen=True)
class Text:
    """Text (Markdown may span lines); a number is read as its text (``number: 2``, ``date: 20151015``)."""

    expected: str = "text"
    one_line: bool = False

    def problem(self, value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return f"must be {self.expected}, not {describe(value)}"
        text = str(value).strip()
        # a line break or control character would be written raw into .ics lines and headers
        if self.one_line and (len(text.splitlines()) > 1 or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text)):
            return f"must be {self.expected} (no line breaks or control characters)"
        return None


def Line(expected: str = "one line of text") -> Text:  # noqa: N802 (reads as a type in the schemas below)
    return Text(expected, one_line=True)


@dataclass(frozen=True)
class Scalar:
    """Any single value (Pelican reads ``translation: true`` and ``translation: "true"`` alike)."""

    expected: str = "a single value"

    def problem(self, value) -> str | None:
        return f"must be {self.expected}, not {describe(value)}" if isinstance(value, (list, dict)) else None


@dataclass(frozen=True)
class Whole:
    expected: str = "a whole number"

    def problem(self, value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be {self.expected}, not {describe(value)}"
        return None


@dataclass(frozen=True)
class Flag:
    expected: str = "true or false"

    def problem(self, value) -> str | None:
        return None if isinstance(value, bool) else f"must be {self.expected}, not {describe(value)}"


@dataclass(frozen=True)
class Number:
    """A finite number within [low, high]; quoted numbers are read too."""

    low: float
    high: float

    def problem(self, value) -> str | None:
        expected = f"a number from {self.low:g} to {self.high:g}"
        try:
            number = float(value) if not isinstance(value, (bool, list, dict)) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and self.low <= number <= self.high):
            return f"must be {expected}, not {describe(value)}"
        return None


@dataclass(frozen=True)
class Map:
    """A mapping with these keys (and no others); values checked by their own types."""

    fields: dict
    expected: str = "a mapping"


@dataclass(frozen=True)
class ListOf:
    """A list of items; ``single``: one item on its own is read as a list of one (``tags: docker``)."""

    item: object
    single: bool = True
    nonempty: bool = False
    expected: str = "a list"


@dataclass(frozen=True)
class Either:
    """A scalar form or a mapping form of the same thing (``venue: Impact Hub`` or ``venue: {name: ...}``)."""

    scalar: object
    mapping: Map


@dataclass(frozen=True)
class ByKey:
    """A mapping whose keys depend on whether it has ``key`` (a programme item: a talk or a session)."""

    key: str
    present: Map
    absent: Map


@dataclass(frozen=True)
class Found:
    """One problem: the key path it concerns, whether it is about the key itself, and the message."""

    path: tuple
    message: str
    at_key: bool = False


def _wrong(path: tuple, message: str) -> Found:
    """A value problem worded after its key: "title must ...", "each of speakers must ..." for list items."""
    keys = [p for p in path if isinstance(p, str)]
    name = keys[-1] if keys else "front matter"
    return Found(path, f"each of {name} {message}" if path and isinstance(path[-1], int) else f"{name} {message}")


def check(spec, value, path: tuple = ()) -> list[Found]:
    """Every way ``value`` departs from ``spec``; None (an empty key) always passes: it means unset."""
    if value is None:
        return []
    if isinstance(spec, Either):
        return check(spec.mapping if isinstance(value, dict) else spec.scalar, value, path)
    if isinstance(spec, ByKey):
        return check(spec.present if isinstance(value, dict) and spec.key in value else spec.absent, value, path)
    if isinstance(spec, Map):
        if not isinstance(value, dict):
            return [_wrong(path, f"must be {spec.expected}, not {describe(value)}")]
        found = []
        for key, item in value.items():
            if key not in spec.fields:
                found.append(Found(path + (key,), unknown_key(key, spec.fields), at_key=True))
            else:
                found += check(spec.fields[key], item, path + (key,))
        return found
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            return check(spec.item, value, path) if spec.single and not isinstance(value, dict) else [
                _wrong(path, f"must be {spec.expected}, not {describe(value)}")]
        if spec.nonempty and not value:
            return [_wrong(path, "is an empty list: name at least one")]
        return [f for i, item in enumerate(value) for f in check(spec.item, item, path + (i,))]
    message = spec.problem(value)
    return [] if message is None else [_wrong(path, message)]


LINE, TEXT, WHOLE, FLAG = Line(), Text(), Whole(), Flag()
LINES = ListOf(LINE, expected="a list of text")
# what the netdata import tasks record in the files they write, to know them again
IMPORTED = {MARKER: Map({"source": LINE, "sha256": LINE})}
SPEAKER_ROLE = Either(Line("a name or a mapping (name, affiliation)"), Map({"name": LINE, "affiliation": LINE}))
SPEAKERS = ListOf(SPEAKER_ROLE, expected="a list of names")
TALK_KEYS = {
    "title": LINE,
    "slug": LINE,
    "speakers": ListOf(SPEAKER_ROLE, nonempty=True, expected="a list of names"),
    "slides": LINE,
    "video": LINE,
    "video_date": LINE,
    "captions": LINE,
    "transcript": TEXT,
    "tags": LINES,
    "language": LINE,
    "duration": WHOLE,
    "order": WHOLE,
}
SESSION_ITEM = Map({"session": LINE, "kind": LINE, "start": LINE, "speakers": SPEAKERS, "description": TEXT})
TALK_ITEM = Map({"talk": Either(Line("a talk slug or a mapping of talk keys"), Map({**TALK_KEYS, "abstract": TEXT}))})
CALL_FOR_SPEAKERS = Either(Line("a URL or a mapping (url, closes)"), Map({"url": LINE, "closes": LINE}))
VENUE = Either(LINE, Map({"name": LINE, "address": LINE, "lat": Number(-90, 90), "lon": Number(-180, 180)}))

# Pelican's own page metadata, for plain pages (and articles, should a site have any)
PELICAN_KEYS = {
    "title": LINE, "date": LINE, "modified": LINE, "slug": LINE, "lang": LINE, "translation": Scalar(),
    "status": LINE, "template": LINE, "summary": TEXT, "save_as": LINE, "url": LINE, "author": LINE,
    "authors": LINES, "category": LINE, "tags": LINES,
}

SCHEMAS: dict[str, Map] = {
    "group": Map({"name": LINE, "slug": LINE, "city": LINE, "timezone": LINE, "url": LINE, "demo": FLAG,
                  "call_for_speakers": CALL_FOR_SPEAKERS, **IMPORTED}),
    "event": Map({
        "title": LINE, "slug": LINE, "group": LINE, "number": WHOLE, "date": LINE, "start": LINE, "end": LINE,
        "timezone": LINE, "venue": VENUE, "attendance": LINE, "rsvps": WHOLE, "organizers": LINES,
        "sponsors": LINES, "summary": TEXT,
        "photos": ListOf(Map({"src": LINE, "alt": LINE, "credit": LINE}), single=False),
        "programme": ListOf(ByKey("talk", TALK_ITEM, SESSION_ITEM), single=False),
        "rsvp": LINE, "call_for_speakers": CALL_FOR_SPEAKERS, "status": LINE,
        "previous_date": ListOf(LINE, expected="a date or a list of dates"), "attendance_mode": LINE,
        "join_url": LINE,
        **IMPORTED,
    }),
    "talk": Map({**TALK_KEYS, "event": LINE, **IMPORTED}),
    "speaker": Map({
        "name": LINE, "slug": LINE, "affiliation": LINE, "photo": LINE,
        "links": ListOf(Either(Line("a URL or a mapping (title, url)"), Map({"title": LINE, "url": LINE}))),
        **IMPORTED,
    }),
    "sponsor": Map({"name": LINE, "slug": LINE, "url": LINE, "logo": LINE, **IMPORTED}),
    "page": Map(PELICAN_KEYS),
}


def problems(kind: str, document: Document, file: str) -> list[Problem]:
    """The schema problems of one content file of ``kind``, each at its key or value."""
    out = []
    for found in check(SCHEMAS[kind], document.data):
        line, column = document.key_where(*found.path) if found.at_key else document.where(*found.path)
        out.append(Problem(file, line, column, found.message))
    return out


def read(raw: bytes, kind: str, file: str) -> tuple[Document | None, list[Problem]]:
    """A content file's checked document: its text decoded, its front matter parsed and held to its schema.

    The one way content is read, by the Pelican reader and by the tasks that read content without Pelican.
    """
    text, found = decode(raw, file)
    if text is None:
        return None, found
    document, found = parse(text, file)
    if document is None:
        return None, found
    found = problems(kind, document, file)
    return (None if found else document), found
