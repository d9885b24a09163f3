"""The fictional Demo City polls in survey/: reproducible, consistent with the event
pages, and shaped to demonstrate what they are there for (a trend, and suppression)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tools import make_demo_polls

ROOT = Path(__file__).resolve().parent.parent.parent
polls = pytest.importorskip("polls")


def event_front_matter(slug: str) -> dict:
    text = (ROOT / "content" / "events" / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def site_events() -> dict[str, dict]:
    """content/events/ as the poll engine takes them (the site passes the same mapping)."""
    events = {}
    for path in sorted((ROOT / "content" / "events").glob("*.md")):
        front = event_front_matter(path.stem)
        attendance = front.get("attendance")
        events[path.stem] = {
            "title": front["title"], "date": front["date"], "group": front.get("group", ""),
            "attendance": int(str(attendance).lstrip("~")) if attendance is not None else None,
            "attendance_approx": isinstance(attendance, str) and attendance.startswith("~"),
        }
    return events


@pytest.fixture(scope="module")
def demo():
    survey = polls.load_survey(ROOT / "survey", site_events())
    aggregates = polls.aggregate(survey)
    return survey, aggregates[aggregates["group"] == "demo-city-cloud-native"]


def test_the_committed_demo_polls_are_exactly_what_the_generator_writes():
    for name, content in make_demo_polls.build().items():
        assert (ROOT / "survey" / name).read_bytes() == content, f"survey/{name} differs: rerun the generator"


def test_the_generator_gives_the_same_bytes_every_run():
    assert make_demo_polls.build() == make_demo_polls.build()


@pytest.mark.parametrize("meetup", make_demo_polls.MEETUPS, ids=lambda m: m.slug)
def test_each_demo_poll_uses_the_headcount_and_date_of_its_event_page(meetup):
    front = event_front_matter(meetup.slug)
    assert str(front["date"]) == meetup.date.isoformat()
    assert str(front["attendance"]) == (f"~{meetup.attended}" if meetup.approx else str(meetup.attended))


def test_every_demo_meetup_has_a_poll_in_the_format_it_was_meant_to_have(demo):
    survey, _ = demo
    formats = dict(zip(survey.meetups["survey"], survey.meetups["format"], strict=True))
    expected = {m.slug: "tally" for m in make_demo_polls.MEETUPS}
    expected |= {"demo-city-12": "google-forms", "demo-city-13": "surveymonkey", "demo-city-14": "ms-forms"}
    assert {slug: formats.get(slug) for slug in expected} == expected


def test_no_respondent_name_or_address_survives_into_the_published_figures(demo, tmp_path):
    _, aggregates = demo
    out = tmp_path / "demo.csv"
    polls.export_csv(aggregates, out)
    published = out.read_text(encoding="utf-8")
    assert "demo-city-cloud-native" in published  # the export searched below holds the demo group's figures
    for respondent in (1, 12, 40):
        first, last, email = make_demo_polls.person(respondent)
        assert email not in published and f"{first}," not in published
    assert "192.0.2." not in published


def pooled_share(aggregates, slugs: list[str], question: str) -> float:
    rows = aggregates[(aggregates["survey"].isin(slugs)) & (aggregates["question"] == question)
                      & (aggregates["option"] == "yes")]
    return rows["count"].sum() / rows["base"].sum()


def test_containers_in_production_rises_over_the_demo_year(demo):
    _, aggregates = demo
    first = pooled_share(aggregates, ["demo-city-1", "demo-city-2", "demo-city-3"], "containers_in_production")
    last = pooled_share(aggregates, ["demo-city-12", "demo-city-13", "demo-city-14"], "containers_in_production")
    assert 0.30 <= first <= 0.42
    assert 0.50 <= last <= 0.65


def test_some_demo_cells_are_suppressed_but_most_are_published(demo):
    _, aggregates = demo
    hidden = aggregates["suppressed"].sum()
    assert 0 < hidden < 0.15 * len(aggregates)
    assert set(aggregates.loc[aggregates["suppressed"], "suppression"]) >= {"small", "complement"}
