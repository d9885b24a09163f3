"""One meetup's results as HTML figures (polls.charts.html_figure and partials/poll_figure.html).

Fed with the chart test data (tests/data/charts/): Docker Brno #3 is a form with
80 people present, a yes/no question of the room answered by 62, a suppressed
yes/no and a single-choice question of the 62 who answered it.  Expected cells
are written out from aggregates.csv: whole percent, halves up.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from polls.charts import results_spec
from polls.charts.html_figure import question_figure, topic_figures, topic_title

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"
QUESTIONS = ("experimenting", "students", "orchestrator")


def _render(figure) -> BeautifulSoup:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    html = environment.get_template("partials/poll_figure.html").render(figure=figure)
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def specs(aggregates, meetups, catalog):
    return [results_spec(aggregates, "docker-brno-3", q, catalog, meetups=meetups) for q in QUESTIONS]


def _cells(soup: BeautifulSoup) -> list[list[str]]:
    return [[" ".join(cell.get_text().split()) for cell in tr.find_all(["th", "td"])]
            for tr in soup.select("tbody tr")]


def test_a_catalog_without_topics_gives_one_figure_of_every_question(specs, catalog):
    figures = topic_figures(specs, catalog)

    assert [(f.topic, f.title) for f in figures] == [("other", "Other")]
    assert [b.question for b in figures[0].blocks] == list(QUESTIONS)


def test_the_caption_states_the_headcount_base_once_not_each_questions_answered_count(specs, catalog):
    soup = _render(topic_figures(specs, catalog)[0])

    assert " ".join(soup.caption.get_text().split()) == "Other: n = 80 attended, shares of everyone present"
    assert _cells(soup) == [
        ["Are you experimenting with containers?", "88 %", "78–93 %"],
        ["Are you studying at a university?", "suppressed (fewer than 10 people)"],
        ["Which orchestrator do you use most? (n = 62 answered of 80 attended)"],
        ["Kubernetes", "50 %", "38–62 %"],
        ["Docker Swarm", "26 %", "17–38 %"],
        ["Apache Mesos", "suppressed (fewer than 10 people)"],
        ["None yet", "suppressed (would reveal a small cell)"],
    ]


def test_questions_come_in_catalog_order_whatever_order_they_are_given_in(specs, catalog):
    figures = topic_figures(list(reversed(specs)), catalog)

    assert [b.question for b in figures[0].blocks] == list(QUESTIONS)


def test_a_lone_question_names_its_meetup_and_needs_no_block_header(aggregates, meetups, catalog):
    spec = results_spec(aggregates, "docker-brno-1", "orchestrator", catalog, meetups=meetups)
    soup = _render(question_figure(spec, catalog))

    assert " ".join(soup.caption.get_text().split()) == (
        "Which orchestrator do you use most? — Docker Brno #1, 18 May 2015: n = 40 answered of 45 attended")
    assert soup.select("tr.poll-question") == []
    assert _cells(soup)[:2] == [["Kubernetes", "30 %", "18–45 %"], ["Docker Swarm", "38 %", "24–53 %"]]


def test_an_approximate_headcount_and_tally_are_explained_under_the_table(aggregates, meetups, catalog):
    spec = results_spec(aggregates, "docker-brno-2", "experimenting", catalog, meetups=meetups)
    soup = _render(topic_figures([spec], catalog)[0])

    assert soup.caption.select_one(".poll-n").get_text() == "n = ≈100 attended, shares of everyone present"
    assert _cells(soup) == [["Are you experimenting with containers?", "≈85 %", "77–91 %"]]
    assert [li.get_text() for li in soup.select(".poll-notes li")] == [
        "Bars show each share; the line across a bar is its 95 % Wilson interval.",
        # one mark for every approximate figure (this branch): the headcount's too
        "≈ approximate figure (a show-of-hands tally, a rounded percentage or an approximate headcount).",
    ]


def test_the_same_specs_render_byte_identical_figures(specs, catalog):
    first = str(_render(topic_figures(specs, catalog)[0]))

    assert str(_render(topic_figures(specs, catalog)[0])) == first


@pytest.mark.parametrize(("topic", "title"), [("audience", "Audience"), ("tech_stack", "Tech stack"),
                                              ("cloud-native", "Cloud native")])
def test_a_topic_id_reads_as_a_title(topic, title):
    assert topic_title(topic) == title
