"""The poll chart directive, recognised where Markdown is parsed: a paragraph holding only ``[[poll ...]]``.

    [[poll docker-brno-2 experimenting]]            one meetup's results for a question
    [[poll-trend containers_in_production yes]]      a question's trend (all polled meetups)
    [[poll-trend containers_in_production yes demo-city-cloud-native]]   ... of one group

A Python-Markdown extension (``extensions=["polls_site.directive"]``; the glue adds it
to the MARKDOWN setting): a block processor takes a top-level paragraph that is only a
directive, records it (kind, arguments, line, column, syntax problem) in
``engine.recap_directives`` and leaves the contract's placeholder element in its place.
Code blocks, inline code and raw HTML never reach it, so a directive there stays text.
Nothing of the polls is read here: the figures are filled in when the page is written
(kernel.contract, item 3).

Python-Markdown keeps no source positions, so the extension keeps them itself: the
lines as the author wrote them (after Markdown's whitespace normalisation, which keeps
the line count) are matched against the lines the block parser gets (fenced code and
raw HTML are stashed into one-line placeholders by then), and a block's offset is where
the blocks still to parse begin.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from kernel.contract import PLACEHOLDER, PLACEHOLDER_ATTRIBUTE, RECORDED_ATTR, Directive
from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

NAME = "polls_site.directive"  # what the MARKDOWN setting's extensions list it as
KINDS = {"poll": (2,), "poll-trend": (2, 3)}  # kind -> how many arguments it takes
USAGE = "expected [[poll MEETUP QUESTION]] or [[poll-trend QUESTION OPTION [GROUP]]]"
PREFIX = "poll chart directive: "
PARAGRAPH = re.compile(r"\[\[(poll|poll-trend)((?:\s+[^\s\[\]<>]+)*)\s*\]\]")
# where a body's own HTML spells a placeholder (which would be filled with the wrong figure)
RESERVED = re.compile(re.escape(PLACEHOLDER_ATTRIBUTE), re.IGNORECASE)


def chart_key(directive: Directive) -> str:
    """The chart a well-formed directive shows (polls_site's keys: results/..., trend/...)."""
    if directive.kind == "poll":
        return f"results/{directive.args[0]}/{directive.args[1]}"
    group = directive.args[2] if len(directive.args) == 3 else "all"
    return f"trend/{group}/{directive.args[0]}/{directive.args[1]}"


class _Source(Preprocessor):
    """Keeps the text's lines as the author wrote them (numbered as the author's editor does)."""

    def __init__(self, md, extension: PollDirectiveExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.written = lines
        return lines


class _Paragraph(BlockProcessor):
    """A top-level paragraph that is only a directive."""

    def __init__(self, parser, extension: PollDirectiveExtension):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block: str) -> bool:
        return parent is self.parser.root and PARAGRAPH.fullmatch(block.strip()) is not None

    def run(self, parent, blocks: list[str]) -> None:
        # the blocks still to parse are the end of the parser's text; blocks[0] may be the
        # remainder of a block a processor split (a suffix: it ends where that block ended)
        text = "\n".join(self.parser.md.lines)
        offset = len(text) - len("\n\n".join(blocks))
        block = blocks.pop(0)
        if text[offset : offset + len(block)] != block:  # a processor's prefix, parsed on its own
            offset = max(text.find(block, self.extension.offset), 0)
        self.extension.offset = offset + len(block)
        match = PARAGRAPH.fullmatch(block.strip())
        kind, args = match[1], tuple(match[2].split())
        line, column = self.extension.position(text, offset + len(block) - len(block.lstrip()))
        problem = "" if len(args) in KINDS[kind] else PREFIX + USAGE
        found = self.extension.found
        found.append(Directive(kind, args, line, column, problem))
        parent.append(parent.makeelement("div", {PLACEHOLDER_ATTRIBUTE: str(len(found) - 1)}))


class _Reserved(Postprocessor):
    """A placeholder the extension did not write (the body's own HTML) is a problem."""

    def __init__(self, md, extension: PollDirectiveExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if len(PLACEHOLDER.findall(text)) > len(self.extension.found):
            line, column = next(((number, match.start() + 1) for number, written in enumerate(self.extension.written, 1)
                                 if (match := RESERVED.search(written))), (1, 1))
            message = f"{PREFIX}{PLACEHOLDER_ATTRIBUTE} is reserved for [[poll ...]] paragraphs"
            self.extension.found.append(Directive("", (), line, column, message))
        return text


class PollDirectiveExtension(Extension):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.reset()

    def reset(self) -> None:
        self.found: list[Directive] = []
        self.written: list[str] = []
        self.offset = 0
        self._aligned: dict[int, int] | None = None
        if hasattr(self, "md"):
            setattr(self.md, RECORDED_ATTR, self.found)

    def extendMarkdown(self, md) -> None:
        self.md = md
        md.registerExtension(self)  # reset() with the engine's
        setattr(md, RECORDED_ATTR, self.found)
        # after normalize_whitespace (30), before fenced code (25) and raw HTML (20) stash anything
        md.preprocessors.register(_Source(md, self), "recap_poll_source", 29)
        # after link references (15), before plain paragraphs (10)
        md.parser.blockprocessors.register(_Paragraph(md.parser, self), "recap_poll", 12)
        md.postprocessors.register(_Reserved(md, self), "recap_poll_reserved", 0)

    def position(self, text: str, offset: int) -> tuple[int, int]:
        """1-based line and column in the author's text of ``offset`` in the parser's text."""
        parsed = text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        if self._aligned is None:  # once per text, when it has a directive
            self._aligned = _alignment(self.written, self.md.lines)
        return self._aligned.get(parsed, parsed) + 1, column


def _alignment(written: list[str], parsed: list[str]) -> dict[int, int]:
    """Index in ``parsed`` -> index in ``written`` of every line the preprocessors left as it was."""
    matcher = SequenceMatcher(None, written, parsed, autojunk=False)
    return {b + i: a + i for a, b, size in matcher.get_matching_blocks() for i in range(size)}


def makeExtension(**kwargs) -> PollDirectiveExtension:  # noqa: N802 (Python-Markdown's name)
    return PollDirectiveExtension(**kwargs)
