"""Where a site's survey folder (the polls plugin's POLLS_PATH) is.

Here rather than in the polls package: the build's up-to-date check needs the
folder, and importing polls loads pandas and matplotlib, most of a warm build.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_POLLS_PATH = "survey"


def survey_folder(settings: dict) -> Path:
    """The site's survey folder: a relative POLLS_PATH sits beside the content, like survey/ beside content/."""
    return Path(settings["PATH"]).parent / settings.get("POLLS_PATH", DEFAULT_POLLS_PATH)


__all__ = ["DEFAULT_POLLS_PATH", "survey_folder"]
