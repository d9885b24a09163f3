"""Markdown slide decks: split into slides and speaker notes, render each with Markdown.

Syntax (docs/slides.md has the organizer's version):

- optional YAML front matter at the very top, between two ``---`` lines;
- a line holding only ``---`` separates slides, except inside fenced code;
- a line ``???`` (remark.js style) or a line starting ``Note:``/``Notes:``
  (reveal.js style) starts the speaker notes, which run to the end of the slide.

Because ``---`` separates slides, a horizontal rule inside a slide is written
``***`` or ``___``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import markdown
from kernel.positioned_yaml import decode
from kernel.problems import Problem
from markdown.extensions.toc import slugify as toc_slugify

from .. import frontmatter
from .errors import SlidesError
from .model import Deck, DeckSlide
from .settings import SlidesSettings

FRONT_MATTER_KEYS = ("title",)
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NOTES = re.compile(r"^notes?:", re.IGNORECASE)


@dataclass(frozen=True)
class SlideSource:
    """One slide's Markdown before rendering, with the line it starts on (1-based)."""

    line: int
    content: str
    notes: str


_BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|br|div|blockquote|pre|tr|td|th|dd|dt)\b[^>]*>")


def html_text(html: str) -> str:
    """The words of rendered HTML, one space between them (for JSON-LD text fields)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", _BLOCK_TAG.sub(" ", html))).split())


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and stripped.startswith(fence[0] * len(fence))
        and set(stripped) == {fence[0]}
    )


def split_slides(body: str, first_line: int = 1) -> list[SlideSource]:
    """Cut a deck body into slides; ``first_line`` is the body's line number in the file."""
    slides: list[SlideSource] = []
    content: list[str] = []
    notes: list[str] | None = None
    start = first_line
    fence: str | None = None

    def finish() -> None:
        text, note_text = "".join(content).strip("\n"), "".join(notes or []).strip("\n")
        if text.strip() or note_text.strip():
            slides.append(SlideSource(start, text, note_text))

    for offset, line in enumerate(body.splitlines(keepends=True)):
        number = first_line + offset
        target = notes if notes is not None else content
        if fence is not None:
            target.append(line)
            if _closes(line, fence):
                fence = None
            continue
        if (opened := _FENCE_OPEN.match(line)) is not None:
            fence = opened.group(1)
            target.append(line)
            continue
        if line.rstrip() == "---":
            finish()
            content, notes, start = [], None, number + 1
            continue
        if notes is None and (line.strip() == "???" or _NOTES.match(line)):
            notes = []
            rest = line.split(":", 1)[1].lstrip() if _NOTES.match(line) else ""
            if rest.strip():
                notes.append(rest)
            continue
        target.append(line)
    finish()
    return slides


def _renderer(settings: SlidesSettings) -> markdown.Markdown:
    try:
        # The deck page's own <h1> is the deck title, so a slide's "# Heading" becomes an <h2>:
        # one <h1> per page keeps the heading outline valid for screen readers.
        return markdown.Markdown(
            extensions=[*settings.markdown_extensions, "toc"],
            extension_configs={"toc": {"baselevel": 2, "anchorlink": False, "permalink": False}},
            output_format="html",
        )
    except (ImportError, AttributeError, TypeError) as exc:
        raise SlidesError(
            Problem("pelicanconf.py", 0, 0, f"MEETUP_SLIDES_MARKDOWN_EXTENSIONS: {exc}")
        ) from None


def render_markdown(renderer: markdown.Markdown, text: str) -> str:
    renderer.reset()
    return renderer.convert(text) if text.strip() else ""


def read_transcript(path: Path, display_name: str) -> str:
    """A transcript file's Markdown (UTF-8 or UTF-16 with BOM, like all content)."""
    text, problems = decode(path.read_bytes(), display_name)
    if text is None:
        raise SlidesError(problems)
    return text


_HEADING = re.compile(r"<h([1-6])\b")


def _transcript_id(words: str, separator: str) -> str:
    # prefixed, so a heading "Recording" cannot take an id the talk page already uses
    return "transcript-" + toc_slugify(words, separator)


def _transcript_renderer(settings: SlidesSettings, baselevel: int) -> markdown.Markdown:
    renderer = markdown.Markdown(
        extensions=[*settings.markdown_extensions, "toc"],
        extension_configs={"toc": {"baselevel": baselevel, "anchorlink": False, "permalink": False,
                                   "slugify": _transcript_id}},
        output_format="html",
    )
    # Transcripts are pasted from captioning tools: an angle bracket in them is text, not markup.
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    return renderer


def render_transcript(text: str, settings: SlidesSettings) -> tuple[str, str]:
    """(HTML for the talk page, plain text for the VideoObject's transcript).

    The transcript sits under the page's <h2>Transcript</h2>, so its own top
    heading level becomes <h3>, whichever level it was written with.
    """
    html = render_markdown(_transcript_renderer(settings, 1), text)
    levels = [int(level) for level in _HEADING.findall(html)]
    if levels and min(levels) != 3:
        html = render_markdown(_transcript_renderer(settings, max(1, 4 - min(levels))), text)
    return html, html_text(html)


def read_deck(
    path: Path,
    display_name: str,
    source_rel: str,
    output: str,
    fallback_title: str,
    settings: SlidesSettings,
) -> tuple[Deck, list[Problem]]:
    """Parse and render the deck at ``path``; returns the deck and warnings.

    Raises SlidesError naming ``display_name`` when the deck cannot be shown as written.
    """
    text, problems = decode(path.read_bytes(), display_name)  # UTF-8 or UTF-16 with BOM, like all content
    if text is None:
        raise SlidesError(problems)
    document, problems = frontmatter.parse(text, display_name)
    if document is None:
        raise SlidesError(problems)
    warnings: list[Problem] = []
    for key in sorted(set(document.data) - set(FRONT_MATTER_KEYS)):
        line, column = document.where(key)
        warnings.append(Problem(display_name, line, column, f"unknown deck setting {key!r} ignored"))
    title = document.data.get("title", fallback_title)
    if not isinstance(title, str) or not title.strip():
        line, column = document.where("title")
        raise SlidesError(Problem(display_name, line, column, "title must be a piece of text"))

    sources = split_slides(document.body, document.body_line)
    if not sources:
        raise SlidesError(Problem(display_name, document.body_line, 1, "the deck has no slides"))
    renderer = _renderer(settings)
    slides = tuple(
        DeckSlide(render_markdown(renderer, s.content), render_markdown(renderer, s.notes))
        for s in sources
    )
    return Deck(source_rel, title.strip(), slides, output), warnings
