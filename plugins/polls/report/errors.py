"""The sponsor report's error type: bad options or nothing to report, one line per problem."""

from __future__ import annotations

from kernel.problems import InputError, Problem

__all__ = ["Problem", "ReportError"]


class ReportError(InputError):
    """The report cannot be made as asked (bad option, empty period, unknown sponsor, no polls)."""
