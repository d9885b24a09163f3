"""One meetup's results: bars in catalog order, whiskers, n and base, ≈ and suppression."""

from __future__ import annotations

import pytest
from chart_helpers import SVG, all_text, element_by_id, fill_of, parse_svg, text_of
from polls.charts import formatting, results_spec, svg_text, trend_spec
from polls.charts.style import PALETTE


def test_bars_follow_the_catalog_order_of_options(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    assert [bar.option for bar in spec.rows] == ["kubernetes", "swarm", "mesos", "none"]
    assert [bar.label for bar in spec.rows] == ["Kubernetes", "Docker Swarm", "Apache Mesos", "None yet"]


def test_the_caption_gives_n_answered_of_attended(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    assert spec.label("caption") == "n = 62 answered of 80 attended"


def test_an_approximate_headcount_reads_with_the_one_approximation_mark(aggregates, meetups, catalog):
    spec = results_spec(aggregates, "docker-brno-2", "experimenting", catalog, meetups=meetups)
    assert spec.label("caption").startswith("n = ≈100 attended")
    assert "n = ≈100 attended" in " ".join(all_text(parse_svg(svg_text(spec))))


def test_an_approximate_tally_shows_its_share_with_an_approx_sign(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-2", "experimenting", catalog)
    root = parse_svg(svg_text(spec))
    value = element_by_id(root, f"{root.get('id')}-value-yes")
    assert text_of(value) == "≈85 %"


def test_an_exact_count_has_no_approx_sign(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    root = parse_svg(svg_text(spec))
    assert text_of(element_by_id(root, f"{root.get('id')}-value-kubernetes")) == "50 %"


@pytest.mark.parametrize(("count", "base"), [(23, 40), (57, 200)])
def test_a_share_exactly_half_a_percent_over_rounds_up(count, base):
    # 23 of 40 is 57.5 % and 57 of 200 is 28.5 %; as floats both sit a hair below the half.
    half_up = (200 * count + base) // (2 * base)  # whole percents, in integers
    assert formatting.percent(count / base) == f"{half_up} %"


def test_a_suppressed_cell_is_drawn_as_suppressed_never_as_a_number(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    root = parse_svg(svg_text(spec))
    ident = root.get("id")
    assert text_of(element_by_id(root, f"{ident}-value-mesos")) == "suppressed (< 10)"
    assert text_of(element_by_id(root, f"{ident}-value-none")) == "suppressed (would reveal a small cell)"
    # Its box is hatched, not a filled bar of length zero.
    box = next(element_by_id(root, f"{ident}-bar-mesos").iter(f"{SVG}path"))
    assert "url(#" in box.get("style") and "#" + PALETTE[2][1:] not in box.get("style")


def test_a_suppressed_cell_keeps_no_count_in_the_spec(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-1", "orchestrator", catalog)
    mesos = next(bar for bar in spec.rows if bar.option == "mesos")
    assert (mesos.count, mesos.share, mesos.ci_low, mesos.ci_high) == (None, None, None, None)
    assert mesos.suppression == "small"


def test_an_option_has_the_same_colour_in_every_chart(aggregates, catalog):
    first = parse_svg(svg_text(results_spec(aggregates, "docker-brno-1", "orchestrator", catalog)))
    third = parse_svg(svg_text(results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)))
    trend = trend_spec(aggregates, "orchestrator", "swarm", catalog=catalog)
    colours = {
        fill_of(element_by_id(root, f"{root.get('id')}-bar-swarm")) for root in (first, third)
    }
    assert colours == {trend.label("colour")} == {PALETTE[1]}
    kubernetes = fill_of(element_by_id(third, f"{third.get('id')}-bar-kubernetes"))
    assert kubernetes != colours.pop()


def test_every_shown_share_has_a_whisker_with_two_caps(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    root = parse_svg(svg_text(spec))
    whiskers = element_by_id(root, f"{root.get('id')}-whiskers")
    # Kubernetes and Docker Swarm: a whisker and two caps each.
    assert len(list(whiskers.iter(f"{SVG}path"))) == 6
