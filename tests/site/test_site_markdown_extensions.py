"""Bodies render with the Markdown extensions the MARKDOWN setting names, in either of its keys.

Pelican's documented default lists extra and codehilite under ``extension_configs`` only;
every key there is an extension too, with its config. The scenario markdown-extensions
has a talk, an event recap and a page, each with a fenced code block, a table and a
footnote, and an imported talk whose table must survive the HTML allow-list while the
script in one of its cells does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from builtsite import SCENARIOS, build_content, build_scenario

BODIES = {
    "talk": ("talks/signing/index.html", "section.prose"),
    "recap": ("events/meetup-1/index.html", "section.prose"),
    "page": ("about/index.html", "article.prose"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_scenario("markdown-extensions", tmp_path_factory.mktemp("md-extensions") / "output")


def parsed(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text("utf-8"), "lxml")


def body(site: Path, which: str):
    rel, selector = BODIES[which]
    (found,) = parsed(site, rel).select(selector)
    return found


@pytest.mark.parametrize("which", BODIES)
def test_a_fenced_code_block_is_highlighted_preformatted_code(site, which):
    (code,) = body(site, which).select("div.highlight > pre > code")
    assert code.get_text().startswith('print("a line of code long enough')
    assert code.select("span.nb") and code.select("span.s2")  # print, the string: Pygments' tokens


@pytest.mark.parametrize("which", BODIES)
def test_a_pipe_table_is_a_table_with_its_columns_aligned(site, which):
    (table,) = body(site, which).select("table")
    assert [th.get_text() for th in table.select("thead th")] == ["Talk", "Minutes"]
    assert [td.get_text() for td in table.select("tbody td")] == ["Signing", "30"]
    assert table.select("tbody td")[1].get("style") == "text-align: right;"


@pytest.mark.parametrize("which", BODIES)
def test_a_footnote_links_to_its_note_and_back(site, which):
    found = body(site, which)
    (ref,) = found.select("sup a.footnote-ref")
    (note,) = found.select("div.footnote li")
    assert ref.get("href") == "#" + note.get("id")
    assert note.get_text().strip().startswith("Linked from the talk page.")
    assert note.select("a.footnote-backref")[0].get("href") == "#" + ref.parent.get("id")


@pytest.mark.parametrize("which", BODIES)
def test_a_code_block_is_a_named_region_the_keyboard_reaches(site, which):
    (pre,) = body(site, which).select("pre")
    assert (pre.get("tabindex"), pre.get("role"), pre.get("aria-label")) == ("0", "region", "Code")


@pytest.mark.parametrize("which", BODIES)
def test_a_table_sits_in_a_named_scroll_region_the_keyboard_reaches(site, which):
    (table,) = body(site, which).select("table")
    box = table.parent
    assert box.name == "div" and box.get("class") == ["table-scroll"]
    assert (box.get("tabindex"), box.get("role"), box.get("aria-label")) == ("0", "region", "Table")


def test_an_imported_table_keeps_its_scroll_region(site):
    prose = parsed(site, "talks/imported-table/index.html").select_one("section.prose")
    markdown_table = prose.select("table")[0]
    assert (markdown_table.parent.get("role"), markdown_table.parent.get("tabindex")) == ("region", "0")


def test_an_imported_box_cannot_take_focus_or_a_label(site):
    prose = parsed(site, "talks/imported-table/index.html").select_one("section.prose")
    (box,) = [div for div in prose.select("div") if "wants focus" in div.get_text()]
    assert (box.get("role"), box.get("tabindex"), box.get("aria-label")) == (None, None, None)


def test_a_recaps_headings_still_sit_under_the_recap_heading(site):
    assert [h.get_text() for h in body(site, "recap").select("h3")] == ["How it went"]


def test_an_imported_table_survives_the_allow_list(site):
    prose = parsed(site, "talks/imported-table/index.html").select_one("section.prose")
    first, second = prose.select("table")
    assert [td.get_text().strip() for td in first.select("tbody td")] == ["2025", "12"]
    assert [th.get("style") for th in first.select("thead th")] == ["text-align:left", "text-align:right"]
    # a cell may align its text, and nothing more
    assert second.select("td")[0].get("style") == "text-align:right"


def test_a_script_inside_an_imported_table_does_not(site):
    prose = parsed(site, "talks/imported-table/index.html").select_one("section.prose")
    assert prose.select("script") == []
    assert "alert" not in prose.get_text()


def test_extension_configs_of_the_markdown_setting_are_applied(tmp_path):
    markdown = {
        "extension_configs": {"markdown.extensions.codehilite": {"css_class": "codehilite"},
                              "markdown.extensions.extra": {}, "markdown.extensions.meta": {}},
        "output_format": "html5",
    }
    site = build_scenario("markdown-extensions", tmp_path / "output", MARKDOWN=markdown)
    assert len(body(site, "page").select("div.codehilite > pre > code")) == 1
    assert body(site, "page").select("div.highlight") == []


def test_a_markdown_extension_that_is_not_installed_is_a_settings_problem(tmp_path):
    # a mistake in the settings file, named there: not an internal error, and nothing is built
    markdown = {"extensions": ["markdown.extensions.extra", "markdown.extensions.nosuchthing"]}
    result = build_content(SCENARIOS / "markdown-extensions" / "content", tmp_path / "output", tmp_path / "scratch",
                           MARKDOWN=markdown)
    assert not result.ok and result.errors == []
    [problem] = [str(p) for p in result.problems]
    assert problem.startswith("pelicanconf.py: MARKDOWN makes no Markdown engine: ModuleNotFoundError: ")
    assert "markdown.extensions.nosuchthing" in problem
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_bad_markdown_setting_is_reported_with_the_other_problems_of_the_settings_file(tmp_path):
    markdown = {"extensions": ["markdown.extensions.nosuchthing"]}
    result = build_content(SCENARIOS / "markdown-extensions" / "content", tmp_path / "output", tmp_path / "scratch",
                           MARKDOWN=markdown, JINJA_ENVIRONMENT={})
    autoescape, engine = [str(p) for p in result.problems]
    assert autoescape.startswith('pelicanconf.py: JINJA_ENVIRONMENT must set "autoescape": True')
    assert engine.startswith("pelicanconf.py: MARKDOWN makes no Markdown engine: ModuleNotFoundError: ")
