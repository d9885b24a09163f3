"""Markdown decks: `---` lines separate slides, `???` or `Note:` start the speaker notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from meetup.slides import SlidesError, prepare_slides
from meetup.slides.deck import split_slides
from slides_testdata import TALK

ROOT = Path(__file__).resolve().parents[2]


def deck_of(content_root: Path, cache_dir: Path, name: str, title: str = "Docker 101"):
    media = prepare_slides(
        "docker-101", title, f"slides/{name}", None, content_root, cache_dir, {},
        talk_source=str(content_root / TALK),
    )
    return media


def texts(html: str, selector: str) -> list[str]:
    nodes = BeautifulSoup(html, "html.parser").select(selector)
    return [" ".join(node.get_text(" ").split()) for node in nodes]


def test_a_dash_line_inside_fenced_code_does_not_split_the_slide(content_root, cache_dir):
    deck = deck_of(content_root, cache_dir, "fenced.md").deck

    assert len(deck.slides) == 3
    yaml_sample = texts(deck.slides[0].html, "pre code")[0]
    assert yaml_sample.count("---") == 2
    assert "image: postgres" in yaml_sample
    assert texts(deck.slides[1].html, "pre code")[0].endswith("---")


def test_notes_start_at_note_or_three_question_marks_and_end_with_the_slide(
    content_root, cache_dir
):
    deck = deck_of(content_root, cache_dir, "fenced.md").deck

    assert deck.slides[0].notes_html == ""
    assert texts(deck.slides[1].notes_html, "p") == [
        "The separator inside the tildes must stay code."
    ]
    assert texts(deck.slides[2].notes_html, "p") == ["Thank the audience. Mention the workshop."]
    assert "Thank" not in deck.slides[2].html


def test_slides_are_rendered_markdown_with_headings_below_the_deck_title(content_root, cache_dir):
    deck = deck_of(content_root, cache_dir, "fenced.md").deck

    # "# Heading" on a slide is an <h2>: the deck page's single <h1> is the deck title
    assert [texts(s.html, "h1") for s in deck.slides] == [[], [], []]
    assert [texts(s.html, "h2") for s in deck.slides] == [
        ["Compose files"], ["Tildes too"], ["Last slide"]
    ]


def test_front_matter_sets_the_title_and_is_not_a_slide(content_root, cache_dir):
    media = deck_of(content_root, cache_dir, "front-matter.md")

    assert media.deck.title == "A deck with its own title"
    assert [texts(s.html, "h2") for s in media.deck.slides] == [["First"], ["Second"]]
    assert media.deck.output == "talks/docker-101/deck/index.html"


def test_a_deck_without_a_title_takes_the_talks_title(content_root, cache_dir):
    assert deck_of(content_root, cache_dir, "fenced.md", title="Compose").deck.title == "Compose"


def test_an_unknown_front_matter_key_is_a_warning_with_its_line(content_root, cache_dir):
    media = deck_of(content_root, cache_dir, "front-matter.md")

    [warning] = media.warnings
    assert warning.file.endswith("front-matter.md")
    assert warning.line == 3
    assert "theme" in warning.message


def test_broken_front_matter_is_reported_in_the_deck_file(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        deck_of(content_root, cache_dir, "bad-front-matter.md")

    [problem] = caught.value.problems
    assert problem.file.endswith("bad-front-matter.md")
    assert problem.line >= 2
    assert "invalid YAML" in problem.message


def test_a_deck_saved_in_latin_1_is_reported_at_its_first_undecodable_byte(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        deck_of(content_root, cache_dir, "latin-1.md")

    [problem] = caught.value.problems
    assert problem.file.endswith("latin-1.md")
    assert (problem.line, problem.column) == (2, 11)
    assert problem.message == "undecodable byte 0xE9: the file must be UTF-8 (or UTF-16 with a byte order mark)"


def test_a_deck_with_no_slides_is_reported(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        deck_of(content_root, cache_dir, "no-slides.md")

    assert "no slides" in caught.value.problems[0].message


def test_a_missing_deck_is_reported_against_the_talk_file(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        deck_of(content_root, cache_dir, "gone.md")

    [problem] = caught.value.problems
    assert problem.file == str(content_root / TALK)
    assert "gone.md does not exist" in problem.message


def test_each_slide_knows_the_line_it_starts_on():
    body = "# One\n---\n# Two\ntext\n---\n\n# Three\n"

    slides = split_slides(body, first_line=4)

    assert [(s.line, s.content) for s in slides] == [
        (4, "# One"), (6, "# Two\ntext"), (9, "# Three")
    ]


def test_a_notes_marker_inside_code_is_code():
    slides = split_slides("```\n???\nNote: not a note\n```\n")

    assert len(slides) == 1
    assert slides[0].notes == ""
    assert "Note: not a note" in slides[0].content


def test_text_after_note_colon_belongs_to_the_notes():
    [slide] = split_slides("# Title\nNote: remember the demo\nand the link\n")

    assert slide.content == "# Title"
    assert slide.notes == "remember the demo\nand the link"


def test_the_sample_deck_has_six_slides_and_notes_on_some(tmp_path):
    media = prepare_slides(
        "ceph-and-docker", "Ceph and Docker", "slides/ceph-and-docker.md", None,
        ROOT / "content", tmp_path, {}, talk_source="content/talks/ceph-and-docker.md",
    )

    source = (ROOT / "content" / "slides" / "ceph-and-docker.md").read_text(encoding="utf-8")
    separators = sum(1 for line in source.splitlines() if line == "---") - 2  # minus front matter
    assert len(media.deck.slides) == separators + 1 == 6
    assert [bool(s.notes_html) for s in media.deck.slides] == [True, True, False, False, True, False]
    assert media.warnings == ()
