"""``invoke livereload``: serve the site, rebuild it in a warm worker on every change, reload the browser.

python-livereload serves the output folder (injecting its LiveReload script); the operating
system's change notifications (recap_build/watching.py) say what changed.  A change of content,
polls, theme or settings asks the worker
(recap_build/worker.py) for a build; a change under a code folder (plugins/) first replaces
the worker by a new process, so the new code runs.  Builds happen on a thread of their own, so
the server keeps answering with the last good site while one runs; browsers are told to
reload only after a build that succeeded and changed the output.  A failed build prints one
line per problem and leaves the site as it was.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from .watching import Changes
from .worker import Outcome, Worker


class Builder:
    """One build at a time on a thread; changes that arrive during a build are folded into the next one."""

    def __init__(self, worker: Worker, reload, log=print, on_build=None):
        self.worker = worker
        self.reload = reload  # called (from this thread) after a build that changed the site
        self.log = log
        self.on_build = on_build  # called with every build's Outcome (the benchmark reads them)
        self._wanted = threading.Condition()
        self._pending = False
        self._restart = False
        self._thread = threading.Thread(target=self._run, name="recap-builder", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self, restart: bool = False) -> None:
        with self._wanted:
            self._pending = True
            self._restart = self._restart or restart
            self._wanted.notify()

    def build_now(self) -> Outcome:
        """The first build, before the server starts."""
        return self._report(self.worker.build())

    def _run(self) -> None:
        while True:
            with self._wanted:
                self._wanted.wait_for(lambda: self._pending)
                restart, self._pending, self._restart = self._restart, False, False
            if restart:
                self.worker.start()
                self.log(f"Plugins changed: started a new build worker (pid {self.worker.pid}).")
            outcome = self._report(self.worker.build())
            if outcome.ok and not outcome.up_to_date:
                self.reload()

    def _report(self, outcome: Outcome) -> Outcome:
        if not outcome.ok:
            for line in outcome.lines:
                print(line, file=sys.stderr)
            print("Build failed; still serving the last good site.", file=sys.stderr)
        elif outcome.up_to_date:
            self.log("Nothing changed in what the site is made of; nothing rebuilt.")
        else:
            self.log(f"Rebuilt in {outcome.seconds:.1f} s{_counts(outcome.figures)}.")
        if self.on_build:
            self.on_build(outcome)
        return outcome


# (figure, what it counts) in BuildResult.figures: the files an incremental build wrote and carried over
COUNTS = (("files_written", "files written"), ("files_unchanged", "unchanged"))


def _counts(figures: dict) -> str:
    said = [f"{figures[key]:,} {label}" for key, label in COUNTS if isinstance(figures.get(key), int)]
    return f" ({', '.join(said)})" if said else ""


def serve(settings_file: Path, output: Path, *, watched: list[Path], code: list[Path], plugins: Path, cwd: Path,
          overrides: dict | None = None, host: str = "127.0.0.1", port: int = 8000, log=print,
          on_build=None) -> None:
    """Build, then serve ``output`` at ``host:port`` until interrupted, rebuilding on every change.

    ``watched``: files and folders whose change means a rebuild; ``code``: those whose change
    means a new worker first.  ``plugins`` is the folder the worker imports the build from.
    ``on_build`` is called with each build's :class:`~recap_build.worker.Outcome`.
    """
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    loop = IOLoop.current()  # the loop server.serve() runs; builds finish on another thread
    worker = Worker(settings_file, output, overrides, plugins=plugins, cwd=cwd)
    builder = Builder(worker, lambda: loop.add_callback(LiveReloadHandler.reload_waiters), log, on_build)
    changes = Changes(watched, code, lambda restart: builder.request(restart=restart))
    try:
        changes.begin()  # before the first build: an edit made while it runs is built next
        builder.build_now()
        builder.start()
        server = Server(watcher=changes)
        output.mkdir(parents=True, exist_ok=True)  # a first build that failed: serve an empty site until one works
        log(f"Build worker pid {worker.pid}; serving {output} at http://{host}:{port}/ (Ctrl+C stops)")
        server.serve(host=host, port=port, root=str(output))
    finally:
        changes.stop()
        worker.stop()
