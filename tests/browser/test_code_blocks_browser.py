"""On a 390 px phone a long code line scrolls inside its code block, never the page, and the
block is a named region Tab reaches and the arrow keys scroll; highlighted code keeps its
colours in light and dark mode.

The pages are those of the markdown-extensions scenario (a talk, an event recap and a
page, each with a fenced code block longer than a phone is wide), opened from disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from recap_build.build import build
from test_axe import violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "data" / "site" / "markdown-extensions" / "content"
PHONE = {"width": 390, "height": 844}
PAGES = ["talks/signing/index.html", "events/meetup-1/index.html", "about/index.html"]
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("code-blocks")
    settings = {"PATH": str(SCENARIO), "MEETUP_NOW": "2026-11-28T00:00:00+00:00",
                "POLLS_PATH": str(folder / "no-polls"), "CACHE_PATH": str(folder / "cache")}
    result = build(ROOT / "pelicanconf.py", folder / "output", settings)
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return folder / "output"


@pytest.fixture
def phone(browser, site):
    contexts = []

    def open_page(rel: str, scheme: str = "light"):
        context = browser.new_context(viewport=PHONE, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.goto((site / rel).as_uri())
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("rel", PAGES)
def test_a_long_code_line_scrolls_inside_its_block_not_the_page(phone, rel):
    page = phone(rel)
    block = page.locator("main pre")
    assert block.evaluate("el => el.scrollWidth > el.clientWidth + 1"), "the line fits: the test proves nothing"
    assert block.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("rel", PAGES)
def test_tab_reaches_the_code_block_and_the_arrow_keys_scroll_it(phone, rel):
    page = phone(rel)
    block = page.locator("main pre")
    for _ in range(200):
        page.keyboard.press("Tab")
        if block.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the code block")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=block.element_handle())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_tokens_are_coloured_apart_from_plain_code(phone, scheme):
    page = phone(PAGES[0], scheme)
    colour = "sel => getComputedStyle(document.querySelector(sel)).color"
    plain, string = page.evaluate(colour, "main pre code"), page.evaluate(colour, "main pre code .s2")
    assert plain != string


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES)
def test_axe_finds_nothing_on_a_body_with_code_a_table_and_footnotes(phone, rel, scheme):
    assert violations(phone(rel, scheme)) == []


def test_a_wide_table_scrolls_inside_its_box_not_the_page(phone):
    page = phone("our-numbers/index.html")
    box = page.locator("main .table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth + 1"), "the table fits: the test proves nothing"
    assert page.evaluate(OVERFLOW) <= 0
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
