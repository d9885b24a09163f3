"""The error type for bad or unreachable remote data (poll sheets, schedules, Meetup, links)."""

from kernel.problems import InputError


class NetworkDataError(InputError):
    """Remote data that could not be fetched or is not what was expected.

    The problem's ``file`` is the URL (or local path) of the source, so the user
    sees which source failed and why, one line each.
    """
