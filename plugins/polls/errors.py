"""The poll engine's error types: bad poll data, and a request for figures the polls do not hold.

Neither is a built-in exception: a caller that catches them catches only them, so a
KeyError or ValueError raised by a bug deep in the engine stays a bug (a traceback,
or the build's "internal error" line) instead of being shown as a user's mistake.
"""

from __future__ import annotations

from kernel.problems import InputError, Problem

__all__ = ["NoData", "PollDataError", "Problem"]


class PollDataError(InputError):
    """Bad poll data (catalog, tally, export, index): carries every Problem found."""


class NoData(Exception):
    """The aggregates hold nothing for what was asked: an unknown meetup, question, option or group.

    Its text is a plain sentence for the user ("no aggregates for survey 'x', question 'y'"); the
    caller knows where the request was written (a directive's file and line) and says so.  Not a
    LookupError, so ``except NoData`` never swallows a KeyError.
    """
