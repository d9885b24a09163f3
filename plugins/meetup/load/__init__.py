"""Turn parsed content files into a checked :class:`meetup.model.Site`.

Every problem found in any file is collected and raised at the end as one
:class:`ContentError`, so an organizer sees all mistakes at once.  By job:

    fields      parsing primitives of front matter values (dates, times, headcounts, lists)
    source      the content files, the problems found, the state the loaders share, slugs
    urls        URL safety: http(s) links only, local files under content/
    people      the people registry: one Person per name
    entities    groups, sponsors, events and talks from their files
    programme   each event's programme linked, the whole Site built: build_site
"""

from .programme import build_site
from .source import KINDS, Keep, Source, make_now

__all__ = ["KINDS", "Keep", "Source", "build_site", "make_now"]
