"""A generator's pages and files made side by side: the batch split over processes forked from the build.

Rendering a page (or checking that the live one still holds) is pure Python on one
core; a site of thousands of pages spends seconds there.  The build's writer takes
a generator's pages and files as one batch (kernel.outputs.write_batch) and makes them in
``workers`` processes forked once the model and the writer are complete, so each
child has the whole context without pickling it.  Each child renders every
``workers``-th page, writes its files into the staging folder and sends back
what the writer learnt of them (pages rendered or kept, their dependencies, the
files written), which the parent merges into its own writer as if it had
rendered them itself; what a child logged at WARNING or above is logged again
by the parent, and an exception in a child is raised by the parent.

Output stays byte for byte the same: a page is a pure function of the context,
whichever process renders it, and no page reads a file another page writes.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler

from kernel.problems import InputError
from kernel.workers import Forked, fork, worker_count

MIN_PAGES = 64  # fewer pages render in less time than forking takes


@dataclass
class Learnt:
    """What a child's writer learnt of its pages, for the parent's writer."""

    rendered: set[str] = field(default_factory=set)
    made: set[str] = field(default_factory=set)  # files other than pages made anew
    raw: set[str] = field(default_factory=set)  # files other than pages, made or kept
    carried: set[str] = field(default_factory=set)
    deps: dict[str, tuple] = field(default_factory=dict)
    untracked: dict[str, str] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)
    overridden: set[str] = field(default_factory=set)
    records: list[tuple[str, int, str, list]] = field(default_factory=list)  # logger, level, message, problems
    shared: object = None  # what the batch's makers learnt besides files (kernel.outputs.Shared.gather)
    error: BaseException | None = None


def write_batch(writer, pages: Sequence, write: Callable[[object], None], workers: int | None = None,
                shared=None) -> None:
    """Write ``pages`` (pages and other files) with ``write(item)``, in ``workers`` processes (default: one
    per core); ``shared`` (kernel.outputs.Shared) is gathered in each child and merged here."""
    count = min(worker_count(workers), max(1, len(pages) // (MIN_PAGES // 2)))
    if count <= 1 or len(pages) < MIN_PAGES or not hasattr(os, "fork"):
        for page in pages:
            write(page)
        return
    shares = _shares(pages, count)
    before = _snapshot(writer)
    children: list[Forked] = []
    try:
        for share in shares[1:]:
            children.append(fork(lambda share=share: _learn(writer, share, write, before, shared)))
    except BaseException:  # no fork or pipe to spare: the children started are stopped, none writes on
        for child in children:
            child.stop()
        raise
    error: BaseException | None = None
    try:
        for page in shares[0]:
            write(page)
    except BaseException as exc:  # the children are still collected, so none is left behind
        error = exc
    for number, child in enumerate(children):
        try:
            learnt = child.result()
        except Exception as exc:  # the child died before it sent its pages
            learnt = Learnt(error=exc)
        except BaseException:  # interrupted while collecting: the rest are stopped, not left writing
            for later in children[number + 1:]:
                later.stop()
            raise
        _merge(writer, learnt)
        if shared is not None and learnt.error is None:
            shared.merge(learnt.shared)
        error = error or learnt.error
    if error is not None:
        raise error


def _shares(items: Sequence, count: int) -> list[list]:
    """``items`` dealt over ``count`` processes in turn, every item for one file in the share of its first:
    a file written twice meets Pelican's check in one process, as in a build of one process."""
    shares: list[list] = [[] for _ in range(count)]
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        name = getattr(item, "save_as", None) or getattr(item, "name", None) or str(index)
        shares[first.setdefault(name, index % count)].append(item)
    return shares


def _snapshot(writer) -> Learnt:
    outcome = writer.outcome
    return Learnt(set(outcome.rendered), set(outcome.made), set(outcome.raw), set(outcome.carried),
                  written=set(writer._written_files), overridden=set(writer._overridden_files))


def _learn(writer, pages: Sequence, write, before: Learnt, shared=None) -> Learnt:
    """In a child: write ``pages``, and what the writer (and ``shared``) learnt of them since ``before``."""
    learnt = Learnt()
    # the parent logs what the child would have: the console and the build's collector hear it once
    logging.getLogger().handlers[:] = [_Recorder(learnt)]
    try:
        for page in pages:
            write(page)
        if shared is not None:
            learnt.shared = shared.gather()
    except BaseException as exc:
        learnt.error = _portable(exc)
    outcome = writer.outcome
    learnt.rendered = outcome.rendered - before.rendered
    learnt.made = outcome.made - before.made
    learnt.raw = outcome.raw - before.raw
    learnt.carried = outcome.carried - before.carried
    names = learnt.rendered | learnt.made | learnt.carried | learnt.raw
    learnt.deps = {name: outcome.deps[name] for name in names if name in outcome.deps}
    learnt.untracked = {name: outcome.untracked[name] for name in names if name in outcome.untracked}
    learnt.written = set(writer._written_files) - before.written
    learnt.overridden = set(writer._overridden_files) - before.overridden
    return learnt


def _portable(error: BaseException) -> BaseException:
    """``error``, or its words when it cannot cross to the parent (what the pipe would refuse to send)."""
    try:
        ForkingPickler.dumps(error)
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _merge(writer, learnt: Learnt) -> None:
    outcome = writer.outcome
    outcome.rendered |= learnt.rendered
    outcome.made |= learnt.made
    outcome.raw |= learnt.raw
    outcome.carried |= learnt.carried
    outcome.deps.update(learnt.deps)
    outcome.untracked.update(learnt.untracked)
    writer._written_files |= learnt.written
    writer._overridden_files |= learnt.overridden
    for name, level, message, problems in learnt.records:
        if not problems:
            logging.getLogger(name).log(level, "%s", message)
            continue
        # logged while the input error is being handled, as Pelican logs one: the build's collector takes
        # its file:line:column lines from there, and no traceback is printed
        try:
            raise InputError(problems)
        except InputError:
            logging.getLogger(name).log(level, "%s", message)


class _Recorder(logging.Handler):
    """What the child logs at WARNING or above, to be logged again by the parent."""

    def __init__(self, learnt: Learnt):
        super().__init__(level=logging.WARNING)
        self.learnt = learnt

    def emit(self, record):
        # Pelican logs a page it could not write from inside its except block, without the exception
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        problems = list(error.problems) if isinstance(error, InputError) else []
        self.learnt.records.append((record.name, record.levelno, record.getMessage(), problems))


__all__ = ["MIN_PAGES", "Learnt", "write_batch"]
