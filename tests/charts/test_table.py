"""The data table under every chart: the same numbers as the aggregates, in the partial."""

from __future__ import annotations

import pytest
from chart_helpers import number, parse_svg, render_partial, table_rows
from polls.charts import attendance_spec, render_charts, results_spec, trend_spec


@pytest.fixture
def rendered(tmp_path, aggregates, meetups, catalog):
    specs = [
        results_spec(aggregates, "docker-brno-3", "orchestrator", catalog),
        results_spec(aggregates, "docker-brno-2", "experimenting", catalog, meetups=meetups),
        trend_spec(aggregates, "students", "yes", "docker-brno", catalog=catalog),
        attendance_spec(meetups),
    ]
    return render_charts(specs, tmp_path, workers=1, progress=False).charts


def aggregate_rows(aggregates, **where):
    selected = aggregates
    for column, value in where.items():
        selected = selected[selected[column] == value]
    return selected


def test_the_partial_is_a_figure_with_the_inline_svg_a_caption_and_a_collapsed_table(rendered):
    soup = render_partial(rendered["results/docker-brno-3/orchestrator"])
    figure = soup.find("figure")
    svg = figure.find("svg", recursive=False)
    assert svg["role"] == "img"
    assert figure.find("figcaption").get_text() == "n = 62 answered of 80 attended"
    details = figure.find("details")
    assert details.find("table") is not None and not details.has_attr("open")


def test_results_table_numbers_equal_the_aggregates(rendered, aggregates):
    rows = table_rows(render_partial(rendered["results/docker-brno-3/orchestrator"]))
    labels = {"kubernetes": "Kubernetes", "swarm": "Docker Swarm"}
    published = aggregate_rows(aggregates, survey="docker-brno-3", question="orchestrator", suppressed=False)
    assert set(published["option"]) == set(labels)
    for record in published.itertuples():
        row = rows[labels[record.option]]
        assert abs(number(row["Share"]) - record.share * 100) <= 0.5
        low, high = (int(part) for part in row["95 % CI"].rstrip(" %").split("–"))
        assert abs(low - record.ci_low * 100) <= 0.5 and abs(high - record.ci_high * 100) <= 0.5
        assert int(row["People"]) == record.count
        assert row["n (base)"] == f"{record.base} answered"


def test_suppressed_cells_read_suppressed_in_the_table_never_a_number(rendered, aggregates):
    rows = table_rows(render_partial(rendered["results/docker-brno-3/orchestrator"]))
    assert rows["Apache Mesos"]["Share"] == "suppressed (< 10)"
    assert rows["None yet"]["Share"] == "suppressed (would reveal a small cell)"
    for label in ("Apache Mesos", "None yet"):
        assert rows[label]["People"] == "suppressed"
        assert rows[label]["95 % CI"] == "—"


def test_approximate_tallies_show_an_approx_sign_in_the_table(rendered):
    soup = render_partial(rendered["results/docker-brno-2/experimenting"])
    row = table_rows(soup)["Yes"]
    assert (row["Share"], row["People"], row["n (base)"]) == ("≈85 %", "≈85", "≈100 attended")
    notes = [li.get_text() for li in soup.select("ul.chart-notes li")]
    assert any(note.startswith("≈ approximate") for note in notes)


def test_trend_table_has_one_row_per_meetup_with_its_numbers(rendered, aggregates):
    rows = table_rows(render_partial(rendered["trend/docker-brno/students/yes"]))
    expected = aggregate_rows(aggregates, question="students", group="docker-brno")
    assert list(rows) == list(expected["title"]) and len(expected)
    for record in expected.itertuples():
        row = rows[record.title]
        if record.suppressed:
            assert row["Share"] == "suppressed (< 10)" and row["People"] == "suppressed"
        else:
            assert abs(number(row["Share"]) - record.share * 100) <= 0.5
            assert number(row["People"]) == record.count
        assert number(row["n (base)"]) == record.base


def test_attendance_table_lists_every_headcount(rendered, meetups):
    rows = table_rows(render_partial(rendered["attendance/all"]))
    assert len(rows) == len(meetups) > 0
    for record in meetups.itertuples():
        assert rows[record.title]["Attended"] == ("≈" if record.attended_approx else "") + str(record.attended)


def test_the_figure_embeds_the_same_svg_as_the_cache_file(rendered):
    chart = rendered["trend/docker-brno/students/yes"]
    soup = render_partial(chart)
    embedded = parse_svg(str(soup.find("svg")))
    assert embedded.get("id") == parse_svg(chart.svg).get("id")
