"""An event page shows its meetup's poll: one HTML table per catalog topic, a block or row per question.

The numbers in the tables must be the engine's own aggregates (polls.load_survey +
polls.aggregate, computed here without the site), written the way the figure
writes them: shares and interval bounds in whole percent rounded half up, "≈"
before an approximate figure, the same "≈" before an approximate headcount.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
from bs4 import BeautifulSoup

EVENT = "docker-brno-2"


def _percent(share: Fraction) -> int:
    """Whole percents, halves up, on exact fractions (23 of 40 is 58 %, which float arithmetic misses)."""
    return math.floor(share * 100 + Fraction(1, 2))


def _expected_cells(row: pd.Series | None) -> list[str]:
    if row is None:
        return ["missing (not offered)"]  # an option the poll did not offer: never 0
    if row["suppressed"]:
        # the figure says why a cell is hidden instead of giving any of its numbers
        why = "fewer than 10 people" if row["suppression"] == "small" else "would reveal a small cell"
        return [f"suppressed ({why})"]
    mark = "≈" if row["approx"] else ""
    share = Fraction(int(row["count"]), int(row["base"]))
    low, high = Fraction(str(float(row["ci_low"]))), Fraction(str(float(row["ci_high"])))
    return [f"{mark}{_percent(share)} %", f"{_percent(low)}–{_percent(high)} %"]


def _figures(cold_build) -> list:
    html = (cold_build.output / "events" / EVENT / "index.html").read_text(encoding="utf-8")
    figures = BeautifulSoup(html, "html.parser").select("section.polls figure.poll-figure")
    assert figures, "the event page has no results figure: every check on its figures would pass unseen"
    return figures


def _questions(engine) -> list:
    asked = set(engine.aggregates.loc[engine.aggregates["survey"] == EVENT, "question"])
    return [q for q in engine.survey.catalog.questions if q.id in asked and q.kind != "attendance"]


def _blocks(cold_build) -> list:
    return [tbody for figure in _figures(cold_build) for tbody in figure.table.find_all("tbody")]


def test_the_event_page_has_one_figure_per_topic_in_catalog_order(cold_build, engine):
    topics = list(dict.fromkeys(q.topic for q in _questions(engine)))

    assert [figure.table.caption.span.get_text() for figure in _figures(cold_build)] == [
        f"{topic.capitalize()}:" for topic in topics]


def test_every_question_is_one_block_of_its_topics_figure_in_catalog_order(cold_build, engine):
    shown = [(figure["class"][1], tbody["data-question"]) for figure in _figures(cold_build)
             for tbody in figure.table.find_all("tbody")]

    assert shown == [(f"topic-{q.topic}", q.id) for q in _questions(engine)]


def test_no_chart_is_drawn_on_the_event_page(cold_build):
    html = (cold_build.output / "events" / EVENT / "index.html").read_text(encoding="utf-8")
    section = BeautifulSoup(html, "html.parser").select_one("section.polls")

    assert section.find("svg") is None
    assert section.select("figure.chart") == []


def test_the_figures_hold_the_engines_aggregates(cold_build, engine):
    table = engine.aggregates[engine.aggregates["survey"] == EVENT]

    for question, tbody in zip(_questions(engine), _blocks(cold_build), strict=True):
        rows = table[table["question"] == question.id].set_index("option")
        if question.kind == "yes-no":
            expected = [[question.text, *_expected_cells(rows.loc["yes"])]]
        else:
            expected = [[question.text]] + [
                [o.label, *_expected_cells(rows.loc[o.id] if o.id in rows.index else None)]
                for o in question.options]
        shown = [[" ".join(cell.get_text().split()) for cell in tr.find_all(["th", "td"])]
                 for tr in tbody.find_all("tr")]

        assert shown == expected, question.id


def test_captions_give_n_and_the_base_once(cold_build, engine):
    meetup = engine.survey.meetups.set_index("survey").loc[EVENT]
    headcount = f"{'≈' if meetup['attended_approx'] else ''}{int(meetup['attended'])}"

    for figure in _figures(cold_build):
        caption = figure.table.caption.select_one(".poll-n").get_text()
        assert caption == f"n = {headcount} attended, shares of everyone present"
        assert figure.table.tbody.get_text().count("n = ") == 0


def test_the_figures_do_not_repeat_the_meetups_name_and_date(cold_build, engine):
    meetup = engine.survey.meetups.set_index("survey").loc[EVENT]

    for figure in _figures(cold_build):
        assert "n = " in figure.get_text()  # the figure's own numbers: the text searched below is the figure
        assert meetup["title"] not in figure.get_text()
        assert "15 Oct 2015" not in figure.get_text()
