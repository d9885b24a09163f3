"""Bringing data in over the network, on purpose only: never imported by `invoke build`.

A plain library (no Pelican): the invoke tasks ``fetch-polls``, ``import-schedule``,
``import-meetup`` and ``linkcheck`` read the settings and call into it.

Modules, one job each:

- :mod:`netdata.http`: the one place sessions are built (timeouts, retries,
  User-Agent, redirect policy) and bodies are read within a size limit
- :mod:`netdata.atomic`: temp file + rename writes, JSON state files
- :mod:`netdata.settings`: every network setting declared once (kernel.settings.Setting records)
- :mod:`netdata.fetch_polls`: remote poll sheets into survey/
- :mod:`netdata.generated`: Markdown files written by importers, with hand-edit protection
- :mod:`netdata.schedule_import`: pretalx / frab schedule JSON into talk and speaker files
- :mod:`netdata.meetup_import`: one Meetup.com event into an event file
- :mod:`netdata.linkcheck`: external links of the built site
- :mod:`netdata.commands`: what each task does, returning an exit code
"""

from .errors import NetworkDataError

__all__ = ["NetworkDataError"]
