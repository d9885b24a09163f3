"""One listing of a folder: every file and link with its own stat, paths relative and "/"-separated."""

from __future__ import annotations

import os

from kernel.listing import identity, regular, take


def test_every_file_of_every_folder_is_listed_by_its_relative_path(tmp_path):
    (tmp_path / "events" / "a").mkdir(parents=True)
    (tmp_path / "events" / "a" / "index.html").write_text("a")
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "empty").mkdir()
    assert sorted(take(tmp_path)) == ["events/a/index.html", "index.html"]


def test_a_prefix_is_put_before_every_path(tmp_path):
    (tmp_path / "index" / "en.pf_index").parent.mkdir()
    (tmp_path / "index" / "en.pf_index").write_text("x")
    assert list(take(tmp_path, "pagefind/")) == ["pagefind/index/en.pf_index"]


def test_a_link_is_listed_as_a_link_and_a_linked_folder_is_not_entered(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "page.html").write_text("x")
    os.symlink(tmp_path / "real", tmp_path / "linked")
    found = take(tmp_path)
    assert sorted(found) == ["linked", "real/page.html"]
    assert regular(found["real/page.html"]) and not regular(found["linked"])


def test_a_hard_link_has_the_identity_of_the_file_it_links(tmp_path):
    (tmp_path / "live.html").write_text("page")
    os.link(tmp_path / "live.html", tmp_path / "kept.html")
    found = take(tmp_path)
    assert identity(found["kept.html"]) == identity(found["live.html"])


def test_a_missing_folder_lists_nothing(tmp_path):
    assert take(tmp_path / "gone") == {}
