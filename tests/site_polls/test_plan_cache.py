"""The survey, aggregates and chart plan kept between builds: reused only while nothing they come from changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polls
import polls_site.plan_cache as plan_cache
import pytest
from damage import flip_a_bit, truncate
from kernel import cacheentry
from meetup.standalone import load_site, poll_events
from polls.errors import PollDataError
from polls_site import page_plan as site_plan
from polls_site.plan_cache import load_planned

ROOT = Path(__file__).resolve().parents[2]
TREND_URL = "polls/{slug}/index.html"
CACHE_DATA = ROOT / "tests" / "data" / "cache"


@pytest.fixture(scope="module")
def events():
    return poll_events(load_site(ROOT / "content"))


@pytest.fixture
def survey(tmp_path) -> Path:
    """A private copy of the sample survey folder, so tests can edit it."""
    shutil.copytree(ROOT / "survey", tmp_path / "survey")
    return tmp_path / "survey"


def planned(survey: Path, events, cache: Path | None, min_cell: int = 10):
    """The plan, with ``cache`` the plan's entry in the plan cache's folder."""
    return load_planned(survey, events, min_cell, TREND_URL, cache.parent if cache else None)


def no_reading(monkeypatch):
    """Make any real read of the survey fail, so only the cache can answer."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the survey was read again")

    monkeypatch.setattr(plan_cache, "load_survey", refuse)


def test_the_cached_plan_is_the_plan_made_afresh(survey, events, tmp_path):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(survey, events, cache)
    again = planned(survey, events, cache)
    fresh = polls.load_survey(survey, events=events)
    aggregates = polls.aggregate(fresh, min_cell=10)
    assert again.plan == site_plan.plan(fresh, aggregates, 10, TREND_URL)
    assert again.aggregates.equals(aggregates)


def test_unchanged_inputs_are_not_read_again(survey, events, tmp_path, monkeypatch):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(survey, events, cache)
    no_reading(monkeypatch)
    assert planned(survey, events, cache).plan.specs


def test_an_edited_poll_file_is_read_again(survey, events, tmp_path):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    before = planned(survey, events, cache).aggregates  # frames load when asked: before the folder changes
    tally = survey / "docker-brno-2.yaml"
    tally.write_text(tally.read_text("utf-8").replace('student: "~20"', 'student: "~30"'), "utf-8")
    after = planned(survey, events, cache)
    student = after.aggregates[(after.aggregates["survey"] == "docker-brno-2")
                               & (after.aggregates["question"] == "student")]
    assert list(student["count"]) == [30]
    assert not after.aggregates.equals(before)


def test_changed_events_or_settings_plan_again(survey, events, tmp_path, monkeypatch):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(survey, events, cache)
    renamed = {**events, "docker-brno-2": {**events["docker-brno-2"], "title": "Docker Brno #2 (renamed)"}}
    store = plan_cache.plan_cache(cache.parent)
    keys = {plan_cache.plan_key(store, survey, e, cell, TREND_URL)
            for e, cell in ((events, 10), (renamed, 10), (events, 12))}
    assert len(keys) == 3
    no_reading(monkeypatch)
    with pytest.raises(AssertionError, match="read again"):
        planned(survey, renamed, cache)


def test_bad_poll_data_is_reported_every_time_and_never_stored(survey, events, tmp_path):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    tally = survey / "docker-brno-2.yaml"
    tally.write_text(tally.read_text("utf-8").replace('student: "~20"', 'student: "~200"'), "utf-8")
    for _ in range(2):
        with pytest.raises(PollDataError):
            planned(survey, events, cache)
    assert not cache.exists()


def test_a_damaged_cache_file_is_planned_afresh(survey, events, tmp_path):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    cache.parent.mkdir()
    cache.write_bytes(b"not a pickle")
    assert planned(survey, events, cache).plan.specs


class Record:
    """What a patched function saw, one line each, kept in a file: the survey is read and planned in a
    process forked from the test's (plan_cache.load_planned), whose lists the test would never see."""

    def __init__(self, path: Path):
        self.path = path
        path.write_text("", "utf-8")

    def add(self, item) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(f"{item}\n")

    def __eq__(self, other) -> bool:
        return self.path.read_text("utf-8").splitlines() == [str(item) for item in other]

    def __repr__(self) -> str:
        return repr(self.path.read_text("utf-8").splitlines())

    def sorted(self) -> list[str]:
        return sorted(self.path.read_text("utf-8").splitlines())


def reads_of_the_survey(monkeypatch, tmp_path) -> Record:
    """The survey folders read from now on (the real reader still answers)."""
    seen = Record(tmp_path / "survey-reads.txt")
    real = plan_cache.load_survey

    def counting(folder, **kwargs):
        seen.add(folder)
        return real(folder, **kwargs)

    monkeypatch.setattr(plan_cache, "load_survey", counting)
    return seen


@pytest.mark.parametrize("damage", [flip_a_bit, truncate], ids=["bit-flipped", "truncated"])
def test_a_cache_file_damaged_on_disk_is_not_trusted(survey, events, tmp_path, monkeypatch, damage):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    fresh = planned(survey, events, cache)
    damage(cache)
    reads = reads_of_the_survey(monkeypatch, tmp_path)
    again = planned(survey, events, cache)
    assert reads == [survey]
    assert again.plan == fresh.plan
    assert again.aggregates.equals(fresh.aggregates)


def test_a_cache_of_code_that_no_longer_exists_is_planned_afresh(survey, events, tmp_path, monkeypatch):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    # a whole entry (its digest matches) whose pickle names a module this code does not have
    cacheentry.write(cache, (CACHE_DATA / "missing-module.pickle").read_bytes())
    reads = reads_of_the_survey(monkeypatch, tmp_path)
    assert planned(survey, events, cache).plan.specs
    assert reads == [survey]
    planned(survey, events, cache)  # and the entry written then is the one used next time
    assert reads == [survey]


def test_a_cached_plan_reads_its_frames_only_when_asked(survey, events, tmp_path, monkeypatch):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    fresh = planned(survey, events, cache)
    no_reading(monkeypatch)
    again = planned(survey, events, cache)
    assert again.downloads == fresh.downloads and again.meetups == fresh.meetups
    assert again.aggregates.equals(fresh.aggregates)  # from the frames entry, not from the survey


@pytest.mark.parametrize("damage", [flip_a_bit, truncate], ids=["bit-flipped", "truncated"])
def test_damaged_frames_beside_a_sound_plan_are_read_again(survey, events, tmp_path, monkeypatch, damage):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    fresh = planned(survey, events, cache)
    damage(cache.parent / plan_cache.FRAMES)
    reads = reads_of_the_survey(monkeypatch, tmp_path)
    again = planned(survey, events, cache)
    assert reads == []  # the plan itself is sound: nothing read until a page asks for the frames
    assert again.aggregates.equals(fresh.aggregates)
    assert reads == [survey]


def test_the_plan_entry_loads_without_pandas(survey, events, tmp_path):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(survey, events, cache)
    key = plan_cache.plan_key(plan_cache.plan_cache(cache.parent), survey, events, 10, TREND_URL)
    script = ("import sys\nfrom kernel.cache import Cache\n"
              f"light = Cache({str(cache.parent)!r}).load_keyed({plan_cache.PLAN!r}, {key!r})\n"
              "assert light is not None and light.plan.specs\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'matplotlib'}))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


# -- one group's trends kept while another group's polls change ------------------------------------


@pytest.fixture
def two_groups(survey: Path) -> Path:
    """The sample survey with a second Docker Brno meetup polled: both groups have trends."""
    (survey / "docker-brno-1.yaml").write_text(
        'event: docker-brno-1\nattended: "~60"\nanswers:\n  visiting: "~10"\n  student: "~12"\n', "utf-8")
    return survey


def calls(monkeypatch, module, name: str, record: Record, seen) -> Record:
    """``module.name`` made to add ``seen(first argument)`` to ``record`` at each call, then do its work."""
    plain = getattr(module, name)

    def counting(first, *args):
        record.add(seen(first))
        return plain(first, *args)

    monkeypatch.setattr(module, name, counting)
    return record


def group_plans_made(monkeypatch, tmp_path) -> Record:
    """The groups whose trends are fitted (page_plan.group_plan called) from now on."""
    return calls(monkeypatch, site_plan, "group_plan", Record(tmp_path / "group-plans.txt"), lambda group: group)


def test_a_poll_edit_fits_again_only_its_own_groups_trends(two_groups, events, tmp_path, monkeypatch):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(two_groups, events, cache)
    made = group_plans_made(monkeypatch, tmp_path)
    tally = two_groups / "docker-brno-2.yaml"
    tally.write_text(tally.read_text("utf-8").replace('student: "~20"', 'student: "~30"'), "utf-8")
    planned(two_groups, events, cache)
    assert made == ["docker-brno"]


def test_a_plan_with_kept_groups_is_the_plan_made_afresh(two_groups, events, tmp_path):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(two_groups, events, cache)
    tally = two_groups / "docker-brno-2.yaml"
    tally.write_text(tally.read_text("utf-8").replace('student: "~20"', 'student: "~30"'), "utf-8")
    kept = planned(two_groups, events, cache).plan
    fresh = polls.load_survey(two_groups, events=events)
    assert kept == site_plan.plan(fresh, polls.aggregate(fresh, min_cell=10), 10, TREND_URL)
    assert {page.group for page in kept.trend_pages} == {"docker-brno", "demo-city-cloud-native"}


def test_a_poll_edit_makes_again_only_its_own_groups_results(survey, events, tmp_path, monkeypatch):
    # Docker Brno has one polled meetup in the sample: results and no trends, kept or made as a group
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    before = planned(survey, events, cache).plan
    made = group_plans_made(monkeypatch, tmp_path)
    tally = survey / "docker-brno-2.yaml"
    tally.write_text(tally.read_text("utf-8").replace('student: "~20"', 'student: "~30"'), "utf-8")
    after = planned(survey, events, cache).plan
    assert made == ["docker-brno"]
    assert after.figures["docker-brno-2"] != before.figures["docker-brno-2"]
    assert {name: figures for name, figures in after.figures.items() if not name.startswith("docker-brno")} == {
        name: figures for name, figures in before.figures.items() if not name.startswith("docker-brno")}


def test_a_changed_setting_fits_every_group_again(two_groups, events, tmp_path, monkeypatch):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(two_groups, events, cache, min_cell=10)
    made = group_plans_made(monkeypatch, tmp_path)
    planned(two_groups, events, cache, min_cell=11)
    assert made.sorted() == ["demo-city-cloud-native", "docker-brno"]


def tallies_parsed(monkeypatch, tmp_path) -> Record:
    """The tally files parsed (polls.read.folder.read_tally called) from now on, by name."""
    import polls.read.folder as folder

    return calls(monkeypatch, folder, "read_tally", Record(tmp_path / "parsed.txt"), lambda path: path.name)


def test_a_poll_edit_parses_only_the_edited_tally_again(survey, events, tmp_path, monkeypatch):
    # form exports are read every build: their reading holds the open sheet, to find a response's line
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(survey, events, cache)
    parsed = tallies_parsed(monkeypatch, tmp_path)
    edited = survey / "demo-city-3.yaml"
    edited.write_text(edited.read_text("utf-8") + "\n# recounted\n", "utf-8")
    planned(survey, events, cache)
    assert parsed == ["demo-city-3.yaml"]


def test_an_edited_catalog_parses_every_poll_file_again(survey, events, tmp_path, monkeypatch):
    cache = tmp_path / "polls-plan" / plan_cache.PLAN
    planned(survey, events, cache)
    parsed = tallies_parsed(monkeypatch, tmp_path)
    catalog = survey / "questions.yaml"
    catalog.write_text(catalog.read_text("utf-8").replace("text: Visiting", "text: Asked, visiting", 1), "utf-8")
    planned(survey, events, cache)
    assert parsed.sorted() == sorted(p.name for p in survey.glob("*.yaml") if p.name != "questions.yaml")
