"""The site's search index: Pagefind run over the staging folder before it is swapped in.

Pagefind reads the built HTML (what to index is marked in the theme with
``data-pagefind-body`` / ``-meta`` / ``-filter``), writes one index per page
language under ``pagefind/`` and ships the browser code that searches it, so
search needs no server and no third-party request.  It runs offline and its
output is byte-identical for the same pages.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from kernel.problems import InputError, Problem

BUNDLE = "pagefind"  # the folder under the site root; the search page loads its scripts from there
REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


class SearchIndexError(Exception):
    """Pagefind ran but could not index the site (its last line of output says why)."""


def pagefind_command(site: Path) -> list[str]:
    """The Pagefind call for ``site``; a missing binary is one line pointing at its pin."""
    try:
        from pagefind_bin import get_executable

        executable = get_executable()
    except (ImportError, FileNotFoundError):
        raise InputError(_not_installed()) from None
    # keep index.html in result links: the site's own links end in it, so results also work from a sub-path
    return [str(executable), "--site", str(site), "--output-subdir", BUNDLE, "--keep-index-url", "--silent"]


def index_site(site: Path) -> None:
    """Write the search index of the built site in ``site`` (the staging folder) into ``site/pagefind``."""
    run = subprocess.run(pagefind_command(site), capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if run.returncode:
        said = (run.stderr or run.stdout).strip().splitlines()
        raise SearchIndexError(f"pagefind could not index the site: {said[-1] if said else f'exit {run.returncode}'}")


def _not_installed() -> Problem:
    """Where the pin is, so the fix (installing the requirements) is plain."""
    line = 0
    if REQUIREMENTS.is_file():
        lines = REQUIREMENTS.read_text(encoding="utf-8").splitlines()
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("pagefind")), 0)
    return Problem(str(REQUIREMENTS.name if line else "pagefind"), line, 1 if line else 0,
                   "pagefind is not installed; the build needs it for the search index "
                   "(pip install -r requirements.txt)")


__all__ = ["BUNDLE", "SearchIndexError", "index_site", "pagefind_command"]
