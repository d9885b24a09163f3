"""The site's search index: Pagefind run over the staging folder before it is swapped in.

Pagefind reads the built HTML (what to index is marked in the theme with
``data-pagefind-body`` / ``-meta`` / ``-filter``), writes one index per page
language under ``pagefind/`` and ships the browser code that searches it, so
search needs no server and no third-party request.  It runs offline and its
output is byte-identical for the same pages.  A large site's index is made in
parts (meetup/search_parts.py), each a Pagefind run of its own, side by side.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kernel.problems import InputError, Problem

from .search_parts import INDEX_FILES, MANIFEST, Part, manifest

BUNDLE = "pagefind"  # the folder under the site root; the search page loads its scripts from there
REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


class SearchIndexError(Exception):
    """Pagefind ran but could not index the site (its last line of output says why)."""


def pagefind_command(site: Path, bundle: Path | None = None) -> list[str]:
    """The Pagefind call for ``site`` (writing into ``bundle``, by default site/pagefind); a missing binary is
    one line pointing at its pin."""
    try:
        from pagefind_bin import get_executable

        executable = get_executable()
    except (ImportError, FileNotFoundError):
        raise InputError(_not_installed()) from None
    # keep index.html in result links: the site's own links end in it, so results also work from a sub-path
    # absolute paths: Pagefind runs in a working folder of its own (_run)
    output = ["--output-path", str(bundle.absolute())] if bundle is not None else ["--output-subdir", BUNDLE]
    return [str(executable), "--site", str(site.absolute()), *output, "--keep-index-url", "--silent"]


def index_site(site: Path) -> None:
    """Write the search index of the built site in ``site`` (the staging folder) into ``site/pagefind``."""
    _run(pagefind_command(site))


def index_parts(site: Path, parts: list[Part], workers: int | None = None) -> None:
    """Write the index of each of ``parts`` into its folder of ``site``, as many at once as there are cores."""
    if not parts:
        return
    with ThreadPoolExecutor(max_workers=min(len(parts), workers or os.cpu_count() or 1)) as pool:
        for _done in pool.map(lambda part: _index_part(site, part), parts):
            pass  # map re-raises the first failure


def write_manifest(site: Path, parts: list[Part]) -> None:
    """The list of parts the search page merges, beside the primary's scripts."""
    (site / BUNDLE).mkdir(parents=True, exist_ok=True)
    (site / BUNDLE / MANIFEST).write_bytes(manifest(parts, BUNDLE))


def _index_part(site: Path, part: Part) -> None:
    bundle = site / part.folder
    if any(GLOB_CANNOT_SAY in rel for rel in part.pages):
        _index_linked(site, part, bundle)
    else:
        # Pagefind picks the part's pages out of the site itself: the same index as of a folder of just those
        # pages, without the folder (a mkdir per page, 0.2 to 0.3 ms each, 3 s of a cold build at 1,200 events)
        _run(pagefind_command(site, bundle), glob="{" + ",".join(_glob_escaped(rel) for rel in part.pages) + "}")
    if not part.primary:
        _keep_only_index_files(bundle)


# Pagefind's glob syntax escapes its metacharacters with a backslash, but has no way to match a backslash
GLOB_META = frozenset("?*$:<>()[]{},")
GLOB_CANNOT_SAY = "\\"


def _glob_escaped(rel: str) -> str:
    return "".join("\\" + c if c in GLOB_META else c for c in rel)


def _index_linked(site: Path, part: Part, bundle: Path) -> None:
    # a page the glob cannot name: the part's pages are linked into a folder of their own, at the same paths so
    # the results link to them; a dot folder, so no other part's Pagefind or page listing takes it for the site's
    with tempfile.TemporaryDirectory(prefix=".search-part-", dir=site) as pages:
        for rel in part.pages:
            target = Path(pages, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / rel, target)
            except OSError:  # a filesystem without hard links
                shutil.copyfile(site / rel, target)
        _run(pagefind_command(Path(pages), bundle))


def _keep_only_index_files(bundle: Path) -> None:
    for path in list(bundle.rglob("*")):
        rel = path.relative_to(bundle).as_posix()
        if path.is_file() and not INDEX_FILES.match(rel):
            path.unlink()


def _run(command: list[str], glob: str | None = None) -> None:
    # Pagefind reads a pagefind.json/.yml/.toml from its working folder: an empty one of our own, so a file of the
    # organizer's cannot change the index, and one that carries the glob, which as an argument would outgrow the
    # operating system's limit on one (128 KiB on Linux, 32 KiB for a whole command line on Windows)
    with tempfile.TemporaryDirectory(prefix="recap-pagefind-") as folder:
        if glob is not None:
            Path(folder, "pagefind.json").write_text(json.dumps({"glob": glob}), encoding="utf-8")
        run = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=folder)
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


__all__ = ["BUNDLE", "SearchIndexError", "index_parts", "index_site", "pagefind_command", "write_manifest"]
