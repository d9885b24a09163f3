"""The whole contract between Recap's two Pelican plugins, in one place.

The site plugin (``meetup``) and the polls glue (``polls_site``) never read each
other's generators, context keys or objects' attributes beyond what is named
here, and never set attributes on each other's objects.  The build works
whatever the order of PLUGINS: the glue does its work once every generator's
context is ready (Pelican's ``all_generators_finalized``), not when its own turn
to read comes.

1. ``site_loaded``: sent by ``meetup`` once its model is read, checked and its
   URLs assigned, with the model (``meetup.model.Site``) as the sender.  A
   receiver may read the site's events, groups and talks (titles, dates,
   headcounts, URLs, rendered bodies); ``meetup.standalone.poll_events(site)``
   is what the poll engine needs of it.  Nothing is sent when the site has no
   meetup content (a site without the plugin).

2. ``context["polls"]``: one :class:`PollsContext`, put into Pelican's template
   context by ``polls_site`` (None when the site has no survey folder).  The
   theme reads the poll parts of event pages, the navigation link and the poll
   pages from it, and nothing else of the polls.

3. Directives in bodies (``[[poll ...]]``), one way from the Markdown parser to the
   page that is written:

   - ``polls_site`` adds its Markdown extension (``polls_site.directive``) to the
     ``MARKDOWN`` setting at ``initialized``, so every engine built from that setting
     has it: ``meetup``'s reader (pages, events, talks, speakers, ...) and Pelican's.
   - Where Markdown is parsed, the extension turns a paragraph holding only a
     directive into ``<div data-recap-poll="i"></div>`` and records it as the i-th
     :class:`Directive` of the text, in ``engine.recap_directives`` (:func:`recorded`),
     with its line and column in the text given to Markdown and its syntax problem,
     if any.  The rendered body holds no poll data, so it may be cached by its text.
   - The reader (``meetup.reader``) moves each position into the author's file (the
     front matter's lines above the body) and hands them on with the body as
     :class:`Directives`: in
     the metadata under :data:`DIRECTIVES_KEY` (Pelican pages) and as ``directives``
     beside ``body_html`` on the model's events and talks.  A syntax problem, or a
     directive where no chart can go (a speaker's bio, a front matter value), is a
     content problem at that position.
   - ``polls_site`` checks every recorded directive once the survey is read (a
     meetup, question, option or group without poll data is a problem at the
     directive's position) and publishes the figure of each as
     ``PollsContext.body_figures``.  Whoever writes a body (the theme's ``body``
     macro, ``meetup``'s events feed) writes ``directives.fill(html, figures)``,
     which puts the figures in place of the placeholders; without poll data (no
     ``polls``) each directive shows as the paragraph it was written as.  Nobody
     sets an attribute on the other plugin's objects.

Both plugins import this module; it imports neither of them, nor Pelican.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from blinker import signal
from markupsafe import Markup, escape

# sender: the site model (meetup.model.Site)
site_loaded = signal("recap.site_loaded")

POLLS_CONTEXT_KEY = "polls"

# a reader's metadata key: the body's directives, a tuple of Directive
DIRECTIVES_KEY = "_directives"
# where a Markdown extension keeps the directives of the text it last converted
RECORDED_ATTR = "recap_directives"


@dataclass(frozen=True)
class Directive:
    """One ``[[kind args]]`` paragraph, as recorded where Markdown was parsed."""

    kind: str  # "poll" or "poll-trend"
    args: tuple[str, ...]
    line: int  # 1-based, of the opening "[[": in the Markdown text, then (the reader) in the author's file
    column: int
    problem: str = ""  # what is wrong with its syntax ("" when it is well formed)
    file: str = ""  # the author's file as problems name it (set by the reader)

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """What its figure depends on: the same directive shows the same figure in any body."""
        return self.kind, self.args

    def literal(self) -> str:
        """The paragraph as written, for a body that shows no figure for it."""
        return f"<p>{escape(' '.join(('[[' + self.kind, *self.args)))}]]</p>"


# the i-th directive of a body renders as <div data-recap-poll="i"></div> until its figure is filled in
PLACEHOLDER_ATTRIBUTE = "data-recap-poll"
PLACEHOLDER = re.compile(rf'<div {PLACEHOLDER_ATTRIBUTE}="(\d+)"></div>')


def recorded(engine) -> tuple[Directive, ...]:
    """The directives of the text a Markdown engine last converted (none without the extension)."""
    return tuple(getattr(engine, RECORDED_ATTR, ()))


class Directives(tuple):
    """A body's directives, in the order of their placeholders (what the reader hands on with the body)."""

    def fill(self, html: str, figures: Mapping[tuple, str]) -> Markup:
        """``html`` (the rendered body) with each placeholder replaced by its directive's figure.

        Only placeholders the extension wrote are there (it refuses a body whose own HTML
        spells one); a directive without a figure (a site without poll data) shows as the
        paragraph it was written as.
        """
        def figure(match: re.Match) -> str:
            directive = self[int(match[1])]
            return str(figures.get(directive.key) or directive.literal())

        return Markup(PLACEHOLDER.sub(figure, html))

    def keys(self) -> tuple[tuple, ...]:
        """What the figures of these directives depend on (to ask ``PollsContext.body_figures_of``)."""
        return tuple(directive.key for directive in self)


@dataclass(frozen=True)
class PollsContext:
    """What the theme may read of the polls (``{{ polls.nav_url }}``, ``{{ polls.figure(chart) }}``, ...)."""

    nav_url: str  # the poll overview, relative to the site root
    downloads: Mapping[str, str]  # "csv" and "json": the aggregate downloads
    min_cell: int  # cells below this many people are suppressed (the pages say so)
    figure: Callable[[Any], Any]  # figure(chart): the chart's <figure> markup (partials/chart.html)
    event_figures: Mapping[str, list] = field(default_factory=dict)  # event slug -> its results tables, by topic
    body_figures: Mapping[tuple, str] = field(default_factory=dict)  # Directive.key -> its figure's markup

    # A page asks for its own figures, not for the whole mapping: the build keeps a page whose reads are
    # unchanged (recap_build/trace.py), and a page that read every meetup's figures would be made again
    # whenever any poll changed.
    def figures_of(self, event_slug: str) -> list | None:
        """The results tables of one meetup, by topic (None: it has no poll results)."""
        return self.event_figures.get(event_slug)

    def body_figures_of(self, keys: tuple[tuple, ...]) -> dict[tuple, str]:
        """The figures of the directives ``keys`` (``Directives.keys()``) of one body."""
        return {key: self.body_figures[key] for key in keys if key in self.body_figures}


__all__ = [
    "DIRECTIVES_KEY", "PLACEHOLDER", "PLACEHOLDER_ATTRIBUTE", "POLLS_CONTEXT_KEY", "RECORDED_ATTR", "Directive",
    "Directives", "PollsContext", "recorded", "site_loaded",
]
