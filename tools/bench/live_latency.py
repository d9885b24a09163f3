"""How long a talk edit takes to reach the page livereload serves: edit, then poll the page until it changes.

``measure`` starts the livereload server (recap_build/livesite.py, its warm build worker)
on a site in a process of its own, waits for its first build, asks which page to watch
(``archive_talk``: the talk page of one meetup, found from that meetup's served
programme; the sample's own talk page), rewords the talk and fetches the page every
50 ms until it is different; then again, EDITS times in all, each edit SETTLE seconds after
the worker answered for the one before.  The median is the figure (an author edits many times in one
session); the first edit after the worker started is reported beside it.  The seconds from the write to the changed
page are the latency; the worker's own answer for that rebuild (its Outcome: seconds,
files rendered and carried, peak memory) comes back as a JSON line from the server
process, never from its log text.
"""

from __future__ import annotations

import json
import posixpath
import queue
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tools.bench.site_build import ROOT, Archive, child_env, edit_one_talk, files_said, overrides

POLL = 0.05  # seconds between two fetches of the page
EDITS = 3  # edits timed onto the page, one after another; the median is reported
# seconds between a rebuild's answer and the next edit, as an author's edits are apart: the worker collects the
# rebuild's garbage once it has answered (0.2 s at 1,200 events), which an edit at once would wait for
SETTLE = 1.0
WAIT = 3600.0  # seconds the first build or one edit may take before the measurement gives up


@dataclass
class Live:
    ok: bool
    seconds: float = 0.0  # from an edit written to the changed page served: the median over the edits
    rebuild_seconds: float = 0.0  # the worker's build, as it answered: the median over the edits
    figures: dict = field(default_factory=dict)  # the last build's BuildResult.figures
    peak_mib: float = 0.0  # the worker's high-water mark after the last build
    errors: list[str] = field(default_factory=list)
    each: tuple[float, ...] = ()  # every edit onto the page, in order: the first after the worker started

    def line(self, plain_seconds: float, site: str = "") -> str:
        said = f"{site + ' ' if site else ''}livereload, one talk edited"
        if not self.ok:
            return f"{said}: FAILED: {' | '.join(self.errors)}"
        files = files_said(self.figures)
        ratio = self.seconds / plain_seconds if plain_seconds else float("nan")
        digits = 1 if self.seconds >= 1 else 2  # a small site's edit takes a fraction of a second
        return (f"{said}: on the served page after {self.seconds:.{digits}f} s = {ratio:.2f}x plain "
                f"Pelican (the median of {len(self.each)} edits, the first {self.each[0]:.{digits}f} s; the "
                f"worker's rebuild {self.rebuild_seconds:.{digits}f} s, files rendered/carried {files}, "
                f"worker peak {self.peak_mib:.0f} MiB)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def served_path(page_path: str, href: str) -> str:
    """The path on the server of a link ``href`` (relative, or absolute with any SITEURL) found on the page at
    ``page_path``: a page's file as it is, a folder with its slash."""
    target = posixpath.normpath(urllib.parse.urlsplit(urllib.parse.urljoin(f"http://server{page_path}", href)).path)
    return target if target.endswith(".html") else target + "/"


def _talk_path(event_page: bytes, event_path: str) -> str:
    """The first talk of the event's served programme, as a path on the server."""
    from lxml import html

    links = "//ol[contains(@class, 'programme')]//a[contains(@class, 'title')]/@href"
    return served_path(event_path, html.fromstring(event_page).xpath(links)[0])


Watched = Callable[[str], tuple[str, Callable[[], object]]]  # the server's address -> (page path, its edit)


def archive_talk(archive: Archive) -> Watched:
    """The first talk of the meetup two thirds into ``archive`` (not one the fresh-process edits touched) and
    the rewording of its abstract."""
    name = archive.events[2 * len(archive.events) // 3]

    def watched(base: str) -> tuple[str, Callable[[], object]]:
        event_path = f"/events/{name}/"
        return _talk_path(wait_for(base + event_path), event_path), lambda: edit_one_talk(archive, name)

    return watched


def measure(job: dict, watched: Watched, edits: int = EDITS) -> Live:
    """Serve ``job``'s site with livereload, make the edit ``watched`` names ``edits`` times, and time each onto
    its served page."""
    port = _free_port()
    answers: queue.Queue = queue.Queue()
    log = (Path(job["cwd"]) / "livereload.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "tools.bench.live_latency", json.dumps(job), str(port)],
                              cwd=job["cwd"], env=child_env(), text=True, stdout=subprocess.PIPE, stderr=log,
                              start_new_session=True)
    threading.Thread(target=lambda: [answers.put(json.loads(line)) for line in server.stdout], daemon=True).start()
    try:
        first = answers.get(timeout=WAIT)
        if not first["ok"]:
            return Live(False, errors=list(first["lines"])[:5])
        base = f"http://127.0.0.1:{port}"
        try:
            talk, edit = watched(base)
        except Exception as exc:  # noqa: BLE001 - the page to watch not found: this measurement fails, not the run
            return Live(False, errors=[f"no page to watch: {type(exc).__name__}: {exc}"])
        seen, rebuilds = [], []
        for number in range(edits):
            if number:
                time.sleep(SETTLE)
            before = wait_for(base + talk)
            edit()
            began = time.perf_counter()
            while _get(base + talk) in (None, before):
                if time.perf_counter() - began > WAIT:
                    return Live(False, errors=[f"{talk} did not change within {WAIT:.0f} s"])
                time.sleep(POLL)
            seen.append(time.perf_counter() - began)
            rebuilt = answers.get(timeout=WAIT)  # the next edit waits for this one's build to be answered
            if not rebuilt["ok"]:
                return Live(False, errors=list(rebuilt["lines"])[:5])
            rebuilds.append(rebuilt["seconds"])
        return Live(True, statistics.median(seen), statistics.median(rebuilds), rebuilt.get("figures", {}),
                    rebuilt["peak_mib"], each=tuple(seen))
    except queue.Empty:
        return Live(False, errors=[f"the livereload server did not answer within {WAIT:.0f} s (see livereload.log)"])
    finally:
        _stop(server)
        log.close()


def wait_for(url: str) -> bytes:
    began = time.perf_counter()
    while (page := _get(url)) is None:
        if time.perf_counter() - began > WAIT:
            raise queue.Empty
        time.sleep(POLL)
    return page


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # as Ctrl+C: the server stops its worker
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(argv: list[str]) -> None:
    """``python -m tools.bench.live_latency JOB_JSON PORT``: the livereload server, each build's Outcome on stdout."""
    from recap_build.livesite import serve

    job = json.loads(argv[0])

    def answer(outcome) -> None:
        print(json.dumps({**outcome.__dict__, "lines": list(outcome.lines)}), flush=True)

    try:
        serve(Path(job["settings"]), Path(job["output"]), watched=[Path(job["content"]), Path(job["survey"])],
              code=[], plugins=ROOT / "plugins", cwd=Path(job["cwd"]), overrides=overrides(job), port=int(argv[1]),
              log=lambda line: print(line, file=sys.stderr, flush=True), on_build=answer)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
