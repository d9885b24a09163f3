"""The ledger: each output's dependencies named by number in one table, each dependency stored once; the writer
that keeps live files never writes through one."""

from __future__ import annotations

from pathlib import Path

from kernel.listing import take
from recap_build.ledger import Ledger, Outcome, settle

TITLE = ("attr", ("talk", "a"), "title", "d1")
NAME = ("name", "SITENAME", "d2")
BODY = ("attr", ("talk", "a"), "body_html", "d3")


def site(tmp_path: Path, *names: str):
    for name in names:
        (tmp_path / name).write_text(name)
    return take(tmp_path)


def named(ledger: Ledger, output: str) -> list[tuple]:
    return [ledger.table[number] for number in ledger.entries[output][2]]


def test_every_dependency_is_stored_once_and_outputs_name_them_by_number(tmp_path):
    outcome = Outcome(deps={"a.html": (NAME, TITLE), "b.html": (NAME, BODY)})
    ledger = settle(outcome, site(tmp_path, "a.html", "b.html"), "head", Ledger("head"))
    assert sorted(ledger.table) == sorted([NAME, TITLE, BODY])
    assert named(ledger, "a.html") == [NAME, TITLE] and named(ledger, "b.html") == [NAME, BODY]


def test_an_output_kept_keeps_its_numbers_and_a_new_dependency_is_added_to_the_table(tmp_path):
    files = site(tmp_path, "a.html", "b.html")
    first = settle(Outcome(deps={"a.html": (NAME, TITLE), "b.html": (NAME, BODY)}), files, "head", Ledger("head"))
    edited = ("attr", ("talk", "a"), "title", "d4")
    kept = first.entries["b.html"][2]  # as the writer hands on a kept page's numbers
    second = settle(Outcome(deps={"a.html": (NAME, edited), "b.html": kept}), files, "head", first)
    assert second.table[:3] == first.table
    assert named(second, "a.html") == [NAME, edited] and named(second, "b.html") == [NAME, BODY]


def test_a_table_grown_by_half_keeps_only_the_dependencies_still_named(tmp_path):
    files = site(tmp_path, "a.html", "b.html")
    ledger = settle(Outcome(deps={"a.html": (NAME, TITLE), "b.html": (NAME, BODY)}), files, "head", Ledger("head"))
    for edit in range(4):  # each edit of the title leaves the title's earlier digest unused
        title = ("attr", ("talk", "a"), "title", f"edit {edit}")
        ledger = settle(Outcome(deps={"a.html": (NAME, title), "b.html": ledger.entries["b.html"][2]}), files,
                        "head", ledger)
    assert len(ledger.table) < 3 + 4  # made anew on the way
    assert named(ledger, "a.html") == [NAME, ("attr", ("talk", "a"), "title", "edit 3")]
    assert named(ledger, "b.html") == [NAME, BODY]
    assert len(set(ledger.table)) == len(ledger.table)


def kept_page(tmp_path: Path):
    """A writer into ``staging`` that keeps ``page.html`` from the live site, and the live page."""
    from recap_build.ledger import writer_class

    (tmp_path / "live").mkdir()
    (tmp_path / "staging").mkdir()
    live = tmp_path / "live" / "page.html"
    live.write_text("live page", "utf-8")
    writer = writer_class(Ledger("head"), tmp_path / "live", Outcome())(str(tmp_path / "staging"), {})
    target = str(tmp_path / "staging" / "page.html")
    writer._keep[target] = str(live)  # as its render decided: the recorded reads hold
    return writer, target, live


def test_a_second_write_pelican_allows_never_goes_through_the_kept_live_file(tmp_path):
    writer, target, live = kept_page(tmp_path)
    with writer._open_w(target, "utf-8"):
        pass  # kept: linked, nothing written
    with writer._open_w(target, "utf-8", override=True) as page:
        page.write("another page overriding it")
    assert live.read_text("utf-8") == "live page"
    assert Path(target).read_text("utf-8") == "another page overriding it"


def test_a_second_write_that_is_kept_links_the_live_file_again(tmp_path):
    writer, target, live = kept_page(tmp_path)
    writer._keep.clear()  # the first write renders
    with writer._open_w(target, "utf-8") as page:
        page.write("a page written first")
    writer._keep[target] = str(live)
    with writer._open_w(target, "utf-8", override=True):
        pass
    assert Path(target).read_text("utf-8") == "live page"
    assert live.read_text("utf-8") == "live page"
