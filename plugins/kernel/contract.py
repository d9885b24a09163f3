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

Both plugins import this module; it imports neither of them, nor Pelican.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from blinker import signal

# sender: the site model (meetup.model.Site)
site_loaded = signal("recap.site_loaded")

POLLS_CONTEXT_KEY = "polls"


@dataclass(frozen=True)
class PollsContext:
    """What the theme may read of the polls (``{{ polls.nav_url }}``, ``{{ polls.figure(chart) }}``, ...)."""

    nav_url: str  # the poll overview, relative to the site root
    downloads: Mapping[str, str]  # "csv" and "json": the aggregate downloads
    min_cell: int  # cells below this many people are suppressed (the pages say so)
    figure: Callable[[Any], Any]  # figure(chart): the chart's <figure> markup (partials/chart.html)
    event_charts: Mapping[str, list] = field(default_factory=dict)  # event slug -> its charts, in order


__all__ = ["POLLS_CONTEXT_KEY", "PollsContext", "site_loaded"]
