"""A survey folder: which file belongs to which meetup, index.yaml, and `invoke survey-check`."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from meetup.standalone import load_site, poll_events
from polls import PollDataError, load_survey
from polls.read.check import check_survey

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "polls"
FORMS = DATA / "forms"
TALLY = "answers:\n  visiting: 9\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copy(FORMS / "questions.yaml", tmp_path / "questions.yaml")
    return tmp_path


def test_meetups_are_sorted_by_date_and_counts_follow_the_catalog(folder):
    (folder / "b.yaml").write_text(
        "date: 2016-01-01\nanswers:\n  company_size: {50+: 3, 1-9: 2}\n  visiting: 4\n", encoding="utf-8"
    )
    (folder / "a.yaml").write_text("date: 2016-02-01\n" + TALLY, encoding="utf-8")
    survey = load_survey(folder)
    assert survey.meetups["survey"].tolist() == ["b", "a"]
    assert survey.counts[["survey", "question", "option"]].values.tolist() == [
        ["b", "visiting", "yes"],
        ["b", "company_size", "1-9"],
        ["b", "company_size", "50+"],
        ["a", "visiting", "yes"],
    ]


def test_index_gives_names_dates_and_headcounts_to_a_standalone_folder(folder):
    (folder / "spring.yaml").write_text(TALLY, encoding="utf-8")
    (folder / "index.yaml").write_text(
        "meetups:\n  - id: spring\n    title: Spring meetup\n    date: 2016-04-07\n"
        '    group: brno\n    attended: "~30"\n',
        encoding="utf-8",
    )
    meetup = load_survey(folder).meetups.iloc[0]
    assert (meetup["title"], meetup["date"].date(), meetup["group"], meetup["attended"], meetup["attended_approx"]) == (
        "Spring meetup",
        dt.date(2016, 4, 7),
        "brno",
        30,
        True,
    )


def test_index_can_assign_a_file_with_any_name_to_a_meetup(folder):
    shutil.copy(FORMS / "ms-forms.csv", folder / "export (3).csv")
    (folder / "index.yaml").write_text(
        "meetups:\n  - id: docker-brno-9\n    date: 2016-12-01\n    file: export (3).csv\n", encoding="utf-8"
    )
    meetup = load_survey(folder).meetups.iloc[0]
    assert (meetup["survey"], meetup["source"], meetup["format"]) == ("docker-brno-9", "export (3).csv", "ms-forms")


def test_a_folder_named_after_a_meetup_holds_several_poll_files(folder):
    (folder / "docker-brno-3").mkdir()
    shutil.copy(FORMS / "ms-forms.csv", folder / "docker-brno-3" / "form.csv")
    (folder / "docker-brno-3" / "hands.yaml").write_text("answers:\n  workshop: 14\n", encoding="utf-8")
    survey = load_survey(folder, {"docker-brno-3": {"date": dt.date(2016, 1, 14)}})
    meetup = survey.meetups.iloc[0]
    assert (meetup["survey"], meetup["format"]) == ("docker-brno-3", "ms-forms, tally")
    assert meetup["source"] == "docker-brno-3/form.csv, docker-brno-3/hands.yaml"
    assert "workshop" in set(survey.counts["question"]) and "role" in set(survey.counts["question"])


def test_the_same_question_in_two_files_of_one_meetup_is_a_problem(folder):
    (folder / "m").mkdir()
    for name in ("one.yaml", "two.yaml"):
        (folder / "m" / name).write_text("date: 2016-01-01\n" + TALLY, encoding="utf-8")
    with pytest.raises(PollDataError) as caught:
        load_survey(folder)
    assert [p.message for p in caught.value.problems] == [
        "question 'visiting' of meetup 'm' is also answered in " + str(folder / "m" / "one.yaml")
    ]


def test_problems_of_every_file_are_reported_together(folder):
    shutil.copy(DATA / "bad" / "unknown.csv", folder / "a.csv")
    shutil.copy(DATA / "bad" / "duplicates.csv", folder / "b.csv")
    (folder / "index.yaml").write_text(
        "meetups:\n  - id: a\n    date: 2016-01-01\n  - id: b\n    date: 2016-02-01\n", encoding="utf-8"
    )
    with pytest.raises(PollDataError) as caught:
        load_survey(folder)
    assert {Path(p.file).name for p in caught.value.problems} == {"a.csv", "b.csv"}
    assert len(caught.value.problems) == 4


SITE_EVENTS = {"docker-brno-6": {"title": "Docker Brno #6", "date": dt.date(2016, 6, 9), "group": "docker-brno",
                                  "attendance": 35, "attendance_approx": False}}


def test_a_poll_file_named_after_no_event_of_the_site_is_a_problem_at_its_top(folder):
    # Its own date would otherwise add a made-up meetup to the trend pages and downloads.
    (folder / "nosuch-event.yaml").write_text("date: 2016-06-09\n" + TALLY, encoding="utf-8")
    with pytest.raises(PollDataError) as caught:
        load_survey(folder, SITE_EVENTS)
    [problem] = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.column) == ("nosuch-event.yaml", 1, 1)
    assert problem.message.startswith("no event 'nosuch-event' on the site")


def test_an_event_key_naming_no_site_event_is_reported_at_the_key_with_the_closest_slug(folder):
    (folder / "june.yaml").write_text("date: 2016-06-09\nevent: docker-brno6\n" + TALLY, encoding="utf-8")
    with pytest.raises(PollDataError) as caught:
        load_survey(folder, SITE_EVENTS)
    [problem] = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.column) == ("june.yaml", 2, 1)
    assert problem.message.endswith("(did you mean the event 'docker-brno-6'?)")


def test_a_form_export_named_after_no_site_event_is_a_problem_too(folder):
    shutil.copy(FORMS / "ms-forms.csv", folder / "docker-brno-66.csv")
    with pytest.raises(PollDataError) as caught:
        load_survey(folder, SITE_EVENTS)
    assert [(Path(p.file).name, p.line, p.column) for p in caught.value.problems] == [("docker-brno-66.csv", 1, 1)]


def test_a_meetup_listed_in_index_yaml_may_sit_beside_the_sites_events(folder):
    (folder / "docker-brno-6.yaml").write_text(TALLY, encoding="utf-8")
    (folder / "spring.yaml").write_text(TALLY, encoding="utf-8")
    (folder / "index.yaml").write_text("meetups:\n  - id: spring\n    date: 2016-04-07\n", encoding="utf-8")
    assert load_survey(folder, SITE_EVENTS).meetups["survey"].tolist() == ["spring", "docker-brno-6"]


def test_without_site_events_a_tally_with_its_own_date_is_its_own_meetup(folder):
    (folder / "nosuch-event.yaml").write_text("date: 2016-06-09\n" + TALLY, encoding="utf-8")
    assert load_survey(folder).meetups["survey"].tolist() == ["nosuch-event"]


def test_events_are_read_from_the_sites_content():
    events = poll_events(load_site(ROOT / "content", {"MEETUP_TIMEZONE": "Europe/Prague"}))
    assert events["docker-brno-2"]["date"] == dt.date(2015, 10, 15)
    assert (events["docker-brno-2"]["attendance"], events["docker-brno-2"]["attendance_approx"]) == (100, True)


def test_survey_check_summarises_each_meetup():
    result = check_survey(FORMS, {"docker-brno-3": {"date": dt.date(2016, 1, 14)}})
    assert result.ok
    lines = {line.split(" ")[0]: line for line in result.summary[:-1]}
    assert lines["docker-brno-3"] == (
        "docker-brno-3 (2016-01-14): docker-brno-3.csv [google-forms, utf-8, comma-separated] "
        "8 respondents, 4 questions mapped"
    )
    assert lines["brno-cz"].endswith("[google-forms, cp1250, comma-separated] 5 respondents, 4 questions mapped")
    assert result.summary[-1].startswith("5 meetups with polls")


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "survey-check", "--path", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_survey_check_task_exits_non_zero_with_one_line_per_problem(folder):
    shutil.copy(DATA / "tallies" / "bad-figures.yaml", folder / "bad-figures.yaml")
    done = run_check(folder)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 7
    assert all(":" in line and "bad-figures.yaml:" in line for line in lines)
    assert "Traceback" not in done.stderr + done.stdout


def test_survey_check_task_prints_the_summary_and_exits_zero(folder):
    (folder / "spring.yaml").write_text("date: 2016-04-07\nattended: 31\n" + TALLY, encoding="utf-8")
    done = run_check(folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "spring (2016-04-07): spring.yaml [tally, utf-8] headcount 31, 1 question mapped"
    )


def test_more_form_answers_than_people_present_is_a_problem_at_the_first_extra_response(monkeypatch):
    # tests/data/polls/overfull: 20 Google Forms answers, index.yaml says 12 attended
    monkeypatch.chdir(ROOT)
    result = check_survey(DATA / "overfull")
    assert [str(p) for p in result.problems] == [
        "tests/data/polls/overfull/form-night.csv:14:1: more answers than people present: "
        "20 responses but a headcount of 12 (response 13 starts here); check the headcount or the file"
    ]


def test_an_approximate_headcount_is_held_to_the_top_of_its_plausible_range(folder):
    # "~15" may have been 17 people (plus or minus max(2, 10 %)): 20 answers are still too many,
    # and the 18th answer is the first that no plausible headcount explains
    shutil.copy(DATA / "overfull" / "form-night.csv", folder / "form-night.csv")
    (folder / "index.yaml").write_text(
        'meetups:\n  - id: form-night\n    date: 2016-06-09\n    attended: "~15"\n', encoding="utf-8")
    with pytest.raises(PollDataError) as error:
        load_survey(folder)
    assert [str(p) for p in error.value.problems] == [
        f"{folder / 'form-night.csv'}:19:1: more answers than people present: "
        "20 responses but a headcount of ≈15 (response 18 starts here); check the headcount or the file"
    ]


def test_as_many_form_answers_as_the_plausible_headcount_pass(folder):
    shutil.copy(DATA / "overfull" / "form-night.csv", folder / "form-night.csv")
    (folder / "index.yaml").write_text(
        'meetups:\n  - id: form-night\n    date: 2016-06-09\n    attended: "~18"\n', encoding="utf-8")
    assert load_survey(folder).meetups["respondents"].tolist() == [20]


POLLS_PATH_SITE = DATA / "polls-path-site"


def test_survey_check_reads_the_folder_the_sites_POLLS_PATH_names(monkeypatch, capsys):
    # the build reads poll-data/ for this site; survey-check must check the same folder, not survey/
    from invoke import Context

    import tasks

    monkeypatch.setattr(tasks, "SETTINGS", POLLS_PATH_SITE / "siteconf.py")
    tasks.survey_check(Context())
    assert capsys.readouterr().out.splitlines() == [
        "spring (2016-04-07): spring.yaml [tally, utf-8] headcount 31, 1 question mapped",
        "1 meetup with polls, 7 questions in the catalog: no problems found",
    ]
