"""The SVG of a chart: accessible, deterministic, text as text, ink that follows the page."""

from __future__ import annotations

import re

from chart_helpers import SVG, all_text, element_by_id, parse_svg, text_of
from polls.charts import attendance_spec, results_spec, svg_text, trend_spec
from polls.charts.spec import ChartSpec


def some_specs(aggregates, meetups, catalog) -> list[ChartSpec]:
    return [
        results_spec(aggregates, "docker-brno-3", "orchestrator", catalog),
        trend_spec(aggregates, "experimenting", "yes", catalog=catalog),
        attendance_spec(meetups),
    ]


def test_every_chart_is_an_svg_image_labelled_by_its_title_and_description(aggregates, meetups, catalog):
    for spec in some_specs(aggregates, meetups, catalog):
        root = parse_svg(svg_text(spec))
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        assert element_by_id(root, title_id).tag == f"{SVG}title"
        assert element_by_id(root, desc_id).tag == f"{SVG}desc"
        assert spec.title in element_by_id(root, title_id).text


def test_the_description_is_one_sentence_with_the_numbers(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    root = parse_svg(svg_text(spec))
    desc = root.find(f"{SVG}desc").text
    assert desc.endswith(".") and desc.count(". ") == 0
    shares = aggregates[(aggregates["survey"] == "docker-brno-3")
                        & (aggregates["question"] == "orchestrator") & ~aggregates["suppressed"]]
    for share in shares["share"]:
        assert f"{round(share * 100)} %" in desc
    assert "n = 62 answered of 80 attended" in desc


def test_rendering_twice_gives_the_same_bytes(aggregates, meetups, catalog):
    for spec in some_specs(aggregates, meetups, catalog):
        assert svg_text(spec) == svg_text(spec)


def test_there_is_no_date_or_creator_metadata(aggregates, catalog):
    root = parse_svg(svg_text(results_spec(aggregates, "docker-brno-2", "experimenting", catalog)))
    assert root.find(f"{SVG}metadata") is None
    assert not any("date" in element.tag.lower() for element in root.iter())


def test_labels_stay_text(aggregates, catalog):
    root = parse_svg(svg_text(results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)))
    words = all_text(root)
    for label in ("Kubernetes", "Docker Swarm", "Apache Mesos", "None yet"):
        assert label in words
    assert root.find(f".//{SVG}path") is not None  # bars are paths, words are not


def test_ink_is_the_current_colour_so_an_inlined_chart_follows_the_page(aggregates, catalog):
    text = svg_text(results_spec(aggregates, "docker-brno-3", "orchestrator", catalog))
    root = parse_svg(text)
    styles = " ".join(element.get("style", "") for element in root.iter())
    assert "currentColor" in styles
    assert not re.search(r"#000000|black", text, re.IGNORECASE)
    stylesheet = root.find(f".//{SVG}style").text
    ident = root.get("id")
    assert f"#{ident} text{{fill:currentColor}}" in stylesheet
    assert "@media (prefers-color-scheme: dark)" in stylesheet
    # Every rule is scoped to this chart: inlined, it cannot restyle the page.
    selectors = re.findall(r"(?:^|})\s*([^{}@]+)\{", stylesheet)
    assert selectors
    for selector in selectors:
        assert selector.strip().startswith(f"#{ident}"), selector


def test_two_charts_on_one_page_share_no_id(aggregates, meetups, catalog):
    seen: set[str] = set()
    for spec in some_specs(aggregates, meetups, catalog):
        ids = {element.get("id") for element in parse_svg(svg_text(spec)).iter() if element.get("id")}
        assert not ids & seen
        seen |= ids


def test_references_inside_the_svg_point_at_existing_ids(aggregates, catalog):
    text = svg_text(results_spec(aggregates, "docker-brno-1", "orchestrator", catalog))
    root = parse_svg(text)
    ids = {element.get("id") for element in root.iter()}
    references = re.findall(r"url\(#([^)]+)\)", text)
    assert references
    for reference in references:
        assert reference in ids


def test_a_suppressed_trend_point_is_labelled_suppressed_in_the_svg(aggregates, catalog):
    spec = trend_spec(aggregates, "students", "yes", "docker-brno", catalog=catalog)
    root = parse_svg(svg_text(spec))
    assert text_of(element_by_id(root, f"{root.get('id')}-value-docker-brno-3")) == "suppressed (< 10)"
