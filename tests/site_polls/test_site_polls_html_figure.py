"""A meetup's results drawn by the page: one HTML table per catalog topic, bars and whiskers in CSS.

tests/data/site_polls/figure/ holds one meetup (about 100 people) whose tally
asks a question of every kind.  The expected cells below are written out by
hand from that tally: shares and Wilson 95 % bounds in whole percent (halves
up), "≈" before an approximate figure, the same "≈" before an approximate headcount.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pollsite import DATA, assert_built, build_polls_site

HEADCOUNT = "n = ≈100 attended, shares of everyone present"


@pytest.fixture(scope="module")
def figure_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("html-figure")
    shutil.copytree(DATA / "figure", root / "figure")
    built = build_polls_site(root / "output", root / "cache", content=root / "figure" / "content",
                             survey=root / "figure" / "survey")
    assert_built(built)
    return built


def _page(built, slug: str) -> BeautifulSoup:
    return BeautifulSoup((built.output / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def _figures(built) -> list:
    figures = _page(built, Path("events") / "figure-1").select("section.polls figure.poll-figure")
    assert figures, "the meetup's page has no results figure: every check on its figures would pass unseen"
    return figures


def _rows(figure) -> list[list[str]]:
    """Every body row as its cells' text: header rows of a question block included."""
    return [[" ".join(cell.get_text().split()) for cell in tr.find_all(["th", "td"])]
            for tbody in figure.table.find_all("tbody") for tr in tbody.find_all("tr")]


def _block(built, question: str):
    return next(tbody for figure in _figures(built) for tbody in figure.select(f'tbody[data-question="{question}"]'))


def test_an_event_page_shows_one_figure_per_topic_in_catalog_order(figure_site):
    captions = [" ".join(figure.table.caption.get_text().split()) for figure in _figures(figure_site)]

    assert captions == [f"Audience: {HEADCOUNT}", f"Adoption: {HEADCOUNT}", f"Other: {HEADCOUNT}"]


def test_the_figure_is_the_data_table_with_the_engines_figures(figure_site):
    audience, adoption, other = (_rows(figure) for figure in _figures(figure_site))

    assert audience == [
        ["Visiting from another city", "≈20 %", "13–29 %"],
        ["Currently studying at university", "suppressed (fewer than 10 people)"],
        ["Main role at work (n = 50 answered of ≈100 attended)"],
        ["Developer", "60 %", "46–72 %"],
        ["Operations / SRE", "suppressed (would reveal a small cell)"],
        ["Manager", "suppressed (fewer than 10 people)"],
        ["Student", "missing (not offered)"],
    ]
    assert adoption == [
        ["Actively experimenting with containers", "≈85 %", "77–91 %"],
        ["Images per application"],
        ["1 image", "missing (not offered)"],
        ["2 images", "missing (not offered)"],
        ["3 or more images", "≈12 %", "7–20 %"],
        ["Container orchestrators in use (n = 40 answered of ≈100 attended)"],
        ["Kubernetes", "70 %", "55–82 %"],
        ["Docker Swarm", "38 %", "24–53 %"],
        ["Nomad", "missing (not offered)"],
    ]
    assert other == [["Stayed for <pizza> & drinks", "≈70 %", "60–78 %"]]


def test_each_bar_and_whisker_carries_its_share_and_interval_as_css_lengths(figure_site):
    bars = {row.th.get_text(): row.select_one(".poll-bar")["style"] for row in _block(figure_site, "orchestrators")
            .select("tr.poll-row") if row.select_one(".poll-bar")}

    assert bars == {"Kubernetes": "--share: 70.0%; --low: 54.6%; --high: 81.9%",
                    "Docker Swarm": "--share: 37.5%; --low: 24.2%; --high: 53.0%"}


def test_bars_are_hidden_from_screen_readers_which_read_the_numbers(figure_site):
    bars = [bar for figure in _figures(figure_site) for bar in figure.select(".poll-bar")]

    assert bars
    for bar in bars:
        assert bar["aria-hidden"] == "true"
        assert bar.get_text() == ""


def test_a_suppressed_or_missing_cell_has_no_bar_and_no_number(figure_site):
    rows = [row for figure in _figures(figure_site) for row in figure.select("tr.poll-suppressed, tr.poll-missing")]

    assert len(rows) == 7
    for row in rows:
        assert row.select(".poll-bar") == []
        assert not re.search(r"\d", row.td.get_text().replace("10 people", ""))


def test_the_tables_use_header_cells_with_scopes(figure_site):
    for figure in _figures(figure_site):
        assert [th["scope"] for th in figure.thead.find_all("th")] == ["col", "col", "col"]
        assert figure.select("tbody tr")
        for tr in figure.select("tbody tr"):
            assert tr.th["scope"] == ("rowgroup" if "poll-question" in tr["class"] else "row")


def test_the_meetups_own_page_does_not_repeat_its_name_or_date_in_the_figures(figure_site):
    for figure in _figures(figure_site):
        text = figure.get_text()
        assert "n = " in text  # the figure's own numbers: the text searched below is the figure
        assert "Figure Meetup #1" not in text
        assert "16 May 2024" not in text


def test_the_notes_explain_the_marks_once_per_figure(figure_site):
    notes = [[li.get_text() for li in figure.select(".poll-notes li")] for figure in _figures(figure_site)]

    assert notes[0] == [
        "Bars show each share; the line across a bar is its 95 % Wilson interval.",
        "≈ approximate figure (a show-of-hands tally, a rounded percentage or an approximate headcount).",
    ]


def test_text_from_the_catalog_is_escaped(figure_site):
    html = (figure_site.output / "events" / "figure-1" / "index.html").read_text(encoding="utf-8")

    assert "Stayed for &lt;pizza&gt; &amp; drinks" in html
    assert _page(figure_site, Path("events") / "figure-1").find("pizza") is None


def test_no_results_chart_is_drawn_for_the_event_page(figure_site):
    section = _page(figure_site, Path("events") / "figure-1").select_one("section.polls")

    assert section.find("svg") is None
    assert section.select("figure.chart") == []
    assert figure_site.rendered == 0  # one meetup: no trend, no attendance chart, and no results chart


def test_the_poll_directive_shows_one_question_naming_the_meetup(figure_site):
    figures = _page(figure_site, "results").select("figure.poll-figure")

    assert len(figures) == 1
    assert " ".join(figures[0].table.caption.get_text().split()) == (
        "Main role at work — Figure Meetup #1, 16 May 2024: n = 50 answered of ≈100 attended")
    assert _rows(figures[0]) == [
        ["Developer", "60 %", "46–72 %"],
        ["Operations / SRE", "suppressed (would reveal a small cell)"],
        ["Manager", "suppressed (fewer than 10 people)"],
        ["Student", "missing (not offered)"],
    ]
    assert [li.get_text() for li in figures[0].select(".poll-notes li")] == [
        "Bars show each share; the line across a bar is its 95 % Wilson interval.",
        "≈ approximate figure (a show-of-hands tally, a rounded percentage or an approximate headcount).",
    ]
