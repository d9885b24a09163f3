"""What livereload rebuilds on: the operating system's change notifications, sorted into a build or a new worker.

python-livereload finds changes by globbing every watched folder every 0.8 s and comparing
modification times: at 1,200 events that is a walk of thousands of files on the server's own
thread, five times every four seconds, and an edit waits 0.4 s on average before it is even
seen.  watchfiles (the Rust ``notify`` crate: inotify on Linux, FSEvents, ReadDirectoryChangesW)
is told of a change as it happens; its batch is handed on 50 ms after the last change in it.

:class:`Changes` watches the folders recursively, and each watched file through its folder
(editors save by writing a new file and renaming it over the old one, which ends a watch on the
file itself).  A watched folder that does not exist yet is watched through its parent the same
way until it appears, then watched whole.  Its ``on_change(restart)`` is called once per batch:
``restart`` when anything under a code folder changed.  It is also python-livereload's watcher
(:class:`livereload.watcher.Watcher`), one that never asks the browser to reload by itself: the
builder does, after a build that changed the site.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from livereload.watcher import Watcher
from watchfiles import DefaultFilter, watch


class Changes(Watcher):
    """Watch ``watched`` and ``code`` (files and folders); call ``on_change(restart)`` for each batch of changes."""

    def __init__(self, watched: Iterable[Path], code: Iterable[Path], on_change: Callable[[bool], None]):
        super().__init__()
        self.watched = [Path(path).absolute() for path in watched]
        self.code = [Path(path).absolute() for path in code]
        self.on_change = on_change
        self._stop = threading.Event()
        self._replan = threading.Event()  # a missing folder appeared (or the watching stops): watch anew
        self._threads: list[threading.Thread] = []

    # -- python-livereload's watcher interface ------------------------------------------------

    def start(self, callback) -> bool:
        """True: python-livereload does not poll; this watcher began in :meth:`begin`."""
        return True

    def examine(self):
        return None, None  # nothing for python-livereload to reload by itself

    # -- the watching ----------------------------------------------------------------------------

    def begin(self) -> None:
        thread = threading.Thread(target=self._run, name="recap-watch", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._replan.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._replan.clear()
            folders = self._folders()
            # each watched file, and each folder not there yet, is watched by name through its parent
            named = [path for path in self.watched + self.code if path not in folders]
            parents = sorted({path.parent for path in named if path.parent.is_dir()})
            threads = [threading.Thread(target=self._watch, args=(sorted(folders), True, DefaultFilter(), folders),
                                        daemon=True),
                       threading.Thread(target=self._watch, args=(parents, False, _Named(named), folders),
                                        daemon=True)]
            for thread in threads:
                thread.start()
            self._replan.wait()
            for thread in threads:
                thread.join(timeout=10)

    def _folders(self) -> set[Path]:
        return {path for path in self.watched + self.code if path.is_dir()}

    def _watch(self, roots: list[Path], recursive: bool, accept, planned: set[Path]) -> None:
        if not roots:
            return
        try:
            for batch in watch(*roots, watch_filter=accept, recursive=recursive, stop_event=self._replan, step=50,
                               rust_timeout=500, raise_interrupt=False):
                self.on_change(any(_under(Path(path), self.code) for _change, path in batch))
                if self._folders() != planned:  # a watched folder appeared or went: watch what is there now
                    self._replan.set()
        except FileNotFoundError:  # a folder went between the plan and its watch
            self._stop.wait(0.2)
            self._replan.set()


class _Named:
    """A watchfiles filter passing only the changes of the named paths (files in a folder watched flat)."""

    def __init__(self, paths: list[Path]):
        self.paths = {os.fspath(path) for path in paths}

    def __call__(self, _change, path: str) -> bool:
        return path in self.paths


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


__all__ = ["Changes"]
