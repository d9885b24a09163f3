"""Livereload's build worker (recap_build/worker.py): one process, many builds, each what a fresh process builds.

The worker is driven directly here (no server): builds are requested through its pipe,
as the livereload server requests them, and compared with builds run the way `invoke build`
runs them, in a process of their own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builtsite import ROOT, SETTINGS
from recap_build.worker import Worker

SITE = ROOT / "tests" / "data" / "livereload" / "site"
NOW = "2026-11-28T00:00:00+00:00"
TALK = Path("content/talks/warm-worker.md")

FRESH_BUILD = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from recap_build.build import build
result = build(Path(sys.argv[2]), Path(sys.argv[3]), json.loads(sys.argv[4]))
sys.exit(0 if result.ok else 1)
"""


def overrides(site: Path, cache: Path) -> dict:
    return {"PATH": str(site / "content"), "POLLS_PATH": str(site / "survey"), "MEETUP_NOW": NOW,
            "CACHE_PATH": str(cache), "POLLS_CHART_CACHE_DIR": str(cache / "charts"), "POLLS_CHART_PROGRESS": False}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh_build(site: Path, output: Path, cache: Path) -> None:
    import json

    subprocess.run([sys.executable, "-c", FRESH_BUILD, str(ROOT / "plugins"), str(SETTINGS), str(output),
                    json.dumps(overrides(site, cache))], cwd=ROOT, check=True, capture_output=True)


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


@pytest.fixture
def worker(site, tmp_path):
    handle = Worker(SETTINGS, tmp_path / "output", overrides(site, tmp_path / "cache"), plugins=ROOT / "plugins",
                    cwd=ROOT)
    yield handle
    handle.stop()


def reword(site: Path) -> None:
    talk = site / TALK
    talk.write_text(talk.read_text("utf-8").replace("The first version", "The reworded version"), "utf-8")


def test_a_rebuild_in_the_warm_worker_is_byte_for_byte_a_fresh_build(site, worker, tmp_path):
    assert worker.build().ok
    reword(site)

    rebuilt = worker.build()
    fresh_build(site, tmp_path / "fresh", tmp_path / "fresh-cache")

    assert rebuilt.ok and not rebuilt.up_to_date, rebuilt.lines
    assert tree(tmp_path / "output") == tree(tmp_path / "fresh")


def test_every_build_runs_in_the_same_worker_process(site, worker):
    first = worker.build()
    reword(site)
    second = worker.build()

    assert first.ok and second.ok
    assert first.pid == second.pid == worker.pid


def test_a_build_with_nothing_changed_is_up_to_date(worker):
    assert worker.build().ok

    again = worker.build()

    assert again.ok and again.up_to_date


def test_a_bad_edit_is_one_line_per_problem_and_the_next_good_edit_builds(site, worker, tmp_path):
    assert worker.build().ok
    talk = site / TALK
    good = talk.read_text("utf-8")
    talk.write_text(good.replace("speakers:", "speakrs:"), "utf-8")

    failed = worker.build()
    talk.write_text(good.replace("The first version", "The fixed version"), "utf-8")
    fixed = worker.build()

    assert not failed.ok
    assert failed.lines == ("content/talks/warm-worker.md:4:1: unknown key 'speakrs' (did you mean 'speakers'?)",)
    assert fixed.ok and fixed.pid == failed.pid
    assert "The fixed version" in (tmp_path / "output" / "talks" / "warm-worker" / "index.html").read_text("utf-8")


def broken_plugin_outcome(site: Path, tmp_path: Path, tail: str):
    """The worker's first answer when recap_build/swap.py ends with ``tail``; and that file."""
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__"))
    broken = plugins / "recap_build" / "swap.py"
    broken.write_text(broken.read_text("utf-8") + tail, "utf-8")
    handle = Worker(SETTINGS, tmp_path / "output", overrides(site, tmp_path / "cache"), plugins=plugins, cwd=tmp_path)
    try:
        return handle.build(), broken
    finally:
        handle.stop()


def test_a_plugin_that_does_not_parse_is_one_line_naming_its_file(site, tmp_path):
    outcome, broken = broken_plugin_outcome(site, tmp_path, "\ndef half_typed(:\n")

    assert not outcome.ok
    assert len(outcome.lines) == 1
    assert outcome.lines[0].startswith(f"{broken}:")
    assert not (tmp_path / "output").exists()


def test_a_plugin_that_raises_when_imported_is_one_line_saying_it_is_a_bug(site, tmp_path):
    outcome, broken = broken_plugin_outcome(site, tmp_path, "\nraise RuntimeError('half done')\n")
    lines = broken.read_text("utf-8").count("\n")

    assert outcome.lines == (f"{broken}:{lines}:0: the plugins do not import (a bug in a plugin, not in the input "
                             "files): RuntimeError: half done",)
    assert not (tmp_path / "output").exists()


def probing_worker(site: Path, tmp_path: Path, plugins: list[str]) -> Worker:
    """A worker whose settings also name ``plugins`` from a folder of their own, where ``probe`` (a plugin that
    notes being imported) and ``grumbler`` (one that logs an error when imported) live."""
    extra = tmp_path / "extra-plugins"
    extra.mkdir()
    (extra / "probe.py").write_text("from pathlib import Path\n\nPath(__file__).with_name('imported').touch()\n\n\n"
                                    "def register():\n    pass\n", "utf-8")
    (extra / "grumbler.py").write_text("import logging\n\nlogging.getLogger(__name__).error('grumbler is half set "
                                       "up')\n\n\ndef register():\n    pass\n", "utf-8")
    settings = {**overrides(site, tmp_path / "cache"), "PLUGIN_PATHS": [str(ROOT / "plugins"), str(extra)],
                "PLUGINS": ["meetup", "polls_site", *plugins]}
    return Worker(SETTINGS, tmp_path / "output", settings, plugins=ROOT / "plugins", cwd=ROOT)


def test_a_fresh_worker_has_imported_the_sites_plugins_before_its_first_build(site, tmp_path):
    handle = probing_worker(site, tmp_path, ["probe"])
    try:
        handle.start()
        imported_at_start = (tmp_path / "extra-plugins" / "imported").exists()
        built = handle.build()
    finally:
        handle.stop()

    assert imported_at_start
    assert built.ok, built.lines


def started_and_built(handle: Worker):
    """Whether ``handle``'s worker started, and its first build's Outcome."""
    try:
        handle.start()
        started = handle.broken is None
        return started, handle.build()
    finally:
        handle.stop()


def test_a_plugin_that_logs_an_error_when_imported_fails_the_workers_build_as_it_fails_invoke_build(site, tmp_path):
    started, built = started_and_built(probing_worker(site, tmp_path, ["grumbler"]))

    assert started
    assert not built.ok
    assert built.lines == ("grumbler is half set up",)


def test_a_plugin_the_settings_name_but_nobody_has_lets_the_worker_start_and_fails_its_build(site, tmp_path):
    started, built = started_and_built(probing_worker(site, tmp_path, ["no_such_plugin"]))

    assert started
    assert not built.ok
    assert built.lines == ("Cannot load plugin `no_such_plugin`",)


class _Answers:
    """The worker's answer stream, noting each answer in ``events`` as it goes out."""

    def __init__(self, events: list[str]):
        self.events = events

    def write(self, _text: str) -> None:
        self.events.append("answer")

    def flush(self) -> None:
        pass


def test_the_worker_collects_each_builds_garbage_once_it_has_answered(site, tmp_path):
    import gc

    from recap_build.worker import Warm, serve_requests

    events: list[str] = []

    def note(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            events.append("collected")

    warm = Warm(SETTINGS, tmp_path / "output", overrides(site, tmp_path / "cache"))
    gc.callbacks.append(note)
    try:
        serve_requests(warm, ['{"force": true}\n', '{"force": true}\n'], _Answers(events))
    finally:
        gc.callbacks.remove(note)

    # each rebuild's model is cycles of objects: left to the collector's own pace it stayed until after the next
    # rebuild, and the worker's peak grew by a build's worth every rebuild
    answers = [i for i, event in enumerate(events) if event == "answer"]
    assert len(answers) == 2
    assert all("collected" in events[i + 1:j] for i, j in zip(answers, answers[1:] + [len(events)], strict=True))


def test_a_build_leaves_none_of_its_pages_alive_in_the_process(tmp_path):
    import gc
    import weakref

    from pelican import signals
    from recap_build.build import build

    site = tmp_path / "sample"  # the sample site: it has Pelican pages (about, code of conduct) as well as ours
    for folder in ("content", "survey"):
        shutil.copytree(ROOT / folder, site / folder)
    made: list[weakref.ref] = []

    def note(content) -> None:
        made.append(weakref.ref(content))

    signals.content_object_init.connect(note)
    try:
        assert build(SETTINGS, tmp_path / "output", overrides(site, tmp_path / "cache")).ok
    finally:
        signals.content_object_init.disconnect(note)
    gc.collect()

    # Pelican memoizes Content.get_content in a dict of the class, keyed by the page: every page of every build,
    # and through its context the build's whole model, stayed in the livereload worker for its whole life
    assert made
    assert [ref() for ref in made if ref() is not None] == []


def test_the_worker_tells_a_request_already_waiting_in_its_pipe():
    import os

    from recap_build.worker import _waiting

    read_end, write_end = os.pipe()
    with os.fdopen(read_end, encoding="utf-8") as requests, os.fdopen(write_end, "w", encoding="utf-8") as parent:
        idle = _waiting(requests)
        parent.write('{"force": false}\n')
        parent.flush()
        waiting = _waiting(requests)

    assert (idle, waiting) == (False, True)
    assert _waiting(['{"force": false}\n']) is False  # not a pipe: it cannot be told, so it is collected
