"""Generated files and hand edits: what counts as an edit and what does not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from netdata.errors import NetworkDataError
from netdata.generated import Document, hand_edit, plan, render, write_documents

ROOT = Path(__file__).resolve().parents[2]


def doc(path: Path, title: str = "Observability on a shoestring", body: str = "Metrics.") -> Document:
    return Document(path, {"title": title, "event": "demo-city-17", "start": "18:40"}, body, "x.json")


def test_an_untouched_import_is_not_a_hand_edit(tmp_path: Path):
    assert hand_edit(render(doc(tmp_path / "t.md"))) == ""


def test_a_changed_front_matter_value_is_a_hand_edit(tmp_path: Path):
    text = render(doc(tmp_path / "t.md")).replace("shoestring", "budget")

    assert hand_edit(text) == "edited by hand since the last import"


def test_a_changed_body_is_a_hand_edit(tmp_path: Path):
    text = render(doc(tmp_path / "t.md")) + "A paragraph added later.\n"

    assert hand_edit(text) == "edited by hand since the last import"


def test_reformatting_the_yaml_or_adding_blank_lines_is_not_a_hand_edit(tmp_path: Path):
    # same data written differently: flow style, other quoting, a trailing blank line
    text = (
        "---\n"
        '{title: "Observability on a shoestring", event: demo-city-17, start: "18:40",\n'
        f" imported: {yaml.safe_load(render(doc(tmp_path / 't.md')).split('---')[1])['imported']}}}\n"
        "---\n\nMetrics.\n\n"
    )

    assert hand_edit(text) == ""


def test_a_file_without_front_matter_is_not_an_import(tmp_path: Path):
    assert hand_edit("Just notes.\n") == "not written by an import"


def test_a_file_with_an_alias_bomb_is_not_an_import_and_is_judged_at_once(tmp_path: Path):
    bomb = (ROOT / "tests/data/site/unreadable-files/content/talks/alias-bomb.md").read_text("utf-8")
    started = time.perf_counter()
    assert hand_edit(bomb) == "not written by an import"
    assert time.perf_counter() - started < 0.5


def test_times_are_quoted_so_yaml_does_not_read_them_as_numbers(tmp_path: Path):
    # unquoted 18:40 is the base-60 integer 1120 in YAML 1.1
    front = yaml.safe_load(render(doc(tmp_path / "t.md")).split("---")[1])

    assert front["start"] == "18:40"


def test_nothing_is_written_when_two_documents_claim_one_path(tmp_path: Path):

    with pytest.raises(NetworkDataError):
        write_documents([doc(tmp_path / "t.md"), doc(tmp_path / "t.md", title="Other")])

    assert list(tmp_path.iterdir()) == []


def test_planning_writes_nothing(tmp_path: Path):
    result = plan(doc(tmp_path / "t.md"))

    assert result.action == "created"
    assert list(tmp_path.iterdir()) == []
