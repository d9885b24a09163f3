"""Show-of-hands tallies (survey/<event>.yaml): figures, bases, approximations, problems."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from polls import PollDataError, load_survey

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "polls"
TALLIES = DATA / "tallies"
CATALOG = DATA / "forms" / "questions.yaml"
SEED = ROOT.parent / "shared" / "seeds" / "docker-brno-meetup-2015-10-15.txt"


def folder_with(tmp_path: Path, *tallies: str) -> Path:
    shutil.copy(CATALOG, tmp_path / "questions.yaml")
    for name in tallies:
        shutil.copy(TALLIES / name, tmp_path / name)
    return tmp_path


def problems_of(folder: Path, events: dict | None = None) -> list:
    with pytest.raises(PollDataError) as caught:
        load_survey(folder, events)
    return caught.value.problems


def position(path: Path, line_text: str, token: str) -> tuple[int, int]:
    """(line, column) of ``token`` on the line that contains ``line_text``, found by search."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line_text in line:
            return number, line.index(token, line.index(line_text)) + 1
    raise AssertionError(f"{line_text!r} not in {path}")


# --- the site's own sample: Docker Brno #2 ------------------------------------------------


@pytest.fixture(scope="module")
def brno(tmp_path_factory):
    """The site's catalog and the Docker Brno #2 tally, on their own."""
    folder = tmp_path_factory.mktemp("brno")
    for name in ("questions.yaml", "docker-brno-2.yaml"):
        shutil.copy(ROOT / "survey" / name, folder / name)
    return load_survey(folder)


def test_docker_brno_2_is_one_meetup_of_about_a_hundred_people(brno):
    meetup = brno.meetups.set_index("survey").loc["docker-brno-2"]
    assert (meetup["title"], str(meetup["date"].date()), meetup["group"]) == (
        "Docker Brno #2",
        "2015-10-15",
        "docker-brno",
    )
    assert (meetup["attended"], meetup["attended_approx"], meetup["format"]) == (100, True, "tally")


def test_docker_brno_2_figures_match_the_recap(brno):
    """Each figure of the seed recap ("~20 people", "~85% of the group") becomes a count of 100."""
    if not SEED.is_file():
        pytest.skip(f"seed recap not found at {SEED}")
    recap = SEED.read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"~(\d+)", recap)] + [
        int(n) for n in re.findall(r"about (\d+) people", recap)
    ]
    counts = brno.counts.set_index("question")["count"]
    # ~20 visiting, ~20 students, ~85 %, ~50 %, ~60 %, about 10 with Docker in the job, about 12 with 3+ images
    assert [
        counts[q]
        for q in (
            "visiting",
            "student",
            "experimenting",
            "containers_in_production",
            "docker_in_production",
            "docker_in_job",
            "images_per_app",
        )
    ] == (numbers[:2] + [round(share * 100 / 100) for share in numbers[2:5]] + numbers[5:7])


def test_docker_brno_2_shares_use_the_headcount_as_base_and_stay_approximate(brno):
    counts = brno.counts
    assert set(counts["base_kind"]) == {"attended"}
    assert set(counts["base"]) == {100}
    assert counts["approx"].all()
    assert counts["answered"].isna().all()


def test_three_or_more_images_is_an_option_of_the_bucket_question(brno):
    row = brno.counts[brno.counts["question"] == "images_per_app"]
    assert row[["option", "count"]].values.tolist() == [["3+", 12]]


# --- the format ---------------------------------------------------------------------------


@pytest.fixture
def good(tmp_path):
    return load_survey(folder_with(tmp_path, "good.yaml"))


def test_tally_names_its_event_and_date_itself(good):
    assert good.meetups[["survey", "title", "attended"]].values.tolist() == [["docker-brno-5", "Docker Brno #5", 48]]
    assert good.meetups["respondents"].isna().all()
    assert good.meetups["source"].tolist() == ["good.yaml"]


def test_a_wording_or_an_option_spelling_works_as_well_as_an_id(good):
    counts = good.counts.set_index(["question", "option"])["count"]
    assert counts[("visiting", "yes")] == 12
    assert counts[("company_size", "50+")] == 16


def test_attendance_question_is_a_plain_headcount(good):
    row = good.counts[good.counts["question"] == "workshop"].iloc[0]
    assert (row["option"], row["count"], row["approx"]) == ("count", 15, True)


def test_percentages_become_counts_of_the_questions_own_base(good):
    rows = good.counts[good.counts["question"] == "company_size"].set_index("option")
    assert set(rows["base_kind"]) == {"answered"} and set(rows["answered"]) == {40}
    assert rows.loc["1-9", "count"] == 40 * 25 // 100
    assert not rows.loc["1-9", "approx"]  # 25 % of 40 is exactly 10
    assert not rows.loc["10-49", "approx"]


def test_percentage_of_the_headcount_rounds_half_up_and_is_approximate(good):
    row = good.counts[good.counts["question"] == "images_per_app"].iloc[0]
    assert (row["base_kind"], row["base"]) == ("attended", 48)
    assert row["count"] == int(48 * 0.30 + 0.5)  # 14.4 -> 14
    assert row["approx"]


def test_event_key_overrides_the_file_name(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "notes-from-may.yaml").write_text((TALLIES / "good.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_survey(folder).meetups["survey"].tolist() == ["docker-brno-5"]


def test_file_named_after_a_site_event_takes_its_date_and_headcount(tmp_path):
    import datetime as dt

    folder = folder_with(tmp_path)
    (folder / "docker-brno-6.yaml").write_text("answers:\n  visiting: 9\n", encoding="utf-8")
    events = {
        "docker-brno-6": {
            "title": "Docker Brno #6",
            "date": dt.date(2016, 6, 9),
            "group": "docker-brno",
            "attendance": 35,
            "attendance_approx": True,
        }
    }
    survey = load_survey(folder, events)
    assert survey.meetups[["survey", "title", "attended", "attended_approx"]].values.tolist() == [
        ["docker-brno-6", "Docker Brno #6", 35, True]
    ]
    assert survey.counts["base"].tolist() == [35]


# --- problems, each where it is -----------------------------------------------------------


@pytest.fixture
def bad_figures(tmp_path):
    return problems_of(folder_with(tmp_path, "bad-figures.yaml"))


@pytest.mark.parametrize(
    ("line_text", "token", "message"),
    [
        ("visiting:", '"~60"', "count above base: 60 is more than the 50 attendees"),
        ("workshop:", '"-3"', "negative count"),
        ('"1-9":', '"120%"', "share above 100%"),
        ('"10-49":', "lots", "not a number: 'lots'"),
        ("orchestrators:", "12.5", "a count is a whole number of people, not 12.5"),
        (
            "favorite_talk:",
            "favorite_talk",
            "unknown question 'favorite_talk'; closest catalog question: favourite_talk",
        ),
        ("images_per_app:", '"4+"', "unknown option '4+' for question 'images_per_app'"),
    ],
)
def test_every_bad_figure_is_reported_at_its_line_and_column(bad_figures, line_text, token, message):
    line, column = position(TALLIES / "bad-figures.yaml", line_text, token)
    found = [p for p in bad_figures if (p.line, p.column) == (line, column)]
    assert found, f"nothing reported at {line}:{column}; got {[str(p) for p in bad_figures]}"
    assert message in found[0].message
    assert found[0].file.endswith("bad-figures.yaml")


def test_all_problems_of_a_file_are_reported_at_once(bad_figures):
    assert len(bad_figures) == 7


def test_problem_prints_as_file_line_column_message(bad_figures):
    first = min(bad_figures, key=lambda p: p.line)
    assert re.fullmatch(r".*bad-figures\.yaml:\d+:\d+: .+", str(first))


def test_a_tally_without_answers_is_an_empty_file(tmp_path):
    problems = problems_of(folder_with(tmp_path, "empty.yaml"))
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert problems[0].message.startswith("empty file")


def test_answers_given_as_a_list_are_reported_at_answers_as_the_wrong_shape(tmp_path):
    problems = problems_of(folder_with(tmp_path, "answers-list.yaml"))
    assert [(p.line, p.column) for p in problems] == [position(TALLIES / "answers-list.yaml", "answers:", "answers")]
    assert problems[0].message.startswith("`answers:` must map each question id to a figure")


def test_yaml_syntax_error_points_at_the_spot(tmp_path):
    problems = problems_of(folder_with(tmp_path, "broken-yaml.yaml"))
    assert len(problems) == 1
    assert problems[0].line == 4 and problems[0].message.startswith("not valid YAML")


def test_a_tally_without_a_date_says_where_to_give_one(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "docker-brno-7.yaml").write_text("answers:\n  visiting: 9\n", encoding="utf-8")
    problems = problems_of(folder)
    assert "no date for meetup 'docker-brno-7'" in problems[0].message


def test_a_misspelt_event_name_gets_a_hint_from_the_sites_events(tmp_path):
    import datetime as dt

    folder = folder_with(tmp_path)
    (folder / "docker-brno6.yaml").write_text("answers:\n  visiting: 9\n", encoding="utf-8")
    events = {"docker-brno-6": {"title": "Docker Brno #6", "date": dt.date(2016, 6, 9)}}
    assert "did you mean the event 'docker-brno-6'" in problems_of(folder, events)[0].message
