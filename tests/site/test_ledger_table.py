"""The ledger names each output's dependencies by number in one table, each dependency stored once."""

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
