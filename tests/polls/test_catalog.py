"""The question catalog (survey/questions.yaml): ids, kinds, options, wordings, problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from polls import PollDataError, load_catalog
from polls.read.catalog import KINDS, normalize

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "polls" / "bad" / "catalog-problems.yaml"


@pytest.fixture(scope="module")
def site_catalog():
    return load_catalog(ROOT / "survey" / "questions.yaml")


def test_site_catalog_has_every_question_of_the_docker_brno_2_tally(site_catalog):
    tally = yaml.safe_load((ROOT / "survey" / "docker-brno-2.yaml").read_text(encoding="utf-8"))
    assert {site_catalog.lookup(key).id for key in tally["answers"]} == set(tally["answers"])


def test_site_catalog_questions_have_kind_topic_base_and_options(site_catalog):
    assert site_catalog.questions
    for question in site_catalog.questions:
        assert question.kind in KINDS
        assert question.topic and question.topic != "other", question.id
        assert question.base in ("answered", "attended")
        assert question.options, question.id
        assert not question.free_text  # the site shows no free text


def test_catalog_order_is_file_order(site_catalog):
    raw = yaml.safe_load((ROOT / "survey" / "questions.yaml").read_text(encoding="utf-8"))
    assert [q.id for q in site_catalog.questions] == [q["id"] for q in raw["questions"]]


def test_yes_no_questions_get_yes_and_no_with_common_spellings(site_catalog):
    visiting = site_catalog.get("visiting")
    assert [o.id for o in visiting.options] == ["yes", "no"]
    assert [visiting.option(a).id for a in ("Yes", "ano", "NO", "ne")] == ["yes", "yes", "no", "no"]


def test_attendance_question_has_the_single_count_option(site_catalog):
    assert [o.id for o in site_catalog.get("workshop_attendance").options] == ["count"]


def test_wordings_match_whatever_the_case_spacing_and_punctuation(site_catalog):
    found = site_catalog.find("  are you VISITING from another city ")
    assert [q.id for q, _ in found] == ["visiting"]
    assert normalize("What is the size of your company/organization?\xa0") == normalize(
        "what is the size of your company organization"
    )


def test_comparison_signs_and_plus_are_kept_in_option_spellings():
    assert normalize("<10") != normalize(">10") != normalize("10")
    assert normalize("3+") != normalize("3")


def test_option_spellings_and_numeric_ranges(site_catalog):
    images = site_catalog.get("images_per_app")
    assert [images.option(a).id for a in ("3 or more", "jeden", "2", "7")] == ["3+", "1", "2", "3+"]
    assert images.option("none at all") is None


def test_unknown_wording_gets_the_closest_question_as_hint(site_catalog):
    assert site_catalog.closest("Are you visiting from other city") == "visiting (Visiting from another city)"
    assert site_catalog.closest("What is your favourite pizza topping, really?") is None


@pytest.fixture(scope="module")
def bad_problems():
    with pytest.raises(PollDataError) as caught:
        load_catalog(BAD)
    return caught.value.problems


def at(text: str, token: str, after: int = 0) -> tuple[int, int]:
    lines = BAD.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if number > after and text in line:
            return number, line.index(token) + 1
    raise AssertionError(text)


@pytest.mark.parametrize(
    ("text", "token", "after", "message"),
    [
        ("id: visiting", "visiting", 4, "duplicate question id 'visiting'"),
        ("kind: bucket-list", "bucket-list", 0, "question 'size': kind must be one of"),
        ("id: tools", "id", 0, "question 'tools': a multiple question needs a list of `options`"),
        ("spellings: [docker]", "{", 0, "spelling 'docker' of option 'moby' already means 'docker'"),
        ("bsae:", "bsae", 0, "unknown question key 'bsae' (did you mean 'base'?)"),
        ("id: travel", "id", 0, "wording 'Visiting from another city' of 'travel' is already a wording of 'visiting'"),
    ],
)
def test_each_catalog_mistake_is_reported_where_it_is(bad_problems, text, token, after, message):
    line, column = at(text, token, after)
    found = [p for p in bad_problems if (p.line, p.column) == (line, column)]
    assert found, [str(p) for p in bad_problems]
    assert any(message in p.message for p in found)


def test_all_catalog_mistakes_are_reported_together(bad_problems):
    assert len(bad_problems) == 6


def test_missing_catalog_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(PollDataError) as caught:
        load_catalog(tmp_path / "questions.yaml")
    assert caught.value.problems[0].message == "question catalog not found"
