"""The swap: output/ always holds a whole site, one build at a time, nothing left of killed builds.

A new site replaces the old one in one step (a renameat2 exchange on Linux, else a
symbolic link replaced by one rename); a lock in the cache keeps two builds of one
output apart; staging folders of builds that died are swept by the next build.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from builtsite import NOW, ROOT, SETTINGS, beside, invoke_build, page, settings_file
from recap_build import build as build_module
from recap_build import freshness, swap
from recap_build.build import BUSY, build


@pytest.fixture
def overrides(scenario, tmp_path) -> dict:
    return {"PATH": str(scenario("single-group")), "MEETUP_NOW": NOW, "CACHE_PATH": str(tmp_path / "cache"),
            "POLLS_PATH": str(tmp_path / "no-polls")}


@pytest.fixture
def output(tmp_path) -> Path:
    return tmp_path / "site" / "output"


def test_a_rebuild_exchanges_the_folders_and_output_stays_a_real_folder(overrides, output):
    assert build(SETTINGS, output, overrides).ok
    first = output.stat().st_ino
    assert build(SETTINGS, output, overrides).ok
    assert not output.is_symlink()
    assert output.stat().st_ino != first  # a new folder, not the old one rewritten
    assert page(output, "events/meetup-1/index.html").find("h1") is not None
    assert beside(output) == ["frame", "output"]


def test_a_rebuild_starts_in_the_frame_the_build_before_left(overrides, output):
    assert build(SETTINGS, output, overrides).ok
    assert build(SETTINGS, output, overrides).ok
    [frame] = swap.frames(output)
    folder = frame.stat().st_ino
    assert build(SETTINGS, output, overrides).ok
    assert output.stat().st_ino == folder  # the frame's folders became the new site's
    assert page(output, "events/meetup-1/index.html").find("h1") is not None


def test_a_folder_of_the_frame_the_build_does_not_fill_is_removed(overrides, output):
    assert build(SETTINGS, output, overrides).ok
    assert build(SETTINGS, output, overrides).ok
    [frame] = swap.frames(output)
    (frame / "talks" / "a-talk-since-deleted" / "slides").mkdir(parents=True)
    assert build(SETTINGS, output, overrides).ok
    assert not (output / "talks" / "a-talk-since-deleted").exists()
    assert (output / "talks").is_dir()


def test_a_folder_of_the_frame_where_the_build_writes_a_file_does_not_stop_the_build(overrides, output):
    assert build(SETTINGS, output, overrides).ok
    assert build(SETTINGS, output, overrides).ok
    [frame] = swap.frames(output)
    (frame / "events" / "meetup-1" / "index.html").mkdir(parents=True)  # the last site had a folder there
    result = build(SETTINGS, output, overrides)
    assert result.ok, result.errors
    assert page(output, "events/meetup-1/index.html").find("h1") is not None


def test_a_folder_of_the_frame_where_a_static_file_goes_does_not_leave_the_file_out(overrides, output, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(overrides["PATH"], content)
    (content / "images").mkdir()
    (content / "images" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    settings = {**overrides, "PATH": str(content)}
    assert build(SETTINGS, output, settings).ok
    assert build(SETTINGS, output, settings).ok
    [frame] = swap.frames(output)
    (frame / "images" / "logo.svg").mkdir(parents=True)  # Pelican's copy logs, not raises, such a failure
    assert build(SETTINGS, output, settings).ok
    assert (output / "images" / "logo.svg").read_text("utf-8").startswith("<svg")


def test_a_second_build_of_the_same_output_waits_then_says_another_build_is_running(
        overrides, output, tmp_path, monkeypatch):
    assert build(SETTINGS, output, overrides).ok
    before = (output / "index.html").read_bytes()
    monkeypatch.setattr(build_module, "LOCK_WAIT", 0.2)
    with swap.build_lock(freshness.lock_path(tmp_path / "cache", output), 0):  # the first build, still running
        result = build(SETTINGS, output, overrides)
    assert not result.ok
    assert result.errors == ["another build is running in this folder"]
    assert result.problems == []
    assert (output / "index.html").read_bytes() == before
    assert build(SETTINGS, output, overrides).ok  # once it is done, the next build runs


def test_invoke_build_reports_a_running_build_in_one_line_and_exits_1(scenario, tmp_path):
    output = tmp_path / "output"
    settings = settings_file(tmp_path, scenario("single-group"), CACHE_PATH=str(tmp_path / "cache"))
    with swap.build_lock(freshness.lock_path(tmp_path / "cache", output), 0):
        run = invoke_build(settings, output)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stderr.splitlines()
    assert lines[0] == BUSY
    assert lines[-1].startswith("Build failed;") and len(lines) == 2
    assert not output.exists()


def test_a_cache_folder_that_cannot_hold_the_lock_is_the_one_line_of_an_unwritable_cache(overrides, output, tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be", "utf-8")
    result = build(SETTINGS, output, overrides)
    assert not result.ok and result.errors == []
    assert [str(p) for p in result.problems] == [f"{cache}: cannot write the cache here: File exists"]
    assert not output.exists()


def test_staging_folders_of_a_killed_build_are_swept_by_the_next_build(overrides, output):
    dead = output.parent / ".output-building-killed"
    (dead / "events").mkdir(parents=True)
    (dead / "events" / "index.html").write_text("<p>half a site</p>", "utf-8")
    (output.parent / ".output-link-.output-building-killed").symlink_to(dead.name)  # a killed fallback swap
    assert build(SETTINGS, output, overrides).ok
    assert beside(output) == ["output"]


def test_the_staging_folder_of_a_running_build_is_left_alone(overrides, output, tmp_path, monkeypatch):
    running = output.parent / ".output-building-running"
    (running / "events").mkdir(parents=True)
    monkeypatch.setattr(build_module, "LOCK_WAIT", 0)
    with swap.build_lock(freshness.lock_path(tmp_path / "cache", output), 0):
        assert build(SETTINGS, output, overrides).errors == [BUSY]
    assert (running / "events").is_dir()


def test_a_staging_folder_held_by_a_live_build_with_another_cache_is_left_alone(overrides, output):
    live = output.parent / ".output-building-live"
    (live / "events").mkdir(parents=True)
    dead = output.parent / ".output-building-dead"
    dead.mkdir()
    with swap.claimed(live):  # a build of this output run with another CACHE_PATH, still writing
        assert build(SETTINGS, output, overrides).ok
        assert beside(output) == sorted(["output", live.name])


def test_a_second_build_that_waits_for_the_first_to_finish_runs(overrides, output, tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "LOCK_WAIT", 10)
    lock = swap.build_lock(freshness.lock_path(tmp_path / "cache", output), 0)
    lock.__enter__()
    threading.Timer(0.5, lock.__exit__, (None, None, None)).start()  # the first build ends half a second later
    assert build(SETTINGS, output, overrides).ok


def test_without_an_exchange_output_becomes_a_link_replaced_in_one_rename(overrides, output, monkeypatch):
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    assert build(SETTINGS, output, overrides).ok  # a first build: the folder is renamed into place
    assert build(SETTINGS, output, overrides).ok  # the old folder becomes the link's first target
    target = swap.link_target(output)
    assert target is not None and target.is_dir()
    assert beside(output) == sorted(["frame", "output", target.name])
    assert page(output, "events/meetup-1/index.html").find("h1") is not None

    assert build(SETTINGS, output, overrides).ok
    assert swap.link_target(output) != target  # a new folder behind the same name
    assert beside(output) == sorted(["frame", "output", swap.link_target(output).name])


def test_with_the_exchange_back_a_linked_output_is_a_real_folder_again(overrides, output, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(swap, "exchange", lambda first, second: False)
        assert build(SETTINGS, output, overrides).ok
        assert build(SETTINGS, output, overrides).ok
    assert output.is_symlink()
    assert build(SETTINGS, output, overrides).ok
    assert not output.is_symlink()
    assert beside(output) == ["frame", "output"]


def test_an_output_link_made_by_the_user_is_followed_not_replaced(overrides, tmp_path):
    real = tmp_path / "www" / "site"
    real.mkdir(parents=True)
    link = tmp_path / "output"
    link.symlink_to(real)
    assert build(SETTINGS, link, overrides).ok
    assert build(SETTINGS, link, overrides).ok
    assert link.is_symlink() and link.resolve() == real
    assert (real / "events" / "meetup-1" / "index.html").is_file()


def test_clean_removes_a_linked_output_its_folder_and_what_killed_builds_left(overrides, output, monkeypatch):
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    assert build(SETTINGS, output, overrides).ok
    assert build(SETTINGS, output, overrides).ok
    (output.parent / ".output-building-killed").mkdir()
    (output.parent / "notes.txt").write_text("not the site's", "utf-8")
    removed = swap.remove(output)
    assert len(removed) == 4  # the link, the folder it names, the killed build's folder, the frame
    assert beside(output) == ["notes.txt"]


@pytest.fixture
def linked_output(overrides, output, monkeypatch) -> Path:
    """An output that the fallback swap made a link (two builds without the exchange)."""
    with monkeypatch.context() as patched:
        patched.setattr(swap, "exchange", lambda first, second: False)
        assert build(SETTINGS, output, overrides).ok
        assert build(SETTINGS, output, overrides).ok
    assert swap.link_target(output) is not None
    return output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_invoke_serve_serves_a_linked_output_and_follows_the_next_swap(linked_output, overrides, monkeypatch):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port),
                               "--output", str(linked_output)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/events/meetup-1/"
        first = fetch(url, time.monotonic() + 60)
        monkeypatch.setattr(swap, "exchange", lambda a, b: False)
        assert build(SETTINGS, linked_output, overrides).ok
        assert fetch(url, time.monotonic() + 10) == first == (linked_output / "events/meetup-1/index.html").read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_rsync_of_a_linked_output_sends_the_site_not_the_link(linked_output, tmp_path):
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (apt-get install rsync)")
    server = tmp_path / "server"
    # the form `invoke publish` uses: the output with a trailing slash
    subprocess.run(["rsync", "-a", "--delete", f"{linked_output}/", f"{server}/"], check=True, timeout=120)
    assert not server.is_symlink()
    assert (server / "events" / "meetup-1" / "index.html").read_bytes() == \
        (linked_output / "events" / "meetup-1" / "index.html").read_bytes()


def old_site(output: Path) -> Path:
    """A replaced site beside ``output``, as a swap leaves it."""
    old = output.parent / ".output-old-.output-building-x"
    (old / "events" / "meetup-1").mkdir(parents=True)
    (old / "events" / "meetup-1" / "index.html").write_text("<p>an old page</p>", "utf-8")
    return old


def test_a_replaced_site_becomes_a_frame_of_its_folders(output):
    output.mkdir(parents=True)
    swap.make_frame(old_site(output), output)
    [frame] = swap.frames(output)
    assert (frame / "events" / "meetup-1").is_dir()
    assert beside(output) == ["frame", "output"]


def test_a_folder_another_process_holds_is_not_emptied(output):
    output.mkdir(parents=True)
    old = old_site(output)
    with swap.claimed(old):  # a second sweep while the first is still emptying it, or a live build
        swap.make_frame(old, output)
    assert (old / "events" / "meetup-1" / "index.html").is_file()
    assert swap.frames(output) == []


def test_a_folder_with_a_file_that_will_not_go_is_not_kept_as_a_frame(output, monkeypatch):
    output.mkdir(parents=True)
    old = old_site(output)
    unlink = os.unlink

    def refuse(path, *args, **kwargs):
        if str(path).endswith("index.html"):
            raise PermissionError(13, "Permission denied", str(path))
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse)
    swap.make_frame(old, output)
    assert swap.frames(output) == []  # a file left in a frame may be a live page's hard link


def test_another_outputs_folders_named_alike_are_not_taken_as_frames(output):
    output.mkdir(parents=True)
    other = output.parent / ".output-frame-building-abc"  # the staging folder of a site called output-frame
    other.mkdir()
    (other / "index.html").write_text("<p>another site</p>", "utf-8")
    staging, framed = swap.staging_folder(output)
    assert not framed and staging != other
    assert (other / "index.html").is_file()
