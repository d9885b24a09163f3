"""The error type for bad site content (events, talks, speakers, groups, sponsors)."""

from kernel.problems import InputError


class ContentError(InputError):
    """One or more problems in content/ files; each prints as ``file:line:column: message``."""
