"""The directive's Markdown extension on its own: what a paragraph holding only ``[[poll ...]]`` becomes.

The extension leaves a placeholder element and records the directive with its
line and column in the text (kernel.contract, item 3); the figures come later,
when the page is written.  Positions are checked against hand-counted lines.
"""

from __future__ import annotations

import lxml.html
import markdown
from kernel.contract import Directive, Directives, recorded

# the extensions a site's bodies may be rendered with ("extra" brings fenced code and raw HTML in Markdown)
ENGINE = markdown.Markdown(extensions=["extra", "polls_site.directive"], output_format="html5")


def convert(text: str) -> tuple[lxml.html.HtmlElement, tuple[Directive, ...]]:
    ENGINE.reset()
    html = ENGINE.convert(text)
    return lxml.html.fragment_fromstring(html, create_parent="body"), recorded(ENGINE)


def test_a_paragraph_holding_only_a_directive_becomes_a_placeholder():
    body, found = convert("Before.\n\n[[poll docker-brno-2 experimenting]]\n\nAfter.\n")

    assert [(e.tag, dict(e.attrib), e.text_content()) for e in body] == [
        ("p", {}, "Before."), ("div", {"data-recap-poll": "0"}, ""), ("p", {}, "After.")]
    assert found == (Directive("poll", ("docker-brno-2", "experimenting"), 3, 1),)


def test_two_directives_are_numbered_in_the_order_they_are_written():
    body, found = convert("[[poll-trend student yes demo-city]]\n\ntext\n\n[[poll docker-brno-2 student]]\n")

    assert [e.get("data-recap-poll") for e in body.iter("div")] == ["0", "1"]
    assert [(d.kind, d.args, d.line) for d in found] == [
        ("poll-trend", ("student", "yes", "demo-city"), 1), ("poll", ("docker-brno-2", "student"), 5)]


def test_a_directive_in_code_stays_text_and_is_not_recorded():
    text = ("```\n[[poll a b]]\n```\n\n"
            "Inline `[[poll a b]]` code.\n\n"
            "    [[poll a b]]\n\n"
            "In a sentence [[poll a b]] too.\n")
    body, found = convert(text)

    assert found == ()
    assert body.find(".//div") is None
    assert [c.text_content().strip() for c in body.iter("code")] == ["[[poll a b]]"] * 3
    assert "In a sentence [[poll a b]] too." in body.text_content()


def test_lines_count_the_fenced_code_and_raw_html_above_the_directive():
    text = ("First paragraph.\n\n"
            "```\ncode line 1\ncode line 2\ncode line 3\n```\n\n"
            "<div>\nraw\nHTML\n</div>\n\n"
            "# A heading\n"
            "  [[poll docker-brno-2 experimenting]]\n")
    _, found = convert(text)

    assert [(d.line, d.column) for d in found] == [(15, 3)]


def test_a_directive_with_the_wrong_number_of_arguments_is_recorded_with_its_problem():
    _, found = convert("text\n\n[[poll docker-brno-2]]\n")

    assert [(d.line, d.column, d.problem) for d in found] == [
        (3, 1, "poll chart directive: expected [[poll MEETUP QUESTION]] or [[poll-trend QUESTION OPTION [GROUP]]]")]


def test_a_body_spelling_a_placeholder_in_its_own_html_is_a_problem():
    _, found = convert("text\n\n<div data-recap-poll=\"0\"></div>\n\n[[poll a b]]\n")

    assert [(d.line, d.column, d.problem) for d in found if d.problem] == [
        (3, 6, "poll chart directive: data-recap-poll is reserved for [[poll ...]] paragraphs")]


def test_each_conversion_records_only_its_own_directives():
    convert("[[poll a b]]\n")
    _, found = convert("No directive here.\n")

    assert found == ()


def test_fill_puts_each_figure_in_place_of_its_placeholder_and_the_paragraph_where_there_is_none():
    ENGINE.reset()
    html = ENGINE.convert("[[poll a b]]\n\nmiddle\n\n[[poll-trend q yes]]\n")
    found = Directives(recorded(ENGINE))

    filled = found.fill(html, {("poll", ("a", "b")): "<figure>A</figure>"})

    assert filled == "<figure>A</figure>\n<p>middle</p>\n<p>[[poll-trend q yes]]</p>"


def test_the_placeholders_attribute_named_in_inline_code_is_text():
    body, found = convert("The placeholder carries `data-recap-poll`.\n")

    assert found == ()
    assert body.xpath("//code")[0].text == "data-recap-poll"
