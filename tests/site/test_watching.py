"""What livereload rebuilds on: a change under a watched folder or of a watched file asks for a build, a change
under a code folder for a new worker first, anything else for nothing (recap_build/watching.py).

Each test watches folders of its own temporary project and waits for the notifications the
operating system sends; the bound is generous, since the batch is handed on 50 ms after its
last change.
"""

from __future__ import annotations

import os
import queue
import time
from pathlib import Path

import pytest
from recap_build.watching import Changes

NOTICE = 10.0  # seconds a change may take to be reported
QUIET = 1.0  # seconds without a report that show a change was not taken for one


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("content", "plugins", "output"):
        (tmp_path / folder).mkdir()
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'A'\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def reports(project: Path):
    """The ``restart`` flag of each batch of changes reported while the test runs."""
    said: queue.Queue[bool] = queue.Queue()
    changes = Changes([project / "content", project / "survey", project / "pelicanconf.py"], [project / "plugins"],
                      said.put)
    changes.begin()
    time.sleep(0.5)  # the watches are set up on the watcher's own threads
    yield said
    changes.stop()


def settle(said: queue.Queue) -> list[bool]:
    """Every report until none came for QUIET seconds."""
    got = []
    while True:
        try:
            got.append(said.get(timeout=QUIET))
        except queue.Empty:
            return got


def test_a_content_edit_asks_for_a_build(project, reports):
    (project / "content" / "talk.md").write_text("title: A talk\n", encoding="utf-8")
    assert reports.get(timeout=NOTICE) is False


def test_an_edit_in_a_subfolder_of_the_content_asks_for_a_build(project, reports):
    (project / "content" / "talks").mkdir()
    settle(reports)
    (project / "content" / "talks" / "one.md").write_text("title: One\n", encoding="utf-8")
    assert reports.get(timeout=NOTICE) is False


def test_a_plugin_edit_asks_for_a_new_worker(project, reports):
    (project / "plugins" / "meetup.py").write_text("X = 1\n", encoding="utf-8")
    assert reports.get(timeout=NOTICE) is True


def test_settings_saved_by_renaming_a_new_file_over_them_are_seen_every_time(project, reports):
    # as editors save: a new file renamed over the old, which ends any watch on the old file itself
    for text in ("SITENAME = 'B'\n", "SITENAME = 'C'\n"):
        new = project / ".pelicanconf.py.new"
        new.write_text(text, encoding="utf-8")
        os.replace(new, project / "pelicanconf.py")
        assert False in settle(reports)


def test_the_output_folder_and_other_files_beside_the_settings_ask_for_nothing(project, reports):
    (project / "output" / "index.html").write_text("<p>built</p>\n", encoding="utf-8")
    (project / "notes.txt").write_text("not an input\n", encoding="utf-8")
    assert settle(reports) == []


def test_a_watched_folder_made_after_the_start_is_watched_whole(project, reports):
    (project / "survey").mkdir()
    assert False in settle(reports)
    (project / "survey" / "meetup-1.yaml").write_text("polls: []\n", encoding="utf-8")
    assert reports.get(timeout=NOTICE) is False


def test_editor_swap_files_and_bytecode_ask_for_nothing(project, reports):
    (project / "content" / ".talk.md.swp").write_bytes(b"\0")
    (project / "plugins" / "__pycache__").mkdir()
    (project / "plugins" / "__pycache__" / "meetup.cpython-311.pyc").write_bytes(b"\0")
    assert settle(reports) == []
