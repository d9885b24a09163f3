"""Build the site in-process into a temporary folder, then swap it into place.

A failed build (bad content, bad poll data, a template error) leaves the previous
output untouched and reports one line per problem, never a traceback.  A build
asked to run only ``if_changed`` does nothing when the output is up to date with
its inputs (see freshness.py).
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import logging
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kernel import listing
from kernel.problems import InputError, Problem, display_path
from kernel.survey_path import survey_folder
from meetup import page_scan, search, search_parts, sitemap
from pelican import Pelican, signals
from pelican.settings import read_settings

from . import freshness, ledger, swap

BUSY = "another build is running in this folder"
INTERNAL = "internal error (a bug in a plugin or a template, not in the input files)"
LOCK_WAIT = 3.0  # seconds a second build waits for the first before it gives up
GC_THRESHOLD = (100_000, 50, 100)  # objects made between collections, and how often the older generations go


@dataclass
class BuildResult:
    ok: bool
    output: Path
    problems: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # logged errors from Pelican itself
    up_to_date: bool = False  # nothing was built: the output already matched the inputs
    figures: dict = field(default_factory=dict)  # what the generators report, e.g. charts_rendered


class _ErrorCollector(logging.Handler):
    """Pelican logs some failures (a page it could not read) instead of raising; count them."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []
        self.problems: list[Problem] = []

    def emit(self, record):
        # Pelican logs "Could not process <file>" from inside its except block without the
        # exception; when that exception is our own input error, keep its file:line:column lines.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        found = error.problems if isinstance(error, InputError) else []
        if found:
            self.problems += found
        else:
            self.messages.append(record.getMessage().splitlines()[0])


def load_settings(settings_file: Path, overrides: dict | None = None) -> dict:
    """Pelican's settings from ``settings_file``; a broken file is an InputError pointing into it."""
    try:
        return read_settings(str(settings_file), override=overrides or {})
    except SyntaxError as exc:  # a typo in the settings file: point at it like any other input
        problem = Problem(str(exc.filename or settings_file), exc.lineno or 0, exc.offset or 0, exc.msg)
    except Exception as exc:  # the settings module raised while running
        problem = Problem(str(settings_file), 0, 0, f"{type(exc).__name__}: {exc}")
    raise InputError(problem)


def build(settings_file: Path, output: Path | None = None, overrides: dict | None = None, *,
          if_changed: bool = False, now: dt.datetime | None = None, detach_cleanup: bool = False) -> BuildResult:
    """Build with ``settings_file``; on success ``output`` holds the new site, else the old one.

    With ``if_changed``, an output folder that is up to date with every input (as of
    ``now``, default the clock) is left alone and the result says ``up_to_date``.
    With ``detach_cleanup`` the replaced output is deleted in the background.
    """
    try:
        settings = load_settings(settings_file, overrides)
    except InputError as exc:
        return BuildResult(False, Path(output or "output"), problems=exc.problems)
    final = _absolute(Path(output or settings["OUTPUT_PATH"]))
    cache = Path(settings["CACHE_PATH"])
    try:
        with swap.build_lock(freshness.lock_path(cache, final), LOCK_WAIT), _fewer_collections():
            return _build_locked(settings_file, settings, final, cache, overrides, if_changed, now, detach_cleanup)
    except swap.Busy:
        return BuildResult(False, final, errors=[BUSY])
    except swap.NoLock as exc:
        blocked = _writable(cache, cache, "the cache")  # the same line as any cache folder that cannot be written
        if blocked:
            return BuildResult(False, final, problems=[blocked])
        return BuildResult(False, final, errors=[str(exc)])
    finally:
        _forget_pelicans_memos()


def _forget_pelicans_memos() -> None:
    """Empty the caches of Pelican's memoized methods (``Content.get_content``, ``get_summary``).

    They are dicts of the class, keyed by (page, site URL): every page of every build stays in them, and through
    its context the build's whole model, for as long as the process lives.  The livereload worker grew by a
    build's worth every rebuild (1.2 MB for the sample site); nothing of them serves another build, whose pages
    are new objects.
    """
    from pelican import contents
    from pelican.utils import memoized

    for cls in vars(contents).values():
        if isinstance(cls, type):
            for value in vars(cls).values():
                if isinstance(value, memoized):
                    value.cache.clear()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while a build runs.

    A build makes millions of objects that live until it ends (the model, the parsed sources, the ledger's
    table); with the default thresholds the collector walks them over a thousand times a build: 0.8 s of a
    6.4 s talk edit at 1,200 events, 1.3 s of the same edit in the livereload worker.  Peak memory stays the
    same (a collection still runs every GC_THRESHOLD[0] new objects).
    """
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _absolute(output: Path) -> Path:
    """``output`` made absolute; a link is followed unless it is the fallback swap's own link."""
    kept = output.absolute().parent.resolve() / output.name
    return kept if swap.link_target(kept) or not kept.is_symlink() else kept.resolve()


def _build_locked(settings_file: Path, settings: dict, final: Path, cache: Path, overrides: dict | None,
                  if_changed: bool, now: dt.datetime | None, detach_cleanup: bool) -> BuildResult:
    stamp_file = freshness.stamp_path(cache, final)
    roots = freshness.input_roots(settings, settings_file, survey_folder(settings))
    inputs = freshness.inputs_digest(settings, roots, skip=[final, cache])
    if if_changed and freshness.up_to_date(freshness.read_stamp(stamp_file), inputs,
                                           lambda: freshness.output_digest(final), now or dt.datetime.now(dt.UTC)):
        return BuildResult(True, final, up_to_date=True)

    unwritable = [p for p in (_writable(final.parent, final, "the site"), _writable(cache, cache, "the cache")) if p]
    if unwritable:
        return BuildResult(False, final, problems=unwritable)
    # a staging folder no live build holds is from a build that was killed
    for folder in swap.stale(final):
        _discard(folder, final, detach_cleanup)
    staging, framed = swap.staging_folder(final)
    try:
        with swap.claimed(staging):
            return _build_into(staging, final, settings_file, overrides, detach_cleanup, stamp_file, inputs, framed)
    except _FrameInTheWay:  # once, in a new empty folder: what the last site had there no longer matters
        staging, _ = swap.staging_folder(final, frame=False)
        with swap.claimed(staging):
            return _build_into(staging, final, settings_file, overrides, detach_cleanup, stamp_file, inputs)


class _FrameInTheWay(Exception):
    """A folder of the frame stands where this build writes a file (a page that was a folder of pages)."""


def _build_into(staging: Path, final: Path, settings_file: Path, overrides: dict | None, detach_cleanup: bool,
                stamp_file: Path, inputs: str, framed: bool = False) -> BuildResult:
    """Build into ``staging`` and swap it in; on any failure remove it and leave ``final`` as it was."""
    collector = _ErrorCollector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    expiry: list[dt.datetime] = []
    seen: list = []

    def note_expiry(generators):
        seen.extend(generators)
        expiry.extend(g.valid_until for g in generators if getattr(g, "valid_until", None))

    signals.all_generators_finalized.connect(note_expiry)
    outcome = ledger.Outcome()
    ledger_name = ledger.ledger_name(stamp_file.stem)  # one per output folder, named like its stamp

    def get_writer(_pelican):
        return writer

    signals.get_writer.connect(get_writer)
    try:
        settings = load_settings(settings_file, {**(overrides or {}), "OUTPUT_PATH": str(staging)})
        # the staging folder is new: Pelican must not try to keep or clean anything there
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        ledgers = ledger.ledger_cache(settings)
        head = ledger.head_digest(ledgers, settings)
        # pages whose dependencies did not change are linked from the live site, not rendered
        previous = ledger.read(ledgers, ledger_name, head)
        writer = ledger.writer_class(previous, final, outcome)
        Pelican(settings).run()  # applies every plugin's setting defaults to ``settings``
        if framed:
            _frame_in_the_way_of_static_files(staging, seen)
        # one listing of the finished site serves every step after this; each step adds the files it writes
        folders: list[str] = []
        site = listing.take(staging, folders=folders)
        pages = page_scan.scan_pages(staging, site, previous.scans, outcome.scans)
        _write_sitemap(staging, site, pages, settings)
        # before the swap: the new site goes live with its index, made anew only in the parts whose pages changed
        indexed = _index(staging, final, previous, pages, settings["MEETUP_SEARCH_PART_PAGES"], outcome)
        site = {**_outside(site, search.BUNDLE), **listing.take(staging / search.BUNDLE, f"{search.BUNDLE}/", folders)}
        swap.trim(staging, folders, site)  # the frame's folders this build did not fill
    except InputError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        # pages Pelican could not read were logged before the meetup plugin stopped the build
        return BuildResult(False, final, problems=collector.problems + exc.problems)
    except search.SearchIndexError as exc:  # Pagefind's own failure: its last line says why
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, final, errors=[str(exc)])
    except Exception as exc:  # a template or plugin bug: still one line, still no half-written output
        shutil.rmtree(staging, ignore_errors=True)
        if framed and isinstance(exc, IsADirectoryError):
            raise _FrameInTheWay from exc
        # said to be a bug, so nobody hunts for it in their content files
        return BuildResult(False, final, errors=[f"{INTERNAL}: {type(exc).__name__}: {exc}"])
    finally:
        root_logger.removeHandler(collector)
        signals.all_generators_finalized.disconnect(note_expiry)
        signals.get_writer.disconnect(get_writer)
    if collector.messages or collector.problems:
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, final, problems=collector.problems, errors=collector.messages)
    written, unchanged = ledger.counts(site, staging, final, outcome)
    _swap(staging, final, detach_cleanup)  # a rename: the listing's stats are the live files' now
    stamp = freshness.Stamp(inputs, freshness.listing_digest(site), min(expiry, default=None))
    freshness.write_stamp(stamp_file, stamp)
    ledger.write(ledgers, ledger_name, ledger.settle(outcome, site, head, previous, _own_files(indexed)))
    figures = {**_figures(seen), "search_parts": len(outcome.index), "search_parts_indexed": len(indexed.made),
               "files_written": written, "files_unchanged": unchanged,
               "pages_rendered": len(outcome.rendered), "pages_kept": len(outcome.carried - outcome.raw),
               "files_kept": len(outcome.carried & outcome.raw),
               "pages_untracked": len(outcome.untracked), "rendered_paths": sorted(outcome.rendered),
               "made_paths": sorted(outcome.made)}
    return BuildResult(True, final, figures=figures)


@dataclass
class _Indexed:
    parts: list[search_parts.Part]
    made: list[search_parts.Part]


def _frame_in_the_way_of_static_files(staging: Path, generators) -> None:
    """Pelican logs a static file it could not copy as a warning; one that a folder of the frame stood in the
    way of is raised here, as a page's is when it is written."""
    for generator in generators:
        for item in getattr(generator, "staticfiles", None) or ():
            target = staging / item.save_as
            if target.is_dir() and not target.is_symlink():
                raise IsADirectoryError(errno.EISDIR, "a folder of the frame stands here", str(target))


def _write_sitemap(staging: Path, site: listing.Listing, pages: dict[str, page_scan.Scan], settings: dict) -> None:
    for name, data in sitemap.files(pages, settings.get("SITEURL", ""), settings["MEETUP_SITEMAP"]).items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # a file of that name kept from the live site is a link to the live one
        path.write_bytes(data)
        site[name] = path.lstat()


def _outside(site: listing.Listing, folder: str) -> listing.Listing:
    inside = folder + "/"
    return {rel: info for rel, info in site.items() if not rel.startswith(inside)}


def _index(staging: Path, final: Path, previous: ledger.Ledger, pages: dict[str, page_scan.Scan],
           pages_per_part: int, outcome: ledger.Outcome) -> _Indexed:
    """The search index of the pages of ``staging`` (their scans): each part linked from the live site when it
    indexed the same pages, the others made by Pagefind."""
    # Pagefind is required even when every part is kept: a site that builds now builds after any edit
    search.pagefind_command(staging)
    parts = search_parts.plan(search_parts.indexed_pages(pages, search.BUNDLE), search.BUNDLE, pages_per_part)
    if not parts:  # no page at all: Pagefind says so, as it would of any empty site
        search.index_site(staging)
    outcome.index = {part.folder: part.key for part in parts}
    made = [part for part in parts if not ledger.keep_index_part(previous, final, staging, part.folder, part.key)]
    search.index_parts(staging, made)
    search.write_manifest(staging, parts)
    return _Indexed(parts, made)


def _own_files(indexed: _Indexed):
    by_folder = {part.folder: part for part in indexed.parts}
    return lambda folder, rel: search_parts.own_files(by_folder[folder], rel)


def _figures(generators) -> dict:
    """The figures generators report of their work (``figures()``): how many charts were drawn, ..."""
    out: dict = {}
    for generator in generators:
        if callable(getattr(generator, "figures", None)):
            out.update(generator.figures())
    return out


def _writable(folder: Path, shown: Path, what: str) -> Problem | None:
    """A problem when ``folder`` cannot be created or written (a read-only project folder), checked before
    building so a build never fails halfway, or after the swap when it writes its stamp."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as exc:
        return Problem(display_path(shown), 0, 0, f"cannot write {what} here: {exc.strerror or exc}")
    return None


def _swap(staging: Path, final: Path, detach_cleanup: bool = False) -> None:
    """Put ``staging`` in place of ``final`` in one step, so readers never see half a site or none.

    The old output is emptied afterwards and kept as the next build's frame (swap.py);
    with ``detach_cleanup`` by a process of its own, so the caller is not kept waiting
    (removing thousands of files takes seconds on some filesystems).  A folder such a
    process did not finish is swept by the next build.
    """
    staging.chmod(0o755)  # mkdtemp makes it private; a site is for everyone to read
    swap.replace(staging, final)
    for folder in swap.leftovers(final):
        _discard(folder, final, detach_cleanup)


def _discard(folder: Path, final: Path, detach: bool) -> None:
    if folder.is_symlink():  # a link left by a killed fallback swap
        folder.unlink(missing_ok=True)
        return
    if detach:
        try:
            # isolated (-I): the script's own folder, which holds modules named like the standard library's, is
            # not put on the import path
            subprocess.Popen([sys.executable, "-I", swap.__file__, str(folder), str(final)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return
        except OSError:
            pass  # no process to spare: empty it here instead
    swap.make_frame(folder, final)
