"""Boxes that may scroll sideways are keyboard-reachable named regions, and each Data table toggle
names its question, so a page with several charts does not offer identical "Data table" controls.
"""

from __future__ import annotations

POLLS = "polls/index.html"
TREND = "polls/demo-city-cloud-native/images_per_app/index.html"  # three charts, one per option


def chart_pages(pages):
    return [rel for rel, soup in pages.items() if soup.select("figure.chart")]


def region_label(soup, box) -> str:
    if box.has_attr("aria-labelledby"):
        return soup.find(id=box["aria-labelledby"]).get_text(" ", strip=True)
    return box["aria-label"]


def test_the_polls_overview_table_scrolls_in_a_named_region_the_keyboard_reaches(sample_pages):
    soup = sample_pages[POLLS]
    box = soup.select_one("table.poll-meetups").parent
    assert box["class"] == ["table-scroll"]
    assert (box["role"], box["tabindex"]) == ("region", "0")
    assert region_label(soup, box) == "Polled meetups"


def test_every_chart_figure_is_a_named_region_the_keyboard_reaches(sample_pages):
    pages = chart_pages(sample_pages)
    assert TREND in pages and POLLS in pages
    for rel in pages:
        for figure in sample_pages[rel].select("figure.chart"):
            title = figure.svg.title.get_text(strip=True) if figure.svg.title else None
            assert (figure["role"], figure["tabindex"]) == ("region", "0"), rel
            assert figure["aria-label"].startswith("Chart: ") and len(figure["aria-label"]) > len("Chart: "), rel
            assert title is None or figure["aria-label"].removeprefix("Chart: ") in title, (rel, title)


def test_every_data_table_scrolls_in_a_region_named_by_its_question(sample_pages):
    assert TREND in chart_pages(sample_pages)
    for rel in chart_pages(sample_pages):
        for figure in sample_pages[rel].select("figure.chart"):
            question = figure["aria-label"].removeprefix("Chart: ")
            box = figure.details.select_one("div.table-scroll")
            assert box.find("table") is not None
            assert (box["role"], box["tabindex"], box["aria-label"]) == ("region", "0", f"Data table: {question}")


def test_each_data_table_toggle_names_its_question(sample_pages):
    summaries = sample_pages[TREND].select("figure.chart details > summary")
    assert len(summaries) == 3
    names = [s.get_text(strip=True) for s in summaries]
    questions = [s.find_parent("figure")["aria-label"].removeprefix("Chart: ") for s in summaries]
    assert names == [f"Data table: {q}" for q in questions]
    assert len(set(names)) == len(names)
    # the visible words stay "Data table"; the question is for screen readers
    assert [s.find(string=True, recursive=False).strip() for s in summaries] == ["Data table"] * 3
    assert {s.select_one(".visually-hidden").get_text() for s in summaries} == {f": {q}" for q in questions}
