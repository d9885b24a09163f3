"""The output ledger: for every page of the live site, what it was made of, so the next build can keep it.

After a successful swap the build stores, in the cache beside its stamp, one
entry per page it wrote through Pelican's writer: the page's dependencies as
recorded while it rendered (recap_build/trace.py), and the live file's size and
modification time.  The next build's writer (:func:`writer_class`) checks each
page before rendering it: when every dependency still digests the same and the
live file is the one recorded (nobody edited or replaced it), the live file is
hard-linked into the staging folder instead of rendered again.  A hard link,
so the live site's file is never opened for writing: a page that changed is a
new file in staging, and the swap replaces the whole folder.  Pages the new
build does not produce are simply not in staging, so a deleted source takes
its pages with it.

The ledger holds only for one code: the plugins' and theme-independent Python
sources, the package versions and the settings digest head it, and a ledger
with another head is ignored (every page rendered, as after ``invoke clean``).
"""

from __future__ import annotations

import filecmp
import hashlib
import importlib.metadata
import logging
import os
import platform
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kernel import cacheentry
from kernel.digests import settings_digest, tree_digest
from meetup.model import Site
from pelican.contents import Content
from pelican.writers import Writer

from .trace import Registry, Tracer

logger = logging.getLogger(__name__)

LEDGER_VERSION = 1
# templates read the clock only as the argument of model methods (event.is_upcoming(meetup_now), ...):
# those calls are recorded with their results, so the instant itself is no dependency
CLOCK_NAMES = ("meetup_now",)


@dataclass
class Ledger:
    head: str
    # output path (relative, "/"-separated) -> (size, mtime_ns, dependencies)
    entries: dict[str, tuple[int, int, tuple]] = field(default_factory=dict)


def head_digest(settings: dict) -> str:
    """What every page depends on at once: the plugins' code, Python and packages, the settings."""
    digest = hashlib.blake2b(digest_size=16)
    versions = sorted(f"{d.metadata['Name']}=={d.version}".lower() for d in importlib.metadata.distributions())
    # the staging folder is new every build; the clock is asked of each page (trace.py), pinned or not
    kept = {k: v for k, v in settings.items() if k not in ("OUTPUT_PATH", "MEETUP_NOW")}
    digest.update(f"{LEDGER_VERSION}\0{platform.python_version()}\0{settings_digest(kept)}\0".encode())
    digest.update("\n".join(versions).encode())
    for root in settings.get("PLUGIN_PATHS", []):
        digest.update(f"\0{tree_digest(Path(root))}".encode())
    return digest.hexdigest()


def ledger_path(stamp_file: Path) -> Path:
    return stamp_file.with_suffix(".ledger")


def read(path: Path, head: str) -> Ledger:
    """The ledger at ``path`` when it was made by this code and these settings; else an empty one."""
    found = cacheentry.read_pickle(path)
    if isinstance(found, Ledger) and found.head == head:
        return found
    return Ledger(head)


def write(path: Path, ledger: Ledger) -> None:
    cacheentry.write_pickle(path, ledger)  # a lost ledger costs one full render


def registry(context: dict) -> Registry:
    """Every model object a page may read, with a name that finds it again in the next build."""
    objects: list[tuple[tuple, object]] = []
    site = context.get("meetup")
    if isinstance(site, Site):
        objects.append((("site",), site))
        for kind, items in (("group", site.groups), ("event", site.events), ("talk", site.talks),
                            ("person", site.people), ("sponsor", site.sponsors)):
            objects += [((kind, item.slug), item) for item in items]
    if context.get("polls") is not None:
        objects.append((("polls",), context["polls"]))
    for name in ("pages", "hidden_pages", "draft_pages", "articles", "drafts", "hidden_articles"):
        objects += [(("content", item.source_path), item) for item in context.get(name) or []
                    if isinstance(item, Content)]
    return Registry(objects)


@dataclass
class Outcome:
    """What the writer did this build: pages rendered, pages kept, and the dependencies of each."""

    rendered: set[str] = field(default_factory=set)
    carried: set[str] = field(default_factory=set)
    untracked: dict[str, str] = field(default_factory=dict)  # page -> why it cannot be kept next time
    deps: dict[str, tuple] = field(default_factory=dict)


def writer_class(previous: Ledger, live: Path, outcome: Outcome) -> type:
    """A Pelican Writer that keeps the live copy of every page whose dependencies did not change."""

    class CarryingWriter(LedgerWriter):
        pass

    CarryingWriter.previous, CarryingWriter.live, CarryingWriter.outcome = previous, live, outcome
    return CarryingWriter


class LedgerWriter(Writer):
    previous: Ledger
    live: Path
    outcome: Outcome

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tracer: Tracer | None = None
        self._keep: dict[str, Path] = {}  # staging path -> live file to link there
        self._interned: dict[tuple, tuple] = {}

    def write_file(self, name, template, context, *args, **kwargs):
        if self.tracer is None:  # the first page: every generator's context is complete by now
            self.tracer = Tracer(registry(context), CLOCK_NAMES)
        return super().write_file(name, _Traced(template, self), context, *args, **kwargs)

    def _render(self, template, localcontext: dict) -> str:
        name = str(localcontext["output_file"])
        env = template.environment
        self.tracer.patch(env)
        entry = self.previous.entries.get(name)
        live = self.live / name
        if entry is not None and _intact(live, entry) and self.tracer.holds(entry[2], localcontext, env):
            self._keep[os.path.join(self.output_path, name)] = live
            self.outcome.carried.add(name)
            self.outcome.deps[name] = entry[2]
            return ""
        recording = self.tracer.record(localcontext)
        try:
            recording.add(("template", template.name),
                          lambda: ("template", template.name, self.tracer.template_digest(env, template.name)))
            output = template.render(localcontext)
        finally:
            self.tracer.stop()
        self.outcome.rendered.add(name)
        if recording.problem:
            self.outcome.untracked[name] = recording.problem
        else:
            self.outcome.deps[name] = tuple(self._interned.setdefault(d, d) for d in recording.deps.values())
        return output

    def _open_w(self, filename, encoding, override=False):
        source = self._keep.pop(filename, None)
        if source is None or filename in self._written_files or filename in self._overridden_files:
            return super()._open_w(filename, encoding, override)  # with Pelican's checks of writing twice
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        _link(source, Path(filename))
        return open(os.devnull, "w", encoding=encoding)  # the page's "" goes nowhere


class _Traced:
    """The template as the writer renders it: through the ledger."""

    def __init__(self, template, writer: LedgerWriter):
        self.template, self.writer = template, writer

    def render(self, localcontext):
        return self.writer._render(self.template, localcontext)

    def __getattr__(self, name):
        return getattr(self.template, name)


def _intact(live: Path, entry: tuple) -> bool:
    try:
        info = live.stat()
    except OSError:
        return False
    return info.st_size == entry[0] and info.st_mtime_ns == entry[1]


def _link(source: Path, target: Path) -> None:
    """``target`` made the same file as ``source``: a hard link, a copy where links are refused."""
    target.unlink(missing_ok=True)  # never write through an existing file: it may be a live one
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def settle(outcome: Outcome, final: Path, head: str) -> Ledger:
    """The ledger of the site now live at ``final``: each tracked page's dependencies and file stat."""
    ledger = Ledger(head)
    for name, deps in outcome.deps.items():
        try:
            info = (final / name).stat()
        except OSError:
            continue
        ledger.entries[name] = (info.st_size, info.st_mtime_ns, deps)
    return ledger


def counts(staging: Path, final: Path, outcome: Outcome) -> tuple[int, int]:
    """(files written anew, files unchanged) of the site in ``staging`` against the live one at ``final``.

    Pages kept by the ledger are unchanged; any other file (a calendar, a card, a copied
    image) counts as unchanged when its bytes equal the live file's.
    """
    written = unchanged = 0
    kept = {os.path.normpath(name) for name in outcome.carried}
    for folder, _dirs, names in os.walk(staging):
        for filename in names:
            path = os.path.join(folder, filename)
            rel = os.path.relpath(path, staging)
            if rel in kept:
                unchanged += 1
                continue
            old = os.path.join(final, rel)
            try:
                same = os.path.getsize(old) == os.path.getsize(path) and filecmp.cmp(old, path, shallow=False)
            except OSError:
                same = False
            unchanged += same
            written += not same
    return written, unchanged


__all__ = ["CLOCK_NAMES", "Ledger", "LedgerWriter", "Outcome", "counts", "head_digest", "ledger_path", "read",
           "registry", "settle", "write", "writer_class"]
