"""The error type for slide and recording problems that would make a talk page wrong."""

from kernel.problems import InputError


class SlidesError(InputError):
    """A missing, unreadable or locked slide file; each problem names the file to fix."""
