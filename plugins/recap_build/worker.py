"""One long-lived build process for livereload: what a rebuild needs stays in memory between rebuilds.

A rebuild in the process that serves the site would keep the plugin code it imported first
while the caches on disk are keyed by the code now on disk; a fresh process per rebuild
would import Pelican, Markdown, pandas and matplotlib again and read every cache again.
The worker is one process per version of the code: ``livesite`` starts it, asks it for a
build whenever content, polls, theme or settings change, and replaces it by a new process
when anything under plugins/ changes.

The process (``python -m recap_build.worker SETTINGS OUTPUT [OVERRIDES_JSON]``) reads one
request per line on stdin and answers one JSON line per request on its stdout; anything
the build itself prints goes to stderr.  End of input ends it.

    request   {"force": false}
    answer    {"ok", "up_to_date", "lines" (one per problem), "figures", "seconds", "peak_mib", "pid"}

What stays warm is the imported code (Pelican, Markdown, Jinja, pandas, matplotlib and
the plugins, imported once per worker; the site's plugins when it starts) and :class:`Warm`: the settings file and
overrides, the number of builds, the last BuildResult, and ``memory``.  ``memory`` is
the hook for an incremental build: :func:`rebuild` is the one place that calls
``recap_build.build.build()``, so a build that can use state kept in memory takes it as
one keyword (``build(..., memory=warm.memory)``) and keeps there, under its own name,
what it would otherwise read from the cache folder again (``memory["ledger"]``: the
output keys of the last build; ``memory["parsed"]``: parsed sources by digest).  What a
build keeps there may only save work: the output stays byte for byte what a fresh
process builds from the same inputs (tests/site/test_build_worker.py), and it is never
trusted across a change of code, because such a change starts a new worker.  Today
``build()`` takes no such keyword and ``memory`` stays empty.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Warm:
    """What one worker process keeps from one rebuild to the next (see the module docstring)."""

    settings_file: Path
    output: Path
    overrides: dict = field(default_factory=dict)
    builds: int = 0
    last: object = None  # the previous BuildResult
    memory: dict = field(default_factory=dict)  # owner's name -> what that owner keeps between builds


@dataclass(frozen=True)
class Outcome:
    """One rebuild as the worker reports it."""

    ok: bool
    up_to_date: bool = False
    lines: tuple[str, ...] = ()  # one line per problem (file:line:column: message), or the worker's last words
    figures: dict = field(default_factory=dict)  # BuildResult.figures: charts drawn, files rendered and carried
    seconds: float = 0.0  # the build inside the worker
    peak_mib: float = 0.0  # the worker's resident high-water mark
    pid: int = 0


def rebuild(warm: Warm, force: bool = False) -> Outcome:
    """One build with ``warm``'s settings, as ``invoke build`` runs it (``force``: as ``--force``)."""
    from recap_build.build import build

    began = time.perf_counter()
    result = build(warm.settings_file, warm.output, warm.overrides, if_changed=not force, detach_cleanup=True)
    warm.builds += 1
    warm.last = result
    return Outcome(result.ok, result.up_to_date, tuple(str(line) for line in [*result.problems, *result.errors]),
                   dict(result.figures), time.perf_counter() - began, peak_mib(), os.getpid())


def peak_mib(pid: int | str = "self") -> float:
    """A process's resident high-water mark in MiB (VmHWM; 0 where /proc does not say)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def serve_requests(warm: Warm, requests, answers) -> None:
    """Answer each request line of ``requests`` with one JSON line on ``answers`` until end of input."""
    uncollected = 0  # rebuilds whose garbage is still there
    for line in requests:
        if not line.strip():
            continue
        outcome = rebuild(warm, bool(json.loads(line).get("force")))
        answers.write(json.dumps(outcome.__dict__) + "\n")
        answers.flush()
        # a build collects cyclic garbage rarely (build._fewer_collections), and a worker left idle allocates
        # nothing that would start a collection: each rebuild's model stayed until the next ones were done,
        # and the worker's peak grew by the size of a build every rebuild (265, 377, 490, 594 MiB over four
        # talk edits at 1,200 events).  Collected once the answer is out (0.2 s at that size), unless the next
        # request is already waiting: then after that one, so no build ever runs beside two builds' garbage.
        uncollected += 1
        if uncollected > 1 or not _waiting(requests):
            gc.collect()
            uncollected = 0


def _waiting(requests) -> bool:
    """Whether the next request can be read at once (a pipe with data in it); False where that cannot be told."""
    try:
        ready, _, _ = select.select([requests], [], [], 0)
    except (OSError, ValueError, TypeError):  # not a file (a list in tests), or a pipe select cannot watch
        return False
    return bool(ready)


def main(argv: list[str]) -> int:
    """The worker process: answers go to the original stdout, everything else printed goes to stderr."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    overrides = json.loads(argv[2]) if len(argv) > 2 else {}
    try:
        import recap_build.build  # noqa: F401  (imported before the first request: a broken plugin is said at once)

        # the site's plugins too: the first rebuild of a fresh worker would import them (60 ms of the sample's
        # 0.26 s talk edit, against 0.18 s for the next)
        _import_plugins(Path(argv[0]), overrides)
    except SyntaxError as exc:  # an edit under plugins/ the author is still typing
        answers.write(json.dumps({"ok": False, "lines": [f"{exc.filename}:{exc.lineno or 0}:{exc.offset or 0}: "
                                                         f"{exc.msg}"], "pid": os.getpid()}) + "\n")
        return 1
    except Exception as exc:  # a plugin that raises while it is imported: where, and that it is a bug
        where = traceback.extract_tb(exc.__traceback__)[-1]
        line = (f"{where.filename}:{where.lineno or 0}:0: the plugins do not import (a bug in a plugin, not in the "
                f"input files): {type(exc).__name__}: {exc}")
        answers.write(json.dumps({"ok": False, "lines": [line], "pid": os.getpid()}) + "\n")
        return 1
    answers.write(json.dumps({"ok": True, "pid": os.getpid()}) + "\n")
    answers.flush()
    serve_requests(Warm(Path(argv[0]), Path(argv[1]), overrides), sys.stdin, answers)
    return 0


def _import_plugins(settings_file: Path, overrides: dict) -> None:
    """Import the plugins the settings name, as Pelican finds them, when that is silent.

    What a build is told while it imports its plugins is its problem ("Cannot load plugin", a plugin
    that logs an error when imported): `invoke build` fails on it.  So the records of these imports are
    held back, and when any was an error, the plugins imported here are forgotten again, for the first
    build to import them and be told; settings that do not load are left for the build to report.
    """
    from kernel.problems import InputError
    from pelican.plugins._utils import load_plugins  # what Pelican.init_plugins imports them with

    from recap_build.build import load_settings

    try:
        settings = load_settings(settings_file, overrides)
    except InputError:
        return
    held = _Held()
    root = logging.getLogger()
    shown = root.handlers[:]
    root.handlers = [held]  # as a build's collector, on the root logger
    before = set(sys.modules)
    try:
        load_plugins(settings)
    finally:
        root.handlers = shown
    if held.errors:
        # a plugin package imported here whole is forgotten whole; one of which a part was imported before (the
        # build imports meetup's page scans) is kept, or its parts would be imported twice, as two copies
        named = [plugin for plugin in settings.get("PLUGINS") or () if isinstance(plugin, str)]
        packages = {package for plugin in named
                    for package in (plugin.split(".", 1)[0], f"pelican.plugins.{plugin}") if package not in before}
        for module in set(sys.modules) - before:
            if any(module == package or module.startswith(package + ".") for package in packages):
                del sys.modules[module]


class _Held(logging.Handler):
    """Log records kept from being shown; whether any was an error."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.errors = 0

    def emit(self, record) -> None:
        self.errors += 1


class Worker:
    """The parent's handle on one worker process at a time: start, build, restart with new code, stop."""

    def __init__(self, settings_file: Path, output: Path, overrides: dict | None = None, *,
                 plugins: Path, cwd: Path):
        self.command = [sys.executable, "-m", "recap_build.worker", str(settings_file), str(output),
                        json.dumps(overrides or {})]
        paths = [str(plugins), str(cwd), os.environ.get("PYTHONPATH", "")]
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
        self.cwd = cwd
        self.process: subprocess.Popen | None = None
        self.broken: Outcome | None = None  # why the current code could not start
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> None:
        """A new process with the code now on disk (the old one, if any, is stopped first)."""
        self.stop()
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, text=True, encoding="utf-8",
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        hello = self._answer()
        self.broken = None if hello.ok else hello

    def build(self, force: bool = False) -> Outcome:
        """One rebuild in the worker; a worker that died is started again once with the code on disk."""
        with self._lock:
            if self.process is None or self.process.poll() is not None:
                self.start()
            if self.broken:
                return self.broken
            try:
                self.process.stdin.write(json.dumps({"force": force}) + "\n")
                self.process.stdin.flush()
            except OSError:
                pass  # it died: _answer says so
            return self._answer()

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()

    def _answer(self) -> Outcome:
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait()
            return Outcome(False, lines=(f"the build worker stopped (exit code {code}); see the lines above",),
                           pid=self.process.pid)
        data = json.loads(line)
        data["lines"] = tuple(data.get("lines", ()))
        return Outcome(**data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
