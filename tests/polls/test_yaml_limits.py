"""Poll YAML files (tallies, index.yaml, questions.yaml) are read with the same limits as front matter.

An alias bomb, nesting 10,000 deep, a repeated key, a Python tag, a misspelt top-level
key or a file in the wrong encoding is one positioned problem, found in well under a
second; a UTF-16 file with a byte order mark is read like UTF-8.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from polls import PollDataError, load_survey
from polls.read.catalog import load_catalog
from polls.read.tally import read_tally

DATA = Path(__file__).resolve().parents[1] / "data" / "polls"
HOSTILE = DATA / "hostile-yaml"
CATALOG = load_catalog(DATA / "forms" / "questions.yaml")

TALLIES = {
    "alias-bomb.yaml": (6, 17, "the YAML expands to more than 20000 values (too many aliases?)"),
    "deep-nesting.yaml": (1, 56, "the YAML nests deeper than 50 levels"),
    "repeated-key.yaml": (4, 3, "key 'visiting' is given twice (lines 3 and 4): YAML would keep only the last"),
    "python-tag.yaml": (1, 7, "unsupported YAML tag '!!python/object/apply:os.system': only plain YAML data is read"),
    "latin-1.yaml": (1, 11, "undecodable byte 0xE1: the file must be UTF-8 (or UTF-16 with a byte order mark)"),
}


@pytest.mark.parametrize("name", sorted(TALLIES))
def test_a_hostile_tally_is_one_positioned_problem_found_fast(name):
    started = time.perf_counter()
    tally = read_tally(HOSTILE / name, name, CATALOG)
    assert time.perf_counter() - started < 0.5
    assert [(p.file, p.line, p.column, p.message) for p in tally.problems] == [(name, *TALLIES[name])]


def test_a_utf16_tally_with_a_byte_order_mark_is_read():
    tally = read_tally(HOSTILE / "utf-16.yaml", "utf-16.yaml", CATALOG)
    assert tally.problems == []
    assert str(tally.date) == "2016-01-01"


def test_a_misspelt_top_level_key_of_the_catalog_is_reported_with_the_known_one():
    with pytest.raises(PollDataError) as caught:
        load_catalog(HOSTILE / "questions.yaml", "questions.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "questions.yaml:5:1: unknown catalog key 'question' (did you mean 'questions'?)"
    ]


def test_a_misspelt_top_level_key_of_the_index_is_reported_with_the_known_one(tmp_path):
    shutil.copy(DATA / "forms" / "questions.yaml", tmp_path / "questions.yaml")
    shutil.copy(HOSTILE / "index.yaml", tmp_path / "index.yaml")
    shutil.copy(HOSTILE / "utf-16.yaml", tmp_path / "utf-16.yaml")
    with pytest.raises(PollDataError) as caught:
        load_survey(tmp_path)
    assert [(Path(p.file).name, p.line, p.column, p.message) for p in caught.value.problems] == [
        ("index.yaml", 4, 1, "unknown index key 'meetup' (did you mean 'meetups'?)")
    ]
