"""The chart directive: a paragraph ``[[poll MEETUP QUESTION]]`` or ``[[poll-trend QUESTION OPTION [GROUP]]]``.

``[[poll ...]]`` becomes that meetup's question as an HTML figure (the figure is
its data table), ``[[poll-trend ...]]`` the trend chart with its data table; a
directive naming a chart the polls
cannot draw fails the build with one file:line:column line and leaves the
previous output as it was.
"""

from __future__ import annotations

import math
import shutil
from fractions import Fraction

import pytest
from bs4 import BeautifulSoup
from polls_site import generator
from pollsite import DATA, assert_built, build_polls_site, rebuild_after
from recap_build.build import INTERNAL


def _page(output, slug: str) -> BeautifulSoup:
    return BeautifulSoup((output / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_polls_explained_page_shows_a_meetups_figure_and_a_trend_chart(cold_build):
    page = _page(cold_build.output, "polls-explained")
    results, charts = page.select("figure.poll-figure"), page.select("figure.chart")

    assert len(results) == 1
    assert results[0].find("svg") is None
    assert results[0].table.tbody.find_all("tr")
    assert [f["class"] for f in charts] == [["chart", "chart-trend"]]
    assert charts[0].find("svg") is not None
    assert charts[0].find("details").find("table").tbody.find_all("tr")


def test_the_directives_figure_is_the_meetups_results_with_its_numbers(cold_build, engine):
    results = _page(cold_build.output, "polls-explained").select_one("figure.poll-figure")
    row = engine.aggregates.set_index(["survey", "question"]).loc[("docker-brno-2", "experimenting")]
    question = next(q for q in engine.survey.catalog.questions if q.id == "experimenting")

    share = Fraction(int(row["count"]), int(row["base"]))

    assert results.table.caption.get_text().startswith(f"{question.text} — Docker Brno #2")
    assert results.table.tbody.td.select_one(".poll-value").get_text() == (
        f"{'≈' if row['approx'] else ''}{math.floor(share * 100 + Fraction(1, 2))} %")


def test_the_trend_directive_has_one_row_per_polled_meetup_of_the_group(cold_build, engine):
    trend = _page(cold_build.output, "polls-explained").select_one("figure.chart-trend")
    table = engine.aggregates
    polled = table[(table["group"] == "demo-city-cloud-native") & (table["question"] == "containers_in_production")
                   & (table["option"] == "yes")]

    assert [tr.th.get_text() for tr in trend.table.tbody.find_all("tr")] == list(polled["title"])


def test_no_directive_text_is_left_in_the_page(cold_build):
    text = _page(cold_build.output, "polls-explained").get_text()

    assert "One meetup's answers" in text  # the page's own words: the text searched below is the page
    assert "[[poll" not in text


def test_the_page_says_the_demo_numbers_are_fictional(cold_build):
    words = _page(cold_build.output, "polls-explained").find("main").get_text(" ").lower()

    assert "fictional" in words


def test_a_directive_in_a_small_site_is_replaced_by_its_figure(small_site, tmp_path):
    content, survey = small_site
    built = build_polls_site(tmp_path / "output", tmp_path / "cache", content=content, survey=survey)

    assert_built(built)
    figure = _page(built.output, "results").select_one("figure.poll-figure")
    assert figure.table.caption.get_text().startswith("Actively experimenting with containers — Small Meetup #2")


def test_a_directive_naming_an_unpolled_meetup_fails_the_build_at_its_line(small_site, tmp_path):
    content, survey = small_site
    built, before, after = rebuild_after(
        lambda: shutil.copy(DATA / "unknown-meetup-page.md", content / "pages" / "missing.md"),
        content, survey, tmp_path / "output", tmp_path / "cache")

    assert not built.result.ok
    assert built.result.errors == []
    assert [str(p).split(": ", 1)[0] for p in built.result.problems] == ["content/pages/missing.md:8:1"]
    assert "small-99" in built.result.problems[0].message
    assert after == before


def test_a_trend_directive_naming_an_unknown_question_fails_the_build_at_its_line(small_site, tmp_path):
    content, survey = small_site
    shutil.copy(DATA / "unknown-trend-page.md", content / "pages" / "missing.md")

    built = build_polls_site(tmp_path / "output", tmp_path / "cache", content=content, survey=survey)

    assert not built.result.ok
    assert built.result.errors == []
    assert [str(p).split(": ", 1)[0] for p in built.result.problems] == ["content/pages/missing.md:8:1"]
    assert built.result.problems[0].message.startswith("poll chart directive: ")
    assert "no_such_question" in built.result.problems[0].message


def _raise_key_error(*_args, **_kwargs):
    raise KeyError("small-99")  # what a bug deep in the engine would raise: not a user's mistake


@pytest.mark.parametrize(("page", "drawn_by"), [("unknown-meetup-page.md", "results_spec"),
                                                ("unknown-trend-page.md", "trend_spec")])
def test_a_key_error_while_drawing_a_directive_is_an_internal_error_not_a_directive_problem(
        small_site, tmp_path, monkeypatch, page, drawn_by):
    content, survey = small_site
    shutil.copy(DATA / page, content / "pages" / "missing.md")
    monkeypatch.setattr(generator, drawn_by, _raise_key_error)

    built = build_polls_site(tmp_path / "output", tmp_path / "cache", content=content, survey=survey)

    assert not built.result.ok
    assert built.result.problems == []
    assert built.result.errors == [f"{INTERNAL}: KeyError: 'small-99'"]
