"""Files from outside content/ never reach the site: links and file names are confined to it.

The scenario tests/data/site/with-images has a sponsor logo under content/images;
each test copies it to tmp_path and adds the symlink under test there (git could
store the links, but a link to /etc/passwd in the repository is unwise).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from builtsite import ROOT, SCENARIOS, page


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "project" / "content"
    shutil.copytree(SCENARIOS / "with-images" / "content", folder)
    return folder


def problems(result) -> list[str]:
    assert not result.ok
    assert result.errors == []
    return [str(p) for p in result.problems]


def test_files_under_content_images_are_published(build_site, content, tmp_path):
    result = build_site(content)
    assert result.ok, problems(result)
    logo = page(tmp_path / "output", "events/meetup-1/index.html").select_one(".sponsors img")
    assert logo["src"].endswith("images/sponsors/hall.svg")
    assert (tmp_path / "output" / "images" / "sponsors" / "hall.svg").is_file()


def test_a_symlink_in_content_images_to_a_file_outside_is_refused_naming_its_target(build_site, content, tmp_path):
    (content / "images" / "passwd").symlink_to("/etc/passwd")
    assert problems(build_site(content)) == ["content/images/passwd: symlink points outside content/ (to /etc/passwd)"]
    assert not (tmp_path / "output").exists()


def test_a_symlink_loop_under_content_images_is_refused_without_copying_anything(build_site, content, tmp_path):
    (content / "images" / "sponsors" / "again").symlink_to("..")
    assert problems(build_site(content)) == [
        "content/images/sponsors/again: symlink loop: points to .., a folder that contains it"]
    assert not (tmp_path / "output").exists()


def test_two_symlinks_naming_each_other_are_each_reported(build_site, content):
    (content / "images" / "a.svg").symlink_to("b.svg")
    (content / "images" / "b.svg").symlink_to("a.svg")
    assert problems(build_site(content)) == [
        "content/images/a.svg: symlink loop: points to b.svg, which leads back to itself",
        "content/images/b.svg: symlink loop: points to a.svg, which leads back to itself",
    ]


def test_a_folder_symlink_to_the_project_is_refused(build_site, content):
    (content / "images" / "project").symlink_to("../..")
    assert problems(build_site(content)) == [
        f"content/images/project: symlink points outside content/ (to {content.parent})"]


def test_a_broken_symlink_in_content_is_one_warning_naming_it_and_is_skipped(build_site, content, tmp_path, caplog):
    (content / "talks" / "lost.md").symlink_to("moved-away.md")
    (content / "images" / "gone.svg").symlink_to("/nonexistent/gone.svg")
    with caplog.at_level(logging.WARNING, logger="meetup.generator"):
        assert build_site(content).ok
    assert [r.getMessage() for r in caplog.records if r.name == "meetup.generator"] == [
        "content/images/gone.svg: broken symlink: /nonexistent/gone.svg does not exist (skipped)",
        "content/talks/lost.md: broken symlink: moved-away.md does not exist (skipped)",
    ]
    assert not (tmp_path / "output" / "talks" / "lost").exists()
    assert not (tmp_path / "output" / "images" / "gone.svg").exists()


def test_a_symlink_inside_content_is_followed(build_site, content, tmp_path):
    (content / "images" / "logo.svg").symlink_to("sponsors/hall.svg")
    assert build_site(content).ok
    assert (tmp_path / "output" / "images" / "logo.svg").read_bytes() == \
        (content / "images" / "sponsors" / "hall.svg").read_bytes()


def test_a_sponsor_logo_leading_out_of_content_is_a_positioned_problem(build_site, scenario):
    assert problems(build_site(scenario("sponsor-logo-outside"))) == [
        "content/sponsors/test-hall.md:3:7: ../../../x.png points outside content/ (to "
        f"{(scenario('sponsor-logo-outside') / '../../../x.png').resolve()})"]


def test_a_symlink_in_the_themes_static_folder_leading_out_of_it_is_refused(build_site, content, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "static" / "passwd.css").symlink_to("/etc/passwd")
    assert problems(build_site(content, THEME=str(theme))) == [
        f"{theme / 'static' / 'passwd.css'}: symlink points outside static/ (to /etc/passwd)"]
