"""Compiled templates kept between builds: a build compiles only the templates whose source changed since one
compiled them, and a damaged entry is compiled again.  The site is the incremental test site."""

from __future__ import annotations

import jinja2
import pytest
from damage import flip_a_bit
from recap_build.build import build
from test_incremental_build import SETTINGS, Project, tree


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The templates compiled from their source from now on, by name."""
    names: list[str] = []
    plain = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return plain(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def test_a_second_build_compiles_no_template(tmp_path, compiled):
    project = Project(tmp_path)
    project.incremental()
    assert "event.html" in compiled
    compiled.clear()
    project.sitename = "Incremental Meetups, renamed"  # every page is rendered again, from kept bytecode
    project.incremental()
    assert compiled == []


def test_an_edited_template_is_compiled_again(tmp_path, compiled):
    project = Project(tmp_path)
    project.incremental()
    compiled.clear()
    with (project.templates / "speaker.html").open("a", encoding="utf-8") as template:
        template.write("{# edited #}\n")
    project.incremental()
    assert compiled == ["speaker.html"]


def test_a_damaged_entry_is_compiled_again_and_changes_nothing(tmp_path, compiled):
    project = Project(tmp_path)
    first = tree(project.incremental().output)
    entries = list((project.folder / "cache" / "templates").glob("*.jinja"))
    assert entries
    for entry in entries:
        flip_a_bit(entry)
    compiled.clear()
    result = build(SETTINGS, project.folder / "out", project.settings(project.folder / "cache"), if_changed=False)
    assert result.ok
    assert "event.html" in compiled
    assert tree(result.output) == first


def test_a_changed_jinja_option_compiles_every_template_again(tmp_path, compiled):
    # the bytecode of a template depends on the options it was compiled with, not on its source alone
    project = Project(tmp_path)
    project.incremental()
    compiled.clear()
    settings = {**project.settings(project.folder / "cache"),
                "JINJA_ENVIRONMENT": {"trim_blocks": False, "lstrip_blocks": False, "autoescape": True}}
    result = build(SETTINGS, project.folder / "out", settings)
    assert result.ok, (result.problems, result.errors)
    assert "event.html" in compiled
    clean = build(SETTINGS, project.folder / "clean", {**settings, "CACHE_PATH": str(project.folder / "c2")})
    assert tree(result.output) == tree(clean.output)
