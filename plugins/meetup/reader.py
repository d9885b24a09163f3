"""Pelican reader for Markdown files with YAML front matter.

It replaces Pelican's Markdown reader so pages, events, talks and speakers are all
written the same way.  The parsed front matter (with source positions) rides along
in the metadata under ``_document`` for the meetup generator, the body's poll chart
directives under ``kernel.contract.DIRECTIVES_KEY`` (contract item 3).
"""

from __future__ import annotations

import dataclasses
import os
from functools import cached_property
from pathlib import Path

import markdown
from kernel.contract import DIRECTIVES_KEY, Directive, Directives, recorded
from kernel.problems import Problem, display_path
from kernel.settings import SETTINGS_FILE
from kernel.workers import fork, worker_count
from pelican.readers import BaseReader

from . import schema, source_cache
from .code_region import CodeRegionExtension
from .errors import ContentError
from .sanitize import render_body
from .settings import DEFAULTS

EXTENSIONS = ["md", "markdown", "mkd", "mdown"]
# the bodies a page shows a poll chart in (a speaker's bio or a sponsor's text shows none)
DIRECTIVE_KINDS = ("page", "event", "talk")
NO_CHART_HERE = "poll chart directive: only a page, an event's recap or a talk's writeup can show a chart"


def _name(extension) -> str:
    """An extension's name as a setting spells it, "markdown.extensions." left off ("extra" is "extra")."""
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name.removeprefix("markdown.extensions.")


def markdown_extensions(md_settings: dict) -> tuple[list, dict]:
    """The extensions and their configs a MARKDOWN setting means, as Pelican's documentation reads it.

    Every key of ``extension_configs`` is an extension too (Pelican's default lists
    extra and codehilite only there), after those of ``extensions``, each once;
    "meta" is left out, front matter being YAML here.
    """
    configs = dict(md_settings.get("extension_configs") or {})
    extensions, seen = [], set()
    for extension in [*(md_settings.get("extensions") or []), *configs]:
        name = _name(extension)
        if name not in seen and name != "meta":
            seen.add(name)
            extensions.append(extension)
    return extensions, {key: value for key, value in configs.items() if _name(key) != "meta"}


def markdown_renderer(md_settings: dict, baselevel: int = 1):
    """A function rendering Markdown text with the site's MARKDOWN settings.

    ``baselevel`` is the HTML level a "#" heading gets; 2 shifts "## Part" to <h3> for a
    body the template places under a section heading of its own.
    """
    extensions, configs = markdown_extensions(md_settings)
    if baselevel != 1:
        toc = next((key for key in configs if _name(key) == "toc"), "markdown.extensions.toc")
        configs[toc] = {**configs.get(toc, {}), "baselevel": baselevel}
        if "toc" not in {_name(e) for e in extensions}:
            extensions.append(toc)
    settings = {**md_settings, "extensions": [*extensions, CodeRegionExtension()], "extension_configs": configs}
    return MarkdownRenderer(settings)


def markdown_problems(md_settings: dict) -> list[Problem]:
    """Why the MARKDOWN setting makes no Markdown engine (an extension that is not installed, an option
    it does not take), one problem of the settings file; none when it makes one.  Checked once when the
    build starts: the engines themselves are made on the first text, which a build reading every file
    from the cache never reaches."""
    try:
        markdown_renderer(md_settings).engine.reset()  # made (and reset) to see whether it can be
    except Exception as exc:  # whatever the extension raises: a mistake in the settings file
        return [Problem(SETTINGS_FILE, 0, 0, f"MARKDOWN makes no Markdown engine: {type(exc).__name__}: {exc}")]
    return []


class MarkdownRenderer:
    """``render(text)``: the HTML; ``render.directives``: the poll chart directives of that text.

    The directives' lines are the text's own (line 1 is its first line), as Markdown
    extensions keep them (kernel.contract, item 3).  The engine is made on the first text:
    a build that finds every file in the cache renders none, and making one (its extensions,
    Pygments) cost more than reading the cache.
    """

    def __init__(self, settings: dict):
        self.settings = settings

    @cached_property
    def engine(self) -> markdown.Markdown:
        return markdown.Markdown(**self.settings)

    def __call__(self, text: str) -> str:
        self.engine.reset()
        return self.engine.convert(text) if text else ""

    @property
    def directives(self) -> tuple[Directive, ...]:
        return recorded(self.engine) if "engine" in self.__dict__ else ()


def directives_in_file(directives: tuple[Directive, ...], file: str, first_line: int) -> Directives:
    """A body's directives placed in the author's file (the body starts at ``first_line``)."""
    return Directives(dataclasses.replace(d, file=file, line=d.line + first_line - 1) for d in directives)


class FrontMatterReader(BaseReader):
    enabled = True
    file_extensions = EXTENSIONS

    def __init__(self, settings):
        super().__init__(settings)
        self.render = markdown_renderer(settings["MARKDOWN"])
        # an event's recap sits under the template's "Recap" <h2>, so its "## Part" becomes <h3>
        self.render_recap = markdown_renderer(settings["MARKDOWN"], baselevel=2)
        folders = settings.get("MEETUP_PATHS") or DEFAULTS["MEETUP_PATHS"]
        self.folders = {kind: Path(settings.get("PATH", "."), folder) for kind, folder in folders.items()}
        self.events_folder = self.folders["event"]
        # parsed files are kept in the cache (meetup.source_cache); no cache folder, no keeping
        self.keep = source_cache.keeper(settings)

    def kind(self, source_path: str) -> str:
        """Which schema a file follows: its meetup folder's kind, else a plain Pelican page."""
        parents = Path(source_path).parents
        return next((kind for kind, folder in self.folders.items() if folder in parents), "page")

    def _renderer(self, source_path: str):
        return self.render_recap if self.events_folder in Path(source_path).parents else self.render

    def read(self, source_path):
        data = Path(source_path).read_bytes()
        if self.keep is None:
            return self._parse(source_path, data)
        return self.keep(source_cache.file_parts(str(source_path), data), lambda: self._parse(source_path, data))

    def _parse(self, source_path, data: bytes):
        shown = display_path(source_path, self.settings.get("PATH", "") + "/..")
        document, problems = schema.read(data, self.kind(source_path), shown)
        if problems:
            raise ContentError(problems)
        metadata = {"_document": document}
        problems = []
        for key, value in document.data.items():
            name = key.lower()
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                try:
                    metadata[name] = self.process_metadata(name, str(value))
                except (ValueError, TypeError, OverflowError) as exc:  # e.g. date: 2015-13-45
                    line, column = document.where(key)
                    problems.append(Problem(shown, line, column, f"invalid {key}: {exc}"))
            else:
                metadata[name] = value
        render = self._renderer(source_path)
        body, link_problems = render_body(render, document.data, document.body, shown, document.body_line)
        problems += link_problems
        directives = directives_in_file(render.directives, shown, document.body_line)
        problems += [Problem(shown, d.line, d.column, d.problem) for d in directives if d.problem]
        if directives and self.kind(source_path) not in DIRECTIVE_KINDS:
            problems += [Problem(shown, d.line, d.column, NO_CHART_HERE) for d in directives if not d.problem]
        metadata[DIRECTIVES_KEY] = directives
        if problems:
            raise ContentError(problems)
        return body, metadata


PARSE_AHEAD_MIN = 32  # fewer files to parse than this take less time than forking does


def parse_ahead(reader: FrontMatterReader, paths: list[str], workers: int | None = None) -> int:
    """Parse the files of ``paths`` (absolute, as Pelican hands them to readers) that the source cache
    lacks, in ``workers`` processes side by side (default: one per core), each stored in the cache; how
    many.  The build then reads them one by one, through Pelican, as ever, and finds them there: a
    cold build's Markdown is rendered on every core, and what it reads stays what one process reads.
    """
    keep = reader.keep
    if keep is None or not hasattr(os, "fork"):
        return 0
    missing = [path for path in paths if _lacks(keep, path)]
    count = min(worker_count(workers), len(missing) // (PARSE_AHEAD_MIN // 2))
    if count <= 1 or len(missing) < PARSE_AHEAD_MIN:
        return 0
    shares = [missing[start::count] for start in range(count)]
    children = []
    try:
        children = [fork(lambda share=share: _parse_all(reader, share)) for share in shares[1:]]
        _parse_all(reader, shares[0])
    except BaseException:  # interrupted, or no process to spare: nothing is left parsing on
        for child in children:
            child.stop()
        raise
    for child in children:
        try:
            child.result()
        except Exception:  # what a child could not store, the build parses (and reports) itself
            continue
    return len(missing)


def _lacks(keep: source_cache.Keeper, path: str) -> bool:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False  # the build's own reading reports it
    return not keep.stored(source_cache.file_parts(path, data))


def _parse_all(reader: FrontMatterReader, paths: list[str]) -> int:
    for path in paths:
        try:
            reader.read(path)
        except ContentError:
            continue  # never stored: the build reads the file again and reports its problems
    return len(paths)


def add_reader(readers) -> None:
    """readers_init handler: route every Markdown extension to the front matter reader."""
    for ext in EXTENSIONS:
        readers.reader_classes[ext] = FrontMatterReader
