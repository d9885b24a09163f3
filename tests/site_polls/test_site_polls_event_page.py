"""An event page shows its meetup's poll: one chart per question, each with a data table.

The numbers in the tables must be the engine's own aggregates (polls.load_survey +
polls.aggregate, computed here without the site), written the way the table
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


def _expected_row(row: pd.Series, label: str, headcount_approx: bool) -> list[str]:
    mark = "≈" if row["approx"] else ""
    base = f"{'≈' if headcount_approx and row['base_kind'] == 'attended' else ''}{int(row['base'])} {row['base_kind']}"
    if row["suppressed"]:
        # the table says why a cell is hidden instead of giving any of its numbers
        why = "suppressed (< 10)" if row["suppression"] == "small" else "suppressed (would reveal a small cell)"
        return [label, why, "—", "suppressed", base]
    share = Fraction(int(row["count"]), int(row["base"]))
    low, high = Fraction(str(float(row["ci_low"]))), Fraction(str(float(row["ci_high"])))
    return [label, f"{mark}{_percent(share)} %", f"{_percent(low)}–{_percent(high)} %",
            f"{mark}{int(row['count'])}", base]


def _figures(cold_build) -> list:
    html = (cold_build.output / "events" / EVENT / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select("section.polls figure.chart")


def _questions(engine) -> list:
    asked = set(engine.aggregates.loc[engine.aggregates["survey"] == EVENT, "question"])
    return [q for q in engine.survey.catalog.questions if q.id in asked and q.kind != "attendance"]


def test_the_event_page_has_one_chart_per_question_in_catalog_order(cold_build, engine):
    titles = [figure.table.caption.get_text().split(" — ")[0] for figure in _figures(cold_build)]

    assert titles == [q.text for q in _questions(engine)]


def test_every_chart_inlines_an_svg_and_a_data_table(cold_build):
    figures = _figures(cold_build)

    assert figures
    for figure in figures:
        assert figure.find("svg", attrs={"role": "img"}) is not None
        assert figure.find("details").find("table") is not None


def test_the_data_tables_hold_the_engines_aggregates(cold_build, engine):
    table = engine.aggregates[engine.aggregates["survey"] == EVENT]
    meetup = engine.survey.meetups.set_index("survey").loc[EVENT]

    for question, figure in zip(_questions(engine), _figures(cold_build), strict=True):
        labels = {o.id: o.label for o in question.options} or {"yes": "Yes"}
        rows = table[table["question"] == question.id]
        order = [o.id for o in question.options] or ["yes"]
        rows = rows.set_index("option").loc[[o for o in order if o in set(rows["option"])]].reset_index()
        expected = [_expected_row(row, labels.get(row["option"], row["option"]), bool(meetup["attended_approx"]))
                    for _, row in rows.iterrows()]
        shown = [[cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in figure.table.tbody.find_all("tr")]

        assert shown == expected, question.id


def test_captions_give_n_and_the_base(cold_build, engine):
    meetup = engine.survey.meetups.set_index("survey").loc[EVENT]
    headcount = f"{'≈' if meetup['attended_approx'] else ''}{int(meetup['attended'])}"

    for question, figure in zip(_questions(engine), _figures(cold_build), strict=True):
        caption = figure.figcaption.get_text()
        if question.base == "attended":
            assert caption.startswith(f"n = {headcount} attended"), caption
            assert "shares of everyone present" in caption
        else:
            assert caption.startswith("n = ") and "answered" in caption, caption
        assert figure.table.caption.get_text().endswith(caption)
