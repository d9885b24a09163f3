"""Choosing the meetups: --since/--until, --last, --group, --sponsor."""

from __future__ import annotations

import datetime as dt

from polls.report import parse_options
from polls.report.headline import permutation_p_value
from polls.report.selection import select
from report_helpers import TODAY, build, records_of


def headline(built, group: str) -> dict[str, str]:
    section = built.html.find("section", attrs={"data-group": group})
    return {tr["data-figure"]: tr.td.get_text(strip=True) for tr in section.select("table.headline tr")}


def test_last_n_keeps_the_latest_meetups(synthetic_site, tmp_path):
    built = build(synthetic_site["content"], synthetic_site["survey"], tmp_path / "r", last="5", formats="html")
    expected = sum(m["attended"] for m in synthetic_site["meetups"][-5:])
    figures = headline(built, "cloud-brno")
    assert figures["Meetups held"] == "5"
    assert figures["Total attendance"].lstrip("≈") == str(expected)


def test_since_and_until_bound_the_period(synthetic_site):
    site = records_of(synthetic_site["content"])
    dates = [m["date"] for m in synthetic_site["meetups"]]
    options = parse_options("out", since=str(dates[3]), until=str(dates[9]))
    chosen = select(site, options, TODAY)
    assert [e.date for e in chosen.events] == dates[3:10]


def test_a_sponsor_by_name_keeps_the_events_it_supported(synthetic_site):
    site = records_of(synthetic_site["content"])
    chosen = select(site, parse_options("out", sponsor="ceska firma"), TODAY)
    expected = [m["slug"] for m in synthetic_site["meetups"] if "ceska-firma" in m["sponsors"]]
    assert [e.slug for e in chosen.events] == expected
    assert chosen.sponsor.name == "Česká Firma"


def test_scheduled_meetups_are_not_counted_as_held(synthetic_site):
    site = records_of(synthetic_site["content"])
    cutoff = synthetic_site["meetups"][9]["date"]
    chosen = select(site, parse_options("out"), cutoff)
    assert len(chosen.events) == 10


def test_the_sponsor_report_lists_only_that_sponsor(sample_report, tmp_path):
    built = build(sample_report.content, sample_report.survey, tmp_path / "rh", sponsor="Red Hat")
    assert [d["data-sponsor"] for d in built.html.select("div.sponsor")] == ["red-hat"]
    assert [s["data-group"] for s in built.html.find_all("section", attrs={"data-group": True})] == ["docker-brno"]
    assert headline(built, "docker-brno")["Meetups held"] == "1"


def test_the_permutation_p_value_counts_every_split():
    # 3 against 3 with no overlap: only the observed split and its mirror are as extreme, 2 of C(6,3) = 20.
    assert permutation_p_value([1, 2, 3], [4, 5, 6]) == 2 / 20
    assert permutation_p_value([5, 5, 5], [5, 5, 5]) == 1.0


def test_period_is_reported_in_the_scope_line(synthetic_site, tmp_path):
    dates = [m["date"] for m in synthetic_site["meetups"]]
    built = build(synthetic_site["content"], synthetic_site["survey"], tmp_path / "r",
                  since=str(dates[2]), until=str(dates[4] + dt.timedelta(days=1)), formats="html")
    scope = built.html.find("p", class_="scope").get_text()
    assert scope.startswith(f"Meetups held from {dates[2].day} ")
