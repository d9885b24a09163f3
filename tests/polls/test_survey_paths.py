"""Every file a survey folder names or links to lies inside it: nothing beside the project is read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from polls import PollDataError, load_survey

DATA = Path(__file__).resolve().parents[1] / "data" / "polls"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A survey folder in tmp_path/survey with a catalog, and a readable export beside it (never to be read)."""
    survey = tmp_path / "survey"
    survey.mkdir()
    shutil.copy(DATA / "forms" / "questions.yaml", survey / "questions.yaml")
    shutil.copy(DATA / "forms" / "ms-forms.csv", tmp_path / "secret.csv")
    return survey


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PollDataError) as caught:
        load_survey(folder)
    return [str(p) for p in caught.value.problems]


def test_index_file_names_leading_out_of_the_folder_are_refused_where_they_are_written(folder, tmp_path):
    for name in ("index.yaml", "autumn.yaml"):
        shutil.copy(DATA / "outside" / name, folder / name)
    index = str(folder / "index.yaml")
    assert problems_of(folder) == [
        f"{index}:4:11: file: ../secret.csv points outside survey/ (to {tmp_path / 'secret.csv'})",
        f"{index}:9:9: file: /etc/passwd points outside survey/ (to /etc/passwd)",
    ]


def test_a_poll_file_that_is_a_symlink_out_of_the_folder_is_refused_naming_its_target(folder, tmp_path):
    (folder / "spring.csv").symlink_to(tmp_path / "secret.csv")
    assert problems_of(folder) == [
        f"{folder / 'spring.csv'}: symlink points outside survey/ (to {tmp_path / 'secret.csv'})"]


def test_a_broken_symlink_in_the_folder_is_one_line_naming_it(folder):
    (folder / "spring.yaml").symlink_to("gone.yaml")
    assert problems_of(folder) == [f"{folder / 'spring.yaml'}: broken symlink: gone.yaml does not exist"]


def test_a_symlink_inside_the_folder_is_read(folder):
    (folder / "_hands").mkdir()
    (folder / "_hands" / "autumn.yaml").write_text("date: 2016-10-06\nanswers:\n  visiting: 9\n", encoding="utf-8")
    (folder / "autumn.yaml").symlink_to("_hands/autumn.yaml")
    assert load_survey(folder).meetups["survey"].tolist() == ["autumn"]
