"""Pages rendered side by side: a generator's pages and files (schedules, PyVideo records) split over forked
processes write the site one process writes, byte for byte; what the children learnt of them reaches the
next build's ledger, and a
child's failure fails the build with one line and leaves the live site as it was.

The site is the incremental test site (tests/data/incremental); forking is forced by letting a batch of two
pages split over three processes, whatever this machine's number of cores."""

from __future__ import annotations

import os

import pytest
from kernel.outputs import Shared
from recap_build import page_batch
from test_incremental_build import Project, made, rendered, talk_body, tree


@pytest.fixture
def forking(monkeypatch) -> list[int]:
    """Batches forked into three processes from two pages on; the process ids of the children a batch forked."""
    forked: list[int] = []
    plain_fork = page_batch.fork

    def counting(work):
        child = plain_fork(work)
        forked.append(child.pid)
        return child

    monkeypatch.setattr(page_batch, "MIN_PAGES", 2)
    monkeypatch.setattr(page_batch, "worker_count", lambda workers=None: 3)
    monkeypatch.setattr(page_batch, "fork", counting)
    return forked


def test_pages_rendered_side_by_side_are_the_pages_one_process_renders(tmp_path, forking):
    side_by_side = Project(tmp_path / "forked")
    result = side_by_side.incremental()
    assert len(forking) == 2
    one_process = Project(tmp_path / "plain")
    with pytest.MonkeyPatch.context() as plain:
        plain.setattr(page_batch, "worker_count", lambda workers=None: 1)
        alone = one_process.incremental()
    assert tree(result.output) == tree(alone.output)
    assert rendered(result) == rendered(alone)


def test_what_the_children_learnt_keeps_their_pages_in_the_next_build(tmp_path, forking):
    project = Project(tmp_path)
    project.incremental()
    talk_body(project, 1)  # only the talk's page shows its writeup
    assert rendered(project.incremental()) == {"talks/first-talk/index.html"}


def test_files_made_in_the_children_are_kept_in_the_next_build_too(tmp_path, forking):
    project = Project(tmp_path)
    project.incremental()
    talk_body(project, 1)  # the schedules carry the writeup as the abstract
    assert made(project.incremental()) == {"events/small-1/schedule.xml", "events/small-1/schedule.json"}


def test_a_template_error_in_a_forked_page_fails_the_build_and_keeps_the_site(tmp_path, forking):
    project = Project(tmp_path)
    project.incremental()
    live = tree(project.folder / "out")
    template = project.templates / "speaker.html"  # speakers are rendered in the children too
    text = template.read_text("utf-8")
    template.write_text(text.replace("{% block content %}", "{% block content %}{{ (person.talks | length) // 0 }}",
                                     1), "utf-8")
    from recap_build.build import build
    from test_incremental_build import SETTINGS

    result = build(SETTINGS, project.folder / "out", project.settings(project.folder / "cache"))
    assert not result.ok
    assert len(result.errors) == 1 and result.errors[0].startswith("internal error")
    assert "ZeroDivisionError" in result.errors[0]
    assert tree(project.folder / "out") == live
    assert not list(project.folder.glob(".out-building-*"))


# -- the batch itself, with a stand-in for the build's writer ---------------------------------------


class Writer:
    """What page_batch reads and merges of the build's writer (recap_build.ledger.LedgerWriter)."""

    def __init__(self):
        from recap_build.ledger import Outcome

        self.outcome = Outcome()
        self._written_files: set[str] = set()
        self._overridden_files: set[str] = set()

    def write(self, page) -> None:
        name, fail, _kwargs = page
        if fail is not None:
            raise fail
        self.outcome.rendered.add(name)
        self.outcome.deps[name] = (("name", "page", name),)
        self._written_files.add(name)


def pages(count: int, failing: dict[int, BaseException] | None = None) -> list:
    return [(f"p{n}.html", (failing or {}).get(n), {}) for n in range(count)]


def test_every_page_is_written_once_and_learnt_by_the_parent(forking):
    writer = Writer()
    page_batch.write_batch(writer, pages(7), writer.write)
    assert len(forking) == 2
    assert writer.outcome.rendered == {f"p{n}.html" for n in range(7)}
    assert writer.outcome.deps["p5.html"] == (("name", "page", "p5.html"),)
    assert writer._written_files == writer.outcome.rendered


def test_what_each_childs_makers_learnt_is_merged_into_the_parent(forking):
    writer, learnt = Writer(), {}

    def write(page):  # a maker that learns something besides its file (a serialised calendar entry)
        writer.write(page)
        learnt[page[0]] = os.getpid()

    gathered = []
    page_batch.write_batch(writer, pages(7), write, shared=Shared(lambda: dict(learnt), gathered.append))
    assert len(gathered) == 2  # one value per child, none for the parent's own share
    merged = {name: pid for value in gathered for name, pid in value.items()}
    assert {name for name, pid in merged.items() if pid in forking} == {name for name in merged}
    assert set(merged) | set(learnt) == {f"p{n}.html" for n in range(7)}


def test_a_failure_in_a_childs_page_is_raised_by_the_parent(forking):
    writer = Writer()
    with pytest.raises(ZeroDivisionError, match="page four"):
        page_batch.write_batch(writer, pages(6, {4: ZeroDivisionError("page four")}), writer.write)
    assert "p5.html" in writer.outcome.rendered  # the other child's pages were still collected


def test_what_a_child_logs_is_logged_by_the_parent_with_its_problems(forking):
    import logging

    from kernel.problems import InputError, Problem

    heard: list[tuple[str, list]] = []

    class Hearing(logging.Handler):
        def emit(self, record):
            import sys

            error = sys.exc_info()[1]
            heard.append((record.getMessage(), error.problems if isinstance(error, InputError) else []))

    def write(page):
        if page[0] == "p1.html":  # in the first child
            try:
                raise InputError(Problem("talks/a.md", 3, 7, "bad"))
            except InputError:
                logging.getLogger("pelican.writers").error("Could not write %s", page[0])

    handler = Hearing(level=logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        page_batch.write_batch(Writer(), pages(3), write)
    finally:
        logging.getLogger().removeHandler(handler)
    assert heard == [("Could not write p1.html", [Problem("talks/a.md", 3, 7, "bad")])]


def test_items_for_one_file_go_to_one_process_in_their_order():
    # so a file written twice meets Pelican's check of overwriting, as in a build of one process
    from kernel.outputs import Page, Raw

    items = [Page("a.html", None, {}), Raw("b.ics", bytes), Page("c.html", None, {}), Page("b.ics", None, {}),
             Raw("a.html", bytes, ("again",))]
    shares = page_batch._shares(items, 3)
    assert shares == [[items[0], items[4]], [items[1], items[3]], [items[2]]]
