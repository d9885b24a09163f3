"""`invoke livereload` on a copy of a small site: edits reach the served page, plugin edits start a new worker.

Each test copies the project's tasks.py, settings, theme and plugins beside a small site
(tests/data/livereload/site) into a temporary folder and runs `invoke livereload` there on
a free port of 127.0.0.1, as an author would in their checkout.  The bounds are generous
(a loaded 2-core machine); the benchmark measures the latency (`invoke bench`).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import html

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "tests" / "data" / "livereload" / "site"
TALK = "content/talks/warm-worker.md"
TALK_PAGE = "talks/warm-worker/"
FIRST_BUILD = 180.0  # seconds: the first build imports everything and draws the charts
CHANGE = 90.0  # seconds an edit may take to reach the served page


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Live:
    """A running `invoke livereload`: its folder, address and every line it printed (stdout and stderr)."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "invoke"), "livereload", "--port", str(self.port)], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()

    def wait_for_line(self, pattern: str, after: int = 0, timeout: float = CHANGE) -> re.Match:
        """The first line matching ``pattern`` printed after the first ``after`` lines."""
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                for line in self.lines[after:]:
                    found = re.search(pattern, line)
                    if found:
                        return found
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no line matching {pattern!r}; it printed:\n" + "\n".join(self.lines))
                self._seen.wait(min(left, 1.0))

    def wait_until_served(self, path: str, timeout: float = CHANGE) -> None:
        deadline = time.monotonic() + timeout
        while self.get(path) is None:
            assert time.monotonic() < deadline, f"{path} was not served within {timeout} s"
            time.sleep(0.1)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            return None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # as Ctrl+C in its terminal
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def abstract(page: str | None) -> str:
    """The talk's abstract as a reader sees it (the talk page's body text)."""
    tree = html.fromstring(page)
    return " ".join(" ".join(tree.xpath("//main//p//text()")).split())


def poll_until_changed(live: Live, path: str, before: str, timeout: float = CHANGE) -> tuple[str, float]:
    """The served page once its text differs from ``before``, and the seconds that took."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        page = live.get(path)
        if page is not None and abstract(page) != before:
            return abstract(page), time.monotonic() - began
        time.sleep(0.2)
    raise AssertionError(f"{path} did not change within {timeout} s; livereload printed:\n" + "\n".join(live.lines))


def process_exists(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


@pytest.fixture
def live(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy2(ROOT / name, root / name)
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    server = Live(root)
    try:
        server.wait_for_line(r"Build worker pid \d+; serving", timeout=FIRST_BUILD)
        server.wait_until_served(TALK_PAGE)  # the line is printed just before the server listens
        yield server
    finally:
        server.stop()


def test_an_edited_talk_is_on_the_served_page_without_restarting_the_server(live):
    before = abstract(live.get(TALK_PAGE))
    talk = live.root / TALK
    talk.write_text(talk.read_text("utf-8").replace("The first version", "The reworded version"), "utf-8")

    after, seconds = poll_until_changed(live, TALK_PAGE, before)

    assert "The first version of this abstract." in before
    assert "The reworded version of this abstract." in after
    assert seconds < CHANGE
    assert live.process.poll() is None


def test_a_plugin_edit_starts_a_new_build_worker(live):
    first = int(live.wait_for_line(r"Build worker pid (\d+)").group(1))
    printed = len(live.lines)
    code = live.root / "plugins" / "recap_build" / "swap.py"
    code.write_text(code.read_text("utf-8") + "\n# edited while livereload runs\n", "utf-8")

    second = int(live.wait_for_line(r"started a new build worker \(pid (\d+)\)", after=printed).group(1))
    live.wait_for_line(r"^Rebuilt in", after=printed)

    assert second != first
    assert process_exists(second)
    assert not process_exists(first)


def test_a_content_edit_keeps_the_same_build_worker(live):
    first = int(live.wait_for_line(r"Build worker pid (\d+)").group(1))
    printed = len(live.lines)
    talk = live.root / TALK
    talk.write_text(talk.read_text("utf-8").replace("The first version", "Another version"), "utf-8")

    live.wait_for_line(r"^Rebuilt in", after=printed)

    assert not any("new build worker" in line for line in live.lines[printed:])
    assert process_exists(first)


def test_a_broken_edit_prints_one_line_per_problem_and_keeps_serving_the_last_good_site(live):
    before = abstract(live.get(TALK_PAGE))
    printed = len(live.lines)
    talk = live.root / TALK
    talk.write_text(talk.read_text("utf-8").replace("speakers:", "speakrs:").replace("first version", "broken"),
                    "utf-8")

    problem = live.wait_for_line(rf"^{re.escape(TALK)}:\d+:\d+: .*speakrs", after=printed)
    live.wait_for_line(r"^Build failed; still serving the last good site\.", after=printed)

    assert problem.string == f"{TALK}:4:1: unknown key 'speakrs' (did you mean 'speakers'?)"
    assert not any("Traceback" in line for line in live.lines)
    assert abstract(live.get(TALK_PAGE)) == before
