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

The ledger holds only for one code: it is an entry of the cache ``ledgers``
(kernel.cache) kept under a head made by the cache layer of the plugins'
sources, Python's and every package's version and the settings digest; a ledger
with another head is ignored (every page rendered, as after ``invoke clean``).
One entry per output folder, replaced by each build, so nothing to prune.
"""

from __future__ import annotations

import contextlib
import filecmp
import logging
import os
import shutil
import stat
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kernel.cache import Cache, cache_folder, installed_versions
from kernel.digests import settings_digest
from kernel.listing import Listing, regular
from meetup.model import Site
from meetup.page_scan import Scans
from pelican.contents import Content
from pelican.writers import Writer

from . import page_batch
from .trace import PLAIN_ENV, Registry, Tracer, Untrackable

logger = logging.getLogger(__name__)

NAME = "ledgers"  # kernel.cache.CACHES
# templates read the clock only as the argument of model methods (event.is_upcoming(meetup_now), ...):
# those calls are recorded with their results, so the instant itself is no dependency
CLOCK_NAMES = ("meetup_now",)


@dataclass
class Ledger:
    head: str
    # output path (relative, "/"-separated) -> (size, mtime_ns, its dependencies by number in ``table``)
    entries: dict[str, tuple[int, int, array]] = field(default_factory=dict)
    # every dependency an entry names, once: thousands of pages read the same few (the site's name, the
    # templates), and numbers are stored, read and checked many times faster than the tuples themselves
    table: list[tuple] = field(default_factory=list)
    grown: int = 0  # dependencies added to the table since it was last made of the used ones only
    # the live search index, by part (meetup/search_parts.py): its folder -> the part's key, and its files'
    # (size, mtime_ns)
    index: dict[str, tuple[str, dict[str, tuple[int, int]]]] = field(default_factory=dict)
    # each live HTML page's scan for the sitemap and the search index, by file identity
    scans: Scans = field(default_factory=dict)


def ledger_cache(settings: dict) -> Cache:
    """The ledgers' cache, keyed by the plugins' code and Python's version."""
    return Cache.of(NAME, cache_folder(settings, NAME), code=settings.get("PLUGIN_PATHS", []),
                    libraries=("python",))


def head_digest(cache: Cache, settings: dict) -> str:
    """What every page depends on at once: the cache's code, every installed package, the settings."""
    # every package, not a named few: any of them may change what a template or Pelican writes
    versions = installed_versions()
    # the staging folder is new every build; the clock is asked of each page (trace.py), pinned or not
    kept = {k: v for k, v in settings.items() if k not in ("OUTPUT_PATH", "MEETUP_NOW")}
    return cache.key(settings_digest(kept), versions)


def ledger_name(output_key: str) -> str:
    """The entry of one output folder's ledger (``output_key``: the folder's key, as its stamp's)."""
    return f"{output_key}.ledger"


def read(cache: Cache, name: str, head: str) -> Ledger:
    """The ledger ``name`` when it was made by this code and these settings; else an empty one."""
    found = cache.load_keyed(name, head)
    return found if isinstance(found, Ledger) else Ledger(head)


def write(cache: Cache, name: str, ledger: Ledger) -> None:
    cache.store_keyed(name, ledger.head, ledger)  # a lost ledger costs one full render


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
    made: set[str] = field(default_factory=set)  # files other than pages made anew (calendars, schedules, ...)
    carried: set[str] = field(default_factory=set)  # pages and other files kept from the live site
    raw: set[str] = field(default_factory=set)  # the files other than pages, made or kept
    untracked: dict[str, str] = field(default_factory=dict)  # page -> why it cannot be kept next time
    # output -> its dependencies: the tuples recorded as it was made, or, kept, the numbers of the last ledger's
    deps: dict[str, tuple | array] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)  # the search index's parts: folder -> key
    scans: Scans = field(default_factory=dict)  # this build's page scans (meetup/page_scan.py)


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
        self._keep: dict[str, str] = {}  # staging path -> live file to link there
        self._interned: dict[tuple, tuple] = {}
        self._folders: set[str] = set()  # the staging folders made so far

    def _tracer(self, context: dict) -> Tracer:
        if self.tracer is None:  # the first file: every generator's context is complete by now
            self.tracer = Tracer(registry(context), CLOCK_NAMES, self.previous.table)
        return self.tracer

    def write_file(self, name, template, context, *args, **kwargs):
        self._tracer(context)
        return super().write_file(name, _Traced(template, self), context, *args, **kwargs)

    def write_batch(self, items, context: dict, write, shared=None) -> None:
        """Write a generator's batch of pages and files with ``write(item)``, side by side
        (recap_build/page_batch.py; ``shared``: kernel.outputs.Shared)."""
        self._tracer(context)  # made before forking: every process checks against the same registry
        page_batch.write_batch(self, items, write, shared=shared)

    def keep_raw(self, name: str, context: dict, parts: tuple = ()) -> int | None:
        """Link the live copy of the file ``name`` (not a page) into staging when what it was made of
        holds: its recorded reads and ``parts``; its size, or None when it must be made."""
        tracer = self._tracer(context)
        self.outcome.raw.add(name)
        try:
            head = ("parts", tracer.digest(parts))
        except Untrackable:
            return None
        entry = self.previous.entries.get(name)
        live = os.path.join(self.live, name)
        # the first dependency of a file not a page is what else it is made of
        if (entry is None or not entry[2] or self.previous.table[entry[2][0]] != head or not _intact(live, entry)
                or not tracer.holds(entry[2][1:], {}, PLAIN_ENV)):
            return None
        _link(live, self._target(name))
        self.outcome.carried.add(name)
        self.outcome.deps[name] = entry[2]
        return entry[0]

    def write_raw(self, name: str, make: Callable[[], bytes], context: dict, parts: tuple = ()) -> int:
        """The file ``name`` (not a page) made by ``make()``, or its live copy kept; its size in bytes.

        ``make`` reads the model objects it needs, recorded as a page's reads are; ``parts``
        is what else it is made of (a card's words, the poll figures a feed shows), by value.
        """
        size = self.keep_raw(name, context, parts)
        if size is not None:
            return size
        tracer = self.tracer
        target = Path(self._target(name))
        try:
            head = ("parts", tracer.digest(parts))
        except Untrackable as exc:
            head = None
            self.outcome.untracked[name] = str(exc)
        with tracer.reading() as recording:
            data = make()
        target.unlink(missing_ok=True)  # a file kept earlier this build is a link to the live one
        target.write_bytes(data)
        self.outcome.made.add(name)
        if recording.problem:
            self.outcome.untracked[name] = recording.problem
        elif head is not None:
            self.outcome.deps[name] = (head, *(self._interned.setdefault(d, d) for d in recording.deps.values()))
        return len(data)

    def _target(self, name: str) -> str:
        """The staging path of ``name``, its folder made (once a build: thousands of files share a few)."""
        target = os.path.join(self.output_path, name)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def _render(self, template, localcontext: dict) -> str:
        name = str(localcontext["output_file"])
        env = template.environment
        self.tracer.patch(env)
        entry = self.previous.entries.get(name)
        live = os.path.join(self.live, name)
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
        # a second write Pelican allows (override): never through the first, which may be a link to the live file
        rewrite = override and filename in self._written_files and filename not in self._overridden_files
        if rewrite:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(filename)
        if (source is None or filename in self._overridden_files
                or filename in self._written_files and not rewrite):
            return super()._open_w(filename, encoding, override)  # with Pelican's checks of writing twice
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        _link(source, filename)
        return open(os.devnull, "w", encoding=encoding)  # the page's "" goes nowhere


class _Traced:
    """The template as the writer renders it: through the ledger."""

    def __init__(self, template, writer: LedgerWriter):
        self.template, self.writer = template, writer

    def render(self, localcontext):
        return self.writer._render(self.template, localcontext)

    def __getattr__(self, name):
        return getattr(self.template, name)


def _intact(live: str | Path, entry: tuple) -> bool:
    try:
        info = os.stat(live)
    except OSError:
        return False
    return info.st_size == entry[0] and info.st_mtime_ns == entry[1]


def _link(source: str | Path, target: str | Path) -> None:
    """``target`` made the same file as ``source``: a hard link, a copy where links are refused."""
    try:
        os.link(source, target)  # refused, writing nothing, when ``target`` exists
        return
    except OSError:
        pass
    # never write through an existing file: it may be a live one
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def keep_index_part(previous: Ledger, live: Path, staging: Path, folder: str, key: str) -> bool:
    """Link the live part ``folder`` of the search index into ``staging`` when it indexed the pages ``key``
    says and its files are untouched; False: make it."""
    found = previous.index.get(folder)
    if found is None or found[0] != key:
        return False
    files = found[1]
    old, new = os.path.join(live, folder), os.path.join(staging, folder)
    if not files or not all(_intact(os.path.join(old, rel), entry) for rel, entry in files.items()):
        return False  # edited, removed or replaced since: index again
    folders = set()
    for rel in files:
        target = os.path.join(new, rel)
        parent = os.path.dirname(target)
        if parent not in folders:  # thousands of files in a few folders
            os.makedirs(parent, exist_ok=True)
            folders.add(parent)
        _link(os.path.join(old, rel), target)
    return True


def settle(outcome: Outcome, site: Listing, head: str, previous: Ledger,
           own: Callable[[str, str], bool] | None = None) -> Ledger:
    """The ledger of the site now live, listed in ``site`` (kernel.listing, taken of the staging folder that
    became it): each tracked page's dependencies and file stat, and each part of the search index with the key
    of the pages it indexed (``own(folder, rel)``: whether ``rel`` in the part's folder is the part's, not a
    part's inside it)."""
    # the staging folder became the live one whole: its files, their inodes and times, are the live ones
    ledger = Ledger(head, scans=outcome.scans)
    numbered = _numbered(outcome.deps, previous)
    ledger.table, ledger.grown = numbered.table, numbered.grown
    for folder, key in outcome.index.items():
        ledger.index[folder] = (key, {})
    for rel, info in site.items():
        if not regular(info):
            continue
        # a part of the index nests inside another (the primary is the bundle itself): try each folder above
        cut = rel.find("/")
        while cut >= 0:
            folder = rel[:cut]
            if folder in ledger.index and (own is None or own(folder, rel[cut + 1:])):
                ledger.index[folder][1][rel[cut + 1:]] = (info.st_size, info.st_mtime_ns)
            cut = rel.find("/", cut + 1)
    ledger.index = {folder: found for folder, found in ledger.index.items() if found[1]}
    for name, numbers in numbered.entries.items():
        info = site.get(name)
        if info is not None:
            ledger.entries[name] = (info.st_size, info.st_mtime_ns, numbers)
    return ledger


@dataclass
class _Numbered:
    table: list[tuple]
    grown: int
    entries: dict[str, array]


def _numbered(deps: dict[str, tuple | array], previous: Ledger) -> _Numbered:
    """Every output's dependencies as numbers in one table: the last ledger's table, with the dependencies
    recorded this build added; made anew of the used ones only once it has grown by half."""
    table = previous.table  # kept outputs' numbers stay valid: the table only grows
    grown = previous.grown
    fresh = not table  # a first table holds only what this build's outputs use
    numbers: dict[tuple, int] | None = None
    entries: dict[str, array] = {}
    for name, found in deps.items():
        if isinstance(found, array):
            entries[name] = found
            continue
        if numbers is None:  # only a build that made something adds to the table
            table = list(table)
            numbers = {dep: number for number, dep in enumerate(table)}
        row = array("I")
        for dep in found:
            number = numbers.get(dep)
            if number is None:
                number = numbers[dep] = len(table)
                table.append(dep)
                grown += not fresh
            row.append(number)
        entries[name] = row
    if grown * 2 > len(table):
        return _compacted(table, entries)
    return _Numbered(table, grown, entries)


def _compacted(table: list[tuple], entries: dict[str, array]) -> _Numbered:
    renumber: dict[int, int] = {}
    compact: list[tuple] = []
    rows = {}
    for name, row in entries.items():
        new = array("I")
        for number in row:
            found = renumber.get(number)
            if found is None:
                found = renumber[number] = len(compact)
                compact.append(table[number])
            new.append(found)
        rows[name] = new
    return _Numbered(compact, 0, rows)


def counts(site: Listing, staging: Path, final: Path, outcome: Outcome) -> tuple[int, int]:
    """(files written anew, files unchanged) of the site in ``staging`` (listed in ``site``) against the live
    one at ``final``.

    Files kept by the ledger are unchanged, files it had made anew are written; any other
    file (a copied image, the search index) counts as unchanged when its bytes equal the
    live file's.
    """
    written = unchanged = 0
    kept, made = outcome.carried, outcome.rendered | outcome.made
    for rel, info in site.items():
        if rel in made:
            written += 1
        elif rel in kept:
            unchanged += 1
        elif _same_bytes(os.path.join(final, rel), info, os.path.join(staging, rel)):
            unchanged += 1
        else:
            written += 1
    return written, unchanged


def _same_bytes(old: str, info: os.stat_result, new: str) -> bool:
    """Whether ``old`` and ``new`` (whose stat is ``info``) are regular files of the same bytes (one file linked
    twice: read neither)."""
    try:
        a = os.stat(old)
        if not (stat.S_ISREG(a.st_mode) and stat.S_ISREG(info.st_mode)) or a.st_size != info.st_size:
            return False
        if (a.st_ino, a.st_dev) == (info.st_ino, info.st_dev):  # the live search index, linked into staging
            return True
        return filecmp.cmp(old, new, shallow=False)
    except OSError:
        return False


__all__ = ["CLOCK_NAMES", "NAME", "Ledger", "LedgerWriter", "Outcome", "counts", "head_digest",
           "keep_index_part", "ledger_cache", "ledger_name", "read", "registry", "settle", "write", "writer_class"]
