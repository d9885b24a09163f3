"""The poll engine's error type: every problem of a poll file, one line each."""

from __future__ import annotations

from kernel.problems import InputError, Problem

__all__ = ["PollDataError", "Problem"]


class PollDataError(InputError):
    """Bad poll data (catalog, tally, export, index): carries every Problem found."""
