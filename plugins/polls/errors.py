"""The poll engine's error type: every problem of a poll file, one line each."""

from __future__ import annotations

from kernel.problems import InputError, Problem

__all__ = ["NoData", "PollDataError", "Problem"]


class PollDataError(InputError):
    """Bad poll data (catalog, tally, export, index): carries every Problem found."""


class NoData(LookupError):
    """The aggregates hold nothing for what was asked: an unknown meetup, question, option or group.

    Its text is a plain sentence for the user ("no aggregates for survey 'x', question 'y'").
    """
