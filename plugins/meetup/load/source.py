"""The content files being loaded, the problems found in them, and the state every loader shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from kernel.problems import Problem
from kernel.slugs import slug_problem, slugify

from ..frontmatter import Document
from ..model import Person
from .fields import as_text, choice_key

KINDS = ("group", "event", "talk", "speaker", "sponsor")
T = TypeVar("T")
# keep(parts, make): a value made of ``parts`` (and of the renderer), kept between builds or made now
Keep = Callable[[tuple, Callable[[], T]], T]


def make_now(_parts: tuple, make: Callable[[], T]) -> T:
    """The Keep of a caller with no cache: every value is made."""
    return make()


@dataclass(frozen=True)
class Source:
    """One content file: its kind, path as the user reads it, front matter and rendered body."""

    kind: str
    path: str
    slug: str
    doc: Document
    body_html: str
    directives: tuple = ()  # the body's poll chart directives (kernel.contract.Directive)


class Problems:
    """Collects problems with positions taken from a document's marks."""

    def __init__(self):
        self.items: list[Problem] = []

    def add(self, src: Source, path: tuple, message: str) -> None:
        line, column = src.doc.where(*path)
        self.items.append(Problem(src.path, line, column, message))


class Loading:
    """What the loaders share: the files by kind, the settings they read, the problems found so far.

    ``keep`` keeps what is made of the front matter between builds (meetup.source_cache.Keeper);
    it must key its entries over whatever decides ``render`` (the generator's: the settings and the code).
    """

    def __init__(self, sources: list[Source], render: Callable[[str], str], settings: dict,
                 keep: Keep = make_now):
        self.render = render
        self.keep = keep
        self.default_tz = settings.get("MEETUP_TIMEZONE", "UTC")
        self.content_root = settings.get("PATH")  # None: a caller with no folder to confine file names to
        self.problems = Problems()
        self.by_kind: dict[str, list[Source]] = {kind: [] for kind in KINDS}
        for src in sorted(sources, key=lambda s: s.path):
            self.by_kind[src.kind].append(replace(src, slug=self.file_slug(src)))
        for kind in ("group", "sponsor", "event", "talk"):
            self.by_kind[kind] = self.unique_slugs(kind, self.by_kind[kind])
        self.people: dict[str, Person] = {}
        self.broken_events: set[str] = set()

    def unique_slugs(self, kind: str, sources: list[Source]) -> list[Source]:
        """The first file of each slug; each later one is a problem, or one page would replace the other."""
        first: dict[str, Source] = {}
        # a file named after its slug keeps it: the problem goes to the one that borrowed it with `slug:`
        for src in sorted(sources, key=lambda s: ("slug" in s.doc.data, s.path)):
            if src.slug in first:
                self.problems.add(src, ("slug",), f"{kind} slug {src.slug!r} is also used by {first[src.slug].path}")
            else:
                first[src.slug] = src
        return sorted(first.values(), key=lambda s: s.path)

    # -- slugs ----------------------------------------------------------------------------

    def given_slug(self, src: Source, path: tuple, value) -> str:
        """A `slug:` as written, when it is already a plain URL slug; else a problem saying what it should be."""
        given = as_text(value)
        problem = slug_problem(given)
        if problem:
            self.problems.add(src, path, problem)
        return slugify(given)

    def file_slug(self, src: Source) -> str:
        """The file's `slug:`, or its file name made into one (talks/a#b?c.md -> a-b-c)."""
        if as_text(src.doc.data.get("slug")):
            return self.given_slug(src, ("slug",), src.doc.data["slug"])
        slug = slugify(Path(src.path).stem)
        if not slug:
            self.problems.add(src, (), "the file name has no letters or digits for a URL: add `slug:`")
        return slug or src.slug

    def choice(self, src: Source, key: str, allowed, default: str) -> str:
        """One of ``allowed`` (a missing key is ``default``); anything else is a problem listing them."""
        value = src.doc.data.get(key)
        if value is None:
            return default
        chosen = choice_key(value)
        if chosen not in allowed:
            self.problems.add(src, (key,), f"unknown {key} {as_text(value)!r} (one of {', '.join(allowed)})")
            return default
        return chosen
