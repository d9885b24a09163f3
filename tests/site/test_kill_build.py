"""Builds SIGKILLed at random moments: output/ is always a whole site, and the next build recovers.

Each build runs in a process of its own (as ``invoke build`` does) and is killed
without warning, as a crash, the OOM killer or a closed terminal would.  The
moments are drawn from a seeded generator over the length of a real build, so a
failure is repeatable; whatever the moment, output/ must be the whole previous
site (the content does not change, so: byte for byte the good build), and one
more build must leave exactly what a clean build writes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from builtsite import ROOT, SETTINGS, beside

from tools.bench.site_build import Scale, generate

SMALL = ROOT / "tests" / "data" / "site_polls" / "small"
NOW = "2026-11-28T00:00:00+00:00"
KILLS = 8
SEED = 14

# one build, the way the build task runs it, in a process the test can kill
BUILD = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from recap_build.build import build
result = build(Path(sys.argv[2]), Path(sys.argv[3]), json.loads(sys.argv[4]))
sys.exit(0 if result.ok else 1)
"""


def overrides(content: Path, survey: Path, cache: Path, **more) -> dict:
    return {"PATH": str(content), "POLLS_PATH": str(survey), "MEETUP_NOW": NOW, "CACHE_PATH": str(cache),
            "POLLS_CHART_CACHE_DIR": str(cache / "charts"), "POLLS_CHART_PROGRESS": False, **more}


def start(output: Path, settings: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", BUILD, str(ROOT / "plugins"), str(SETTINGS), str(output),
                             json.dumps(settings)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run(output: Path, settings: dict) -> float:
    """Build to the end; the seconds it took."""
    began = time.monotonic()
    build = start(output, settings)
    _, err = build.communicate(timeout=300)
    assert build.returncode == 0, err.decode()
    return time.monotonic() - began


def site(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def assert_whole(output: Path, good: dict[str, bytes]) -> None:
    """output/ is there and is the whole good site: every page of it, each parsing as a page."""
    assert output.is_dir()
    now = site(output)
    assert sorted(now) == sorted(good)
    for rel, data in now.items():
        assert data == good[rel], rel
        if rel.endswith(".html"):
            assert BeautifulSoup(data, "html.parser").find("body") is not None, rel


def test_output_is_always_a_whole_site_and_the_next_build_recovers(tmp_path):
    output = tmp_path / "site" / "output"
    settings = overrides(SMALL / "content", SMALL / "survey", tmp_path / "cache")
    length = run(output, settings)
    good = site(output)
    assert "index.html" in good

    moments = random.Random(SEED)
    for _ in range(KILLS):
        build = start(output, settings)
        try:
            time.sleep(moments.uniform(0.1, length))
        finally:
            build.send_signal(signal.SIGKILL)
            build.wait(timeout=60)
        assert_whole(output, good)

    run(output, settings)
    # killed builds' folders swept: emptied, one of them kept as the next build's frame
    assert beside(output) in (["output"], ["frame", "output"])
    clean = tmp_path / "clean" / "output"
    run(clean, overrides(SMALL / "content", SMALL / "survey", tmp_path / "clean-cache"))
    assert site(output) == site(clean)


def children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # the command name is in parentheses and may hold spaces: fields follow the last ")"
                state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            except (OSError, ValueError, IndexError):
                continue
            if int(ppid) == pid and state != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc to find a build's worker processes")
def test_chart_workers_end_when_their_build_is_killed(tmp_path):
    # 8 groups of two polled meetups draw 120 trend and attendance charts: enough for a pool of two
    # workers (the sample site's results are HTML figures now, leaving it too few charts for a pool)
    archive = generate(tmp_path / "archive", Scale(groups=8, years=1, per_year=2, talks=1, questions=8))
    settings = overrides(archive.content, archive.survey, tmp_path / "cache", POLLS_CHART_WORKERS=2)
    build = start(tmp_path / "output", settings)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and build.poll() is None and time.monotonic() < deadline:
            workers = children(build.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the build finished or stalled before its chart workers started"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:  # do not leave them drawing on a shared machine
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
